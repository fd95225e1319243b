"""SLO settings from `sa-triage.yml` (`slo:`): one section per registered rule, each read by its rule.

Every key has a default; errors name the key path; unknown keys are errors. Each rule module declares its
section: a `RuleSettings` dataclass with the handbook defaults and a reader built from the helpers
below (`bots.slo.rules` registers the rules). This module knows no rule, so everything may import it.

The `read_*` helpers read one key as `Node.field` does: a bad value's error is collected in the
node's `found` and the default returned, so a rule's reader goes on to its next key and one reading
reports every bad value (a check across two keys asks `Node.fine` first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bots.schema import Node

if TYPE_CHECKING:
    from bots.config import Config


@dataclass(frozen=True)
class RuleSettings:
    """A rule's settings (subclassed by each rule, every field with its default); all take `enabled`."""

    enabled: bool = True

    def labels(self) -> tuple[str, ...]:
        """Labels these settings name (people set them); they must be declared, so `setup` creates them."""
        return ()


S = TypeVar("S", bound=RuleSettings)
S_co = TypeVar("S_co", bound=RuleSettings, covariant=True)


@dataclass(frozen=True)
class Known:
    """What settings are checked against (None: not checked): labels declared, and the regions."""

    labels: AbstractSet[str] | None = None
    regions: AbstractSet[str] | None = None


class Section(Protocol[S_co]):
    """What the settings need of a rule: its key under `slo:`, its defaults and its reader."""

    @property
    def key(self) -> str: ...
    @property
    def defaults(self) -> S_co: ...
    @property
    def read(self) -> Callable[[Node, Known], S_co]: ...


@dataclass(frozen=True, init=False)
class SloSettings:
    business_hours_only: bool  # notes that mention people wait for the recipients' hours
    rules: tuple[tuple[str, RuleSettings], ...]  # each rule's settings by its key (absent: its defaults)
    _by_key: dict[str, RuleSettings] = field(init=False, repr=False, compare=False)  # `rules`, for `of`

    def __init__(self, business_hours_only: bool = True, rules: Iterable[tuple[str, RuleSettings]] = (),
                 **by_key: RuleSettings) -> None:
        """`by_key` replaces sections of `rules` (so `replace(s, triage=...)` works)."""
        values = dict(rules)
        unknown = sorted(set(by_key) - set(values))
        if unknown:
            raise TypeError(f"no SLO section {', '.join(unknown)}")
        object.__setattr__(self, "business_hours_only", business_hours_only)
        object.__setattr__(self, "rules", tuple((values | by_key).items()))
        object.__setattr__(self, "_by_key", dict(self.rules))  # `of` runs for every rule of every request

    def of(self, rule: Section[S]) -> S:
        """The rule's settings (its defaults when these settings have no section for it)."""
        value = self._by_key.get(rule.key, rule.defaults)
        if not isinstance(value, type(rule.defaults)):
            raise TypeError(f"slo.{rule.key}: {type(value).__name__}, not {type(rule.defaults).__name__}")
        return value

    def __getattr__(self, key: str) -> Any:
        """`s.triage`: a section by its key, for callers outside the rules (rules use `of`, typed)."""
        for name, value in self.__dict__.get("rules", ()):
            if name == key:
                return value
        raise AttributeError(f"{type(self).__name__} has no SLO section {key!r}")

    def labels_used(self) -> set[str]:
        """Labels the settings name (they must be declared under `labels:` or by a rule)."""
        return {name for _, value in self.rules for name in value.labels()}


def slo_settings(cfg: Config) -> SloSettings:
    """The `slo:` section (declared with the rules: `bots.slo.rules.SECTION`)."""
    return cfg.section(SloSettings)


def parse_slo(node: Node, rules: Iterable[Section[RuleSettings]], *, labels: set[str] | None = None,
              regions: set[str] | None = None) -> SloSettings:
    """`slo:` as typed settings, one section per rule; `labels`/`regions`, when given, are checked."""
    rules = tuple(rules)
    node.keys({"business_hours_only", *(r.key for r in rules)})
    known = Known(labels, regions)
    return SloSettings(node.typed("business_hours_only", bool, True), tuple(
        (r.key, node.field(r.key, partial(_read_rule, rule=r, known=known), r.defaults)) for r in rules))


def _read_rule(node: Node, rule: Section[RuleSettings], known: Known) -> RuleSettings:
    return rule.read(node, known)


def read_enabled(node: Node, keys: set[str]) -> bool:
    """`enabled` (true); any key of the section besides `keys` and `enabled` is an error."""
    node.keys(keys | {"enabled"})
    return node.typed("enabled", bool, True)


def read_days(node: Node, default: int, *, minimum: int = 0) -> int:
    def days() -> int:
        value = node.get(int, default)
        if value < minimum:
            raise node.error(f"must be at least {minimum}, got {value}")
        return value
    return node.collect(days, default)


def read_labels(node: Node, default: tuple[str, ...], known: Known) -> tuple[str, ...]:
    def labels() -> tuple[str, ...]:
        if node.value is None:
            return default
        names = node.strings()
        for i, name in enumerate(names):
            if known.labels is not None and name not in known.labels:
                node.child(i).reject(f"label {name!r} is not declared under labels")
        return names
    return node.collect(labels, default)


def read_label(node: Node, default: str, known: Known) -> str:
    """One label the rule follows or sets; it must be declared (so `setup` creates it)."""
    def label() -> str:
        name = node.get(str, default)
        if known.labels is not None and name not in known.labels:
            raise node.error(f"label {name!r} is not declared under labels")
        return name
    return node.collect(label, default)


def read_heading(node: Node, default: str) -> str:
    def heading() -> str:
        text = node.get(str, default).strip()
        if not text:
            raise node.error("must not be empty")
        return text
    return node.collect(heading, default)
