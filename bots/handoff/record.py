"""The handoff bot's signed record in a request's description: the SA it last saw, and the last handoff
(its number, the SAs, and whether it is done; its progress is read from the bot's own notes).

Only the bot can write it (`<!-- sa-triage:handoff {...} sig=... -->`); a person's edit of it reads
as no record at all. `sa` is the last non-empty set of SAs assigned: an unassign leaves it, so the
SA who takes the request next is handed it by the one who had it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bots import markers

KIND = "handoff"


@dataclass(frozen=True)
class Handoff:
    n: int  # the request's handoff number (1, 2, ...): one checklist note each
    outgoing: tuple[str, ...]
    incoming: tuple[str, ...]
    posted: datetime | None = None  # when the checklist went out (None: waiting for business hours)
    reminded: bool = False
    done: bool = False
    on: int | None = None  # filed as an SA Handoff issue: its checklist lives there (tracked there)

    @property
    def open(self) -> bool:
        return not self.done


@dataclass(frozen=True)
class Record:
    sa: tuple[str, ...] = ()
    last: Handoff | None = None

    def with_handoff(self, h: Handoff) -> Record:
        return replace(self, last=h)

    @property
    def count(self) -> int:
        return self.last.n if self.last else 0


def _names(value: Any) -> tuple[str, ...]:
    return tuple(sorted(str(x) for x in value)) if isinstance(value, list) else ()


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def read(description: str | None, key: bytes) -> Record | None:
    """The record in `description`, or None (absent, or not signed by the bot)."""
    data = markers.read_signed_comment(description, KIND, key)
    if data is None:
        return None
    h = data.get("last")
    last = None
    if isinstance(h, dict) and isinstance(h.get("n"), int):
        on = h.get("on") if isinstance(h.get("on"), int) else None
        last = Handoff(h["n"], _names(h.get("from")), _names(h.get("to")), _time(h.get("posted")),
                       bool(h.get("reminded")), bool(h.get("done")), on)
    return Record(_names(data.get("sa")), last)


def to_data(r: Record) -> dict[str, Any]:
    data: dict[str, Any] = {"sa": list(r.sa)}
    if r.last is not None:
        h = r.last
        # `posted` and `reminded` come from the bot's notes (legacy records still carry them: read,
        # and dropped on the next write), so a handoff's steps do not edit the description.
        data["last"] = {"n": h.n, "from": list(h.outgoing), "to": list(h.incoming), "done": h.done}
        if h.on is not None:  # written only for a filed handoff: older records stay as they were
            data["last"]["on"] = h.on
    return data


def comment(r: Record, key: bytes) -> str:
    return markers.signed_comment(KIND, to_data(r), key)
