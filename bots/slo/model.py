"""The vocabulary of the SLO engine: reminder levels, their states, and one evaluated check."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bots import markers
from bots.labels import LabelSpec

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar


class Status(StrEnum):
    """Where one reminder level of one issue stands at one moment."""

    NOT_APPLICABLE = "not applicable"  # the SLO does not cover this issue (now)
    PENDING = "pending"  # the clock runs; the level is not reached yet
    MET = "met"  # the objective is met: nothing to remind (and an open reminder clears)
    DUE = "due"  # the level is reached: the reminder should be showing
    UNKNOWN = "unknown"  # deciding needs the notes, which were not read


@dataclass(frozen=True)
class Level:
    """One reminder level: its note marker, its label, its template and the handbook rule it enforces."""

    key: str
    label: str  # `slo::...`: shown while the reminder is open; `setup` creates it
    template: str  # the reminder note, Jinja (the resolved note is common: bots/messages/slo_resolved.md.j2)
    rule: str  # quoted verbatim from the handbook ("" for a team rule)
    severity: int  # higher is worse: on GitLab Premium only the worst `slo::` label can stay
    color: str  # of the label, `#RRGGBB`
    description: str  # of the label

    @functools.cached_property  # asked for every level of every request (frozen: set in __dict__)
    def marker(self) -> str:
        return markers.note_marker("slo", self.key)

    @property
    def label_spec(self) -> LabelSpec:
        return LabelSpec(self.label, self.color, self.description)


class Deferred(Mapping[str, Any]):
    """Template values composed on first use: a note's wording (local times above all) is most of a
    rule's cost, and most checks of a run are never written as a note."""

    __slots__ = ("_make", "_values")

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make = make
        self._values: dict[str, Any] | None = None

    def _all(self) -> dict[str, Any]:
        if self._values is None:
            self._values = dict(self._make())
        return self._values

    def __getitem__(self, key: str) -> Any:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True, init=False)
class Check:
    """One level evaluated for one issue: enough to decide, to explain, and to write the note."""

    level: Level
    status: Status
    why: str  # one sentence, for `explain` and for a "no longer applies" note
    clock_start: datetime | None = None
    due: datetime | None = None
    calendar: BusinessCalendar | None = None  # the recipients' business calendar
    recipients: tuple[str, ...] = ()  # usernames or group paths to mention
    context: Mapping[str, Any] = field(default_factory=dict)  # template values (strings are escaped)
    resolution: str = ""  # when MET: how it was met, for the resolved note
    superseded_by: str | None = None  # a later level of the same SLO; if that one is due, skip this
    remember: tuple[tuple[str, Any], ...] = ()  # record fields to set, so the notes need not be read again
    active: bool = field(init=False, repr=False, compare=False)  # DUE: the reminder should be showing

    def __init__(self, level: Level, status: Status, why: str, clock_start: datetime | None = None,
                 due: datetime | None = None, calendar: BusinessCalendar | None = None,
                 recipients: tuple[str, ...] = (), context: Mapping[str, Any] | None = None,
                 resolution: str = "", superseded_by: str | None = None,
                 remember: tuple[tuple[str, Any], ...] = ()) -> None:
        # The fields above, set at once: a frozen dataclass's own __init__ sets each through
        # `object.__setattr__`, six times slower, and a run builds about ten checks per request.
        self.__dict__.update(
            level=level, status=status, why=why, clock_start=clock_start, due=due, calendar=calendar,
            recipients=recipients, context={} if context is None else context, resolution=resolution,
            superseded_by=superseded_by, remember=remember, active=status is Status.DUE)
