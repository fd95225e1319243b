"""The SLO rules, one module each, registered in `RULES`: the one list the engine, the `slo:` settings,
the labels `setup` creates and the notes all come from.

To add a rule: write `bots/slo/rules/<key>.py` ending with `RULE = RequestRule(...)` or
`FormRule(...)` (see `bots.slo.rule`; `csm_transition.py` is a small example), and add `"<key>"` to
the list below, where the engine should evaluate it and `explain` show it. The meta-tests
(tests/slo/test_rules.py) fail for a module left out of the list, a level without its golden notes
or a declared label, and a rule that neither quotes the handbook nor says `team_rule=True`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from types import MappingProxyType
from typing import Any

from bots.config import ConfigSection, Declared
from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo.model import Level
from bots.slo.rule import FormRule, RequestRule, SloRule
from bots.slo.settings import SloSettings, parse_slo


def _load(name: str) -> SloRule:
    rule = getattr(import_module(f"{__name__}.{name}"), "RULE", None)
    if not isinstance(rule, RequestRule | FormRule):
        raise TypeError(f"bots/slo/rules/{name}.py must end with RULE = RequestRule(...) or FormRule(...)")
    return rule


RULES: tuple[SloRule, ...] = tuple(_load(name) for name in (
    "triage",
    "lead_time",
    "tech_eval",
    "meeting_prep",
    "second_review",
    "ae_contact",
    "judgment",
    "follow_up",
    "csm_transition",
    "slack_channel",
    "form_triage",
))


# Derived from the registered rules, once per `RULES` tuple (the engine asks for them for every
# request; tests may register more rules, which makes another tuple): code, not data of a run.
@cache
def _request_rules(rules: tuple[SloRule, ...]) -> tuple[RequestRule[Any], ...]:
    return tuple(r for r in rules if isinstance(r, RequestRule))


@cache
def _levels(rules: tuple[SloRule, ...]) -> MappingProxyType[str, Level]:
    return MappingProxyType({lv.key: lv for r in rules for lv in r.levels})


@cache
def _slo_labels(rules: tuple[SloRule, ...]) -> frozenset[str]:
    return frozenset(lv.label for lv in _levels(rules).values())


@cache
def _label_levels(rules: tuple[SloRule, ...]) -> MappingProxyType[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for lv in _levels(rules).values():
        out[lv.label] = (*out.get(lv.label, ()), lv.key)
    return MappingProxyType(out)


def request_rules() -> tuple[RequestRule[Any], ...]:
    return _request_rules(RULES)


def form_rules() -> tuple[FormRule[Any], ...]:
    return tuple(r for r in RULES if isinstance(r, FormRule))


def levels() -> Mapping[str, Level]:
    """Every registered level by its key."""
    return _levels(RULES)


def slo_labels() -> frozenset[str]:
    """Every label the SLO rules manage (and only these does the bot ever remove)."""
    return _slo_labels(RULES)


def label_levels() -> Mapping[str, tuple[str, ...]]:
    """The keys of the levels each `slo::` label shows."""
    return _label_levels(RULES)


def default_settings() -> SloSettings:
    """Every registered rule's section at its defaults: what an absent `slo:` reads as."""
    return SloSettings(True, tuple((r.key, r.defaults) for r in RULES))


def declared_labels() -> tuple[LabelSpec, ...]:
    """The labels the rules declare (their levels' `slo::` labels and their marks), for `setup`."""
    return tuple(spec for r in RULES for spec in r.labels)


def _read(root: Node, declared: Declared) -> SloSettings:
    return parse_slo(root.child("slo"), RULES, labels=set(declared.labels), regions=set(declared.regions))


# `slo:`, one part per registered rule, and the labels the rules declare (`setup` creates them).
SECTION = ConfigSection(("slo",), SloSettings, _read, labels=declared_labels)
