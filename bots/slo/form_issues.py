"""The SLO engine for issues people file from a form (`FormRule`s, e.g. ephemeral Slack channels).

These issues are written by people, so the bot never edits their description: the labels are the
state. A rule's levels are a ladder: a level counts as posted while its label or a later level's is
on the issue, and only the latest posted level keeps its label. The gateway re-checks notes by marker.
A rule whose objective can be met while the issue is open (`FormRule.clears`, e.g. triage of a filed
SA request) loses its labels once every level is met, and its notes are edited to say so: only then
are the issue's notes read (to find the notes to edit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bots import actions as a
from bots import markers
from bots.config import Config
from bots.golive import NO_HOLD, Hold
from bots.model import Issue, Note
from bots.slo import rules as registry
from bots.slo.common import RuleEnv, closed_until
from bots.slo.linked import NO_LINKS, Links
from bots.slo.messages import NoteState, body
from bots.slo.model import Check, Status
from bots.slo.rule import FormRule
from bots.slo.settings import SloSettings


@dataclass(frozen=True)
class FormIssuePlan:
    actions: tuple[a.Action, ...]
    info: tuple[str, ...]
    checks: tuple[Check, ...]
    held: tuple[tuple[int, str], ...] = ()  # (issue, level) held back at go-live: labelled, no note
    with_notes: bool = False  # planned with the issue's notes (to clear)


def watched(s: SloSettings) -> tuple[str, ...]:
    """The labels of the issues the enabled form rules follow."""
    return tuple(r.watch(s.of(r)) for r in registry.form_rules() if s.of(r).enabled)


def rule_for(issue: Issue, s: SloSettings) -> FormRule[Any] | None:
    """The form rule that follows this issue (by its label), if any."""
    return next((r for r in registry.form_rules() if r.watch(s.of(r)) in issue.labels), None)


def counted(issues: tuple[Issue, ...], s: SloSettings) -> tuple[str, ...]:
    """`1 Slack channel(s)`: how many issues each form rule followed, for the run summary."""
    return tuple(f"{sum(rule_for(i, s) is r for i in issues)} {r.noun}(s)" for r in registry.form_rules())


def posted_levels(rule: FormRule[Any], labels: Iterable[str]) -> dict[str, bool]:
    """Each level of the rule's ladder: posted while its label or a later level's is on the issue."""
    ladder, have = [lv.label for lv in rule.levels], set(labels)
    return {lv.key: bool(have & set(ladder[i:])) for i, lv in enumerate(rule.levels)}


def evaluate_form_issue(issue: Issue, cfg: Config, s: SloSettings, now: datetime,
                        links: Links = NO_LINKS) -> tuple[Check, ...]:
    rule = rule_for(issue, s)
    return rule.evaluate(issue, cfg, s, now, links) if rule is not None else ()


def plan_form_issue(issue: Issue, cfg: Config, s: SloSettings, now: datetime, hold: Hold = NO_HOLD,
                    links: Links = NO_LINKS, notes: Callable[[], tuple[Note, ...]] | None = None,
                    bot: str = "") -> FormIssuePlan:
    """The notes due and the one label update that bring this issue's reminders in step; a level
    held back at go-live only gets its label (the labels are the state: it counts as posted).
    `notes` reads the issue's notes (default: those it carries), only asked for to clear; `bot`
    is whose notes those to edit are."""
    rule = rule_for(issue, s)
    if rule is None:
        return FormIssuePlan((), (), ())
    checks = rule.evaluate(issue, cfg, s, now, links)
    env = RuleEnv.of(cfg, "", b"")
    labels = set(issue.labels)
    ladder = [lv.label for lv in rule.levels]
    posted = posted_levels(rule, labels)
    if rule.clears and labels & set(ladder) and all(c.status is Status.MET for c in checks):
        return _cleared(issue, checks, labels & set(ladder), notes or (lambda: issue.notes), bot)
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


def _cleared(issue: Issue, checks: tuple[Check, ...], shown: set[str], notes: Callable[[], tuple[Note, ...]],
             bot: str) -> FormIssuePlan:
    """Every level met: the reminders' labels go, and each reminder note still saying otherwise is
    edited to say how it was met (a level held back at go-live has no note)."""
    read = notes()
    out: list[a.Action] = []
    for c in checks:
        text = body(c, NoteState.RESOLVED)
        mine = markers.find_note(read, c.level.marker, bot)
        if mine is not None and mine.body.strip() != text.strip():
            out.append(a.UpsertNote(issue.iid, c.level.marker, text, note_id=mine.id))
    out.append(a.UpdateIssue(issue.iid, remove_labels=tuple(sorted(shown))))
    return FormIssuePlan(tuple(out), (), checks, with_notes=True)
