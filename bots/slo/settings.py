"""SLO settings from `sa-triage.yml` (`slo:`): one section per registered rule, each read by its rule.

Every key has a default; errors name the key path; unknown keys warn. The sections, their defaults and
their readers are declared by the rule modules (`bots.slo.rules`), and so are the labels they bring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo import rules as registry
from bots.slo.rule import Known, Rule, RuleSettings, S


@dataclass(frozen=True, init=False)
class SloSettings:
    business_hours_only: bool  # notes that mention people wait for the recipients' hours
    rules: tuple[tuple[str, RuleSettings], ...]  # each registered rule's settings, by its key

    def __init__(self, business_hours_only: bool = True, rules: Iterable[tuple[str, RuleSettings]] = (),
                 **by_key: RuleSettings) -> None:
        """The defaults of every registered rule, then `rules`, then `by_key` (`replace(s, triage=...)`)."""
        values = {r.key: r.defaults for r in registry.RULES} | dict(rules)
        unknown = sorted(set(by_key) - set(values))
        if unknown:
            raise TypeError(f"no SLO rule {', '.join(unknown)}")
        object.__setattr__(self, "business_hours_only", business_hours_only)
        object.__setattr__(self, "rules", tuple((values | by_key).items()))

    def of(self, rule: Rule[S]) -> S:
        """The rule's settings (its defaults if it was registered after these were read)."""
        value = dict(self.rules).get(rule.key, rule.defaults)
        if not isinstance(value, type(rule.defaults)):
            raise TypeError(f"slo.{rule.key}: {type(value).__name__}, not {type(rule.defaults).__name__}")
        return value

    def __getattr__(self, key: str) -> Any:
        """`s.triage`: a rule's settings by its key, for callers outside the rules (rules use `of`)."""
        for name, value in self.__dict__.get("rules", ()):
            if name == key:
                return value
        raise AttributeError(f"{type(self).__name__} has no SLO rule {key!r}")

    def labels_used(self) -> set[str]:
        """Labels the settings name (they must be declared under `labels:` or by a rule)."""
        return {name for _, value in self.rules for name in value.labels()}


def parse_slo(node: Node, *, labels: set[str] | None = None, regions: set[str] | None = None) -> SloSettings:
    """`slo:` as typed settings; `labels`/`regions`, when given, are checked against what is declared."""
    known = Known(labels, regions)
    node.keys({"business_hours_only", *(r.key for r in registry.RULES)})
    return SloSettings(node.child("business_hours_only").get(bool, True),
                       tuple((r.key, r.read(node.child(r.key), known)) for r in registry.RULES))


def declared_labels() -> tuple[LabelSpec, ...]:
    """The labels the SLO rules declare (their levels' `slo::` labels and their marks), for `setup`."""
    return tuple(spec for r in registry.RULES for spec in r.labels)
