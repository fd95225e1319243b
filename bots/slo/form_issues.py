"""The SLO engine for issues people file from a form (`FormRule`s, e.g. ephemeral Slack channels).

These issues are written by people, so the bot never edits their description: the labels are the
state. A rule's levels are a ladder: a level counts as posted while its label or a later level's is
on the issue, and only the latest posted level keeps its label. The gateway re-checks notes by marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bots import actions as a
from bots.config import Config
from bots.golive import NO_HOLD, Hold
from bots.model import Issue
from bots.slo import rules as registry
from bots.slo.common import RuleEnv, closed_until
from bots.slo.linked import NO_LINKS, Links
from bots.slo.messages import NoteState, body
from bots.slo.model import Check
from bots.slo.rule import FormRule
from bots.slo.settings import SloSettings


@dataclass(frozen=True)
class FormIssuePlan:
    actions: tuple[a.Action, ...]
    info: tuple[str, ...]
    checks: tuple[Check, ...]
    held: tuple[tuple[int, str], ...] = ()  # (issue, level) held back at go-live: labelled, no note


def watched(s: SloSettings) -> tuple[str, ...]:
    """The labels of the issues the enabled form rules follow."""
    return tuple(r.watch(s.of(r)) for r in registry.form_rules() if s.of(r).enabled)


def rule_for(issue: Issue, s: SloSettings) -> FormRule[Any] | None:
    """The form rule that follows this issue (by its label), if any."""
    return next((r for r in registry.form_rules() if r.watch(s.of(r)) in issue.labels), None)


def counted(issues: tuple[Issue, ...], s: SloSettings) -> tuple[str, ...]:
    """`1 Slack channel(s)`: how many issues each form rule followed, for the run summary."""
    return tuple(f"{sum(rule_for(i, s) is r for i in issues)} {r.noun}(s)" for r in registry.form_rules())


def evaluate_form_issue(issue: Issue, cfg: Config, s: SloSettings, now: datetime,
                        links: Links = NO_LINKS) -> tuple[Check, ...]:
    rule = rule_for(issue, s)
    return rule.evaluate(issue, cfg, s, now, links) if rule is not None else ()


def plan_form_issue(issue: Issue, cfg: Config, s: SloSettings, now: datetime,
                    hold: Hold = NO_HOLD, links: Links = NO_LINKS) -> FormIssuePlan:
    """The notes due and the one label update that bring this issue's reminders in step; a level
    held back at go-live only gets its label (the labels are the state: it counts as posted)."""
    rule = rule_for(issue, s)
    if rule is None:
        return FormIssuePlan((), (), ())
    checks = rule.evaluate(issue, cfg, s, now, links)
    env = RuleEnv.of(cfg, "", b"")
    labels = set(issue.labels)
    ladder = [lv.label for lv in rule.levels]
    posted = {lv.key: bool(labels & set(ladder[i:])) for i, lv in enumerate(rule.levels)}
    due = {c.level.key for c in checks if c.active}
    out: list[a.Action] = []
    info: list[str] = []
    held: list[tuple[int, str]] = []
    for c in checks:
        if not c.active or posted[c.level.key] or c.superseded_by in due:
            continue
        if hold.holds(c.due, now):
            posted[c.level.key] = True
            held.append((issue.iid, c.level.key))
            continue
        opens = closed_until(c, s, env, now)
        if opens is not None:
            info.append(f"#{issue.iid} {c.level.key}: due, waiting for business hours (opens {opens})")
            continue
        out.append(a.UpsertNote(issue.iid, c.level.marker, body(c, NoteState.ACTIVE)))
        posted[c.level.key] = True
    latest = [lv.label for lv in rule.levels if posted[lv.key]][-1:]
    have = labels & set(ladder)
    add, remove = tuple(sorted(set(latest) - have)), tuple(sorted(have - set(latest)))
    if add or remove:
        out.append(a.UpdateIssue(issue.iid, add_labels=add, remove_labels=remove))
    return FormIssuePlan(tuple(out), tuple(info), checks, tuple(held))
