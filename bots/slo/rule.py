"""What one SLO rule module declares.

A rule module (`bots/slo/rules/<key>.py`) defines its settings (a `RuleSettings` dataclass with the
handbook defaults, and `read`, which parses `slo.<key>` of sa-triage.yml with the helpers of
`bots.slo.settings`), its reminder levels (key, severity, `slo::` label with colour and description,
note template, handbook quote) and its check, and ends with `RULE = RequestRule(...)` (mirrored SA
requests) or `FormRule(...)` (issues filed from a form). `bots.slo.rules.RULES` registers it; the
engine, the settings, the labels `setup` creates and the notes come from there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic

from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo.model import Check, Level
from bots.slo.settings import Known, S, SloSettings

if TYPE_CHECKING:
    from bots.config import Config
    from bots.model import Issue
    from bots.slo.common import RuleEnv
    from bots.slo.facts import Facts
    from bots.slo.linked import Links

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, kw_only=True, eq=False)
class Rule(Generic[S]):
    key: str  # its section under `slo:` in sa-triage.yml
    levels: tuple[Level, ...]  # in order: a later level supersedes an earlier one
    defaults: S
    read: Callable[[Node, Known], S]  # `slo.<key>` (absent: the defaults); errors name the key path
    team_rule: bool = False  # added by the team without a handbook quote (its levels quote nothing)
    # Its check looks in the notes for evidence (`Facts.evidence`): the bot's ledger vouches for notes
    # that showed none, for as long as this rule's settings stay as they were (`engine.evidence_basis`).
    evidence: bool = False
    marks: tuple[LabelSpec, ...] = ()  # labels people set for this rule (done, skip): declared here

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    @property
    def labels(self) -> tuple[LabelSpec, ...]:
        """Every label the rule declares: one per level, and its marks."""
        return (*(lv.label_spec for lv in self.levels), *self.marks)


@dataclass(frozen=True, kw_only=True, eq=False)
class RequestRule(Rule[S]):
    """A rule on mirrored SA requests: `engine.plan_issue`, state in the bot's signed record."""

    check: Callable[[Facts, S, datetime, RuleEnv], tuple[Check, ...]]

    def evaluate(self, f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
        return self.check(f, s.of(self), now, env)


@dataclass(frozen=True, kw_only=True, eq=False)
class FormRule(Rule[S]):
    """A rule on issues people file from a form, found by a label: `form_issues`, its labels are its state."""

    watch: Callable[[S], str]  # the label of the issues it follows
    # the issue, its settings, now, the config, and the mirrored requests the job found for form issues
    check: Callable[[Issue, S, datetime, Config, Links], tuple[Check, ...]]
    noun: str  # what one issue stands for, in the run summary ("Slack channel")
    title: str  # the heading `explain` shows ("Ephemeral Slack channel request")
    # Its objective can be met while the issue is open (a check says MET): its labels go and its notes
    # are edited to say so. Else only closing the issue ends it, and its notes are never edited.
    clears: bool = False

    def evaluate(self, issue: Issue, cfg: Config, s: SloSettings, now: datetime,
                 links: Links | None = None) -> tuple[Check, ...]:
        return self.check(issue, s.of(self), now, cfg, links or {})


SloRule = RequestRule[Any] | FormRule[Any]


def problems(rule: SloRule) -> list[str]:
    """What is wrong with a rule's declaration (the meta-tests require none)."""
    out = [] if re.fullmatch(r"[a-z][a-z0-9_]*", rule.key) else [f"{rule.key!r} is not a config key"]
    out += [] if rule.levels else ["no levels"]
    for lv in rule.levels:
        if not lv.rule.strip() and not rule.team_rule:
            out.append(f"{lv.key}: no handbook quote (a rule the team added says team_rule=True)")
        if not lv.label.startswith("slo::"):
            out.append(f"{lv.key}: label {lv.label!r} is not an slo:: label")
        if not lv.template.strip():
            out.append(f"{lv.key}: no note template")
    for spec in rule.labels:
        if not _COLOR.match(spec.color) or not spec.description.strip():
            out.append(f"label {spec.name!r}: needs a colour like '#1F75CB' and a description")
    if rule.read(Node("sa-triage.yml", f"slo.{rule.key}", None, []), Known()) != rule.defaults:
        out.append(f"an absent slo.{rule.key} does not read as the declared defaults")
    return out
