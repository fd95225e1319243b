"""Ephemeral Slack channels: a heads-up at 80 days and an overdue note at 90, unless the issue is closed.

Handbook (Commercial Sales – Customer Success): "it may be worthwhile to create an ephemeral Slack
channel, but the channel should be closed within 90 days and/or at project completion." The creation
date and the approving SA come from the filed form (`bots.issue_templates.validate`). Days count from the
start of the creation date in the recipients' region (the approving SA's, else the author's).

These issues are written by people, so the bot never edits their description: its labels are the
state (the overdue label replaces the heads-up one), and the gateway re-checks notes by marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bots import actions as a
from bots.config import Config
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, validate
from bots.model import Issue
from bots.slo.common import RuleEnv, closed_until, local_midnight, off, unique
from bots.slo.messages import NoteState, body
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

HEADS_UP, OVERDUE = level("slack-heads-up"), level("slack-overdue")


@dataclass(frozen=True)
class ChannelPlan:
    actions: tuple[a.Action, ...]
    info: tuple[str, ...]
    checks: tuple[Check, ...]


def evaluate(issue: Issue, cfg: Config, s: SloSettings, now: datetime) -> tuple[Check, ...]:
    c = s.slack_channel
    if not c.enabled:
        why = "the Slack-channel SLO is disabled"
        return off(HEADS_UP, why), off(OVERDUE, why)
    known = frozenset(p.username for p in cfg.roster) | {issue.author}
    result = validate(EPHEMERAL_SLACK_CHANNEL, issue.description, today=now.date(), known_users=known)
    created = result.values.get("created_on")
    if not isinstance(created, date):
        why = "the form has no valid Creation Date"
        return off(HEADS_UP, why), off(OVERDUE, why)
    approver = result.values.get("approving_sa")
    recipients = unique([*(approver if isinstance(approver, tuple) else ()), issue.author])
    people = [cfg.person(u) for u in recipients]
    region = next((cfg.regions[p.region] for p in people if p and p.region in cfg.regions),
                  next(iter(cfg.regions.values())))
    cal = region.calendar
    start = local_midnight(cal, created)
    close_by = created + timedelta(days=c.overdue_days)
    context = {"created": created.isoformat(), "close_by": close_by.isoformat(), "max_days": c.overdue_days,
               "age": (now.astimezone(start.tzinfo).date() - created).days}
    why = f"channel created {created.isoformat()}; close it by {close_by.isoformat()}"
    checks = []
    for lv, days in ((HEADS_UP, c.heads_up_days), (OVERDUE, c.overdue_days)):
        at = local_midnight(cal, created + timedelta(days=days))
        status = Status.DUE if now >= at else Status.PENDING
        checks.append(Check(lv, status, why, start, at, cal, recipients, context,
                            superseded_by=OVERDUE.key if lv is HEADS_UP else None))
    return tuple(checks)


def plan_channel(issue: Issue, cfg: Config, s: SloSettings, now: datetime) -> ChannelPlan:
    checks = evaluate(issue, cfg, s, now)
    env = RuleEnv.of(cfg, "", b"")
    labels = set(issue.labels)
    posted = {HEADS_UP.key: HEADS_UP.label in labels or OVERDUE.label in labels,
              OVERDUE.key: OVERDUE.label in labels}
    due = {c.level.key for c in checks if c.active}
    out: list[a.Action] = []
    info: list[str] = []
    for c in checks:
        if not c.active or posted[c.level.key] or c.superseded_by in due:
            continue
        opens = closed_until(c, s, env, now)
        if opens is not None:
            info.append(f"#{issue.iid} {c.level.key}: due, waiting for business hours (opens {opens})")
            continue
        out.append(a.UpsertNote(issue.iid, c.level.marker, body(c, NoteState.ACTIVE)))
        posted[c.level.key] = True
    wanted = {OVERDUE.label} if posted[OVERDUE.key] else {HEADS_UP.label} if posted[HEADS_UP.key] else set()
    have = labels & {HEADS_UP.label, OVERDUE.label}
    add, remove = tuple(sorted(wanted - have)), tuple(sorted(have - wanted))
    if add or remove:
        out.append(a.UpdateIssue(issue.iid, add_labels=add, remove_labels=remove))
    return ChannelPlan(tuple(out), tuple(info), checks)
