"""Ephemeral Slack channels: a heads-up at 80 days and an overdue note at 90, unless the issue is closed.

Handbook (Commercial Sales – Customer Success): "it may be worthwhile to create an ephemeral Slack
channel, but the channel should be closed within 90 days and/or at project completion." The creation
date and the approving SA come from the filed form (`bots.issue_templates.validate`). Days count from the
start of the creation date in the recipients' region (the approving SA's, else the author's).

These issues are written by people, so the bot never edits their description: its labels are the
state (the overdue label replaces the heads-up one; `bots.slo.form_issues`), and the gateway
re-checks notes by marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, validate
from bots.schema import Node
from bots.slo.common import local_midnight, off, unique
from bots.slo.model import Check, Level, Status
from bots.slo.rule import FormRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled

if TYPE_CHECKING:
    from bots.config import Config
    from bots.model import Issue

QUOTE = "the channel should be closed within 90 days and/or at project completion."


@dataclass(frozen=True)
class SlackChannelSettings(RuleSettings):
    label: str = "form::ephemeral-slack-channel"
    heads_up_days: int = 80
    overdue_days: int = 90

    def labels(self) -> tuple[str, ...]:
        return (self.label,)


def read(node: Node, known: Known) -> SlackChannelSettings:
    d = SlackChannelSettings()
    enabled = read_enabled(node, {"label", "heads_up_days", "overdue_days"})
    label = node.child("label").get(str, d.label)
    if known.labels is not None and label not in known.labels:
        raise node.child("label").error(f"label {label!r} is not declared under labels")
    heads_up = read_days(node.child("heads_up_days"), d.heads_up_days, minimum=1)
    overdue = read_days(node.child("overdue_days"), d.overdue_days, minimum=1)
    if heads_up >= overdue:
        raise node.child("heads_up_days").error("must be less than overdue_days")
    return SlackChannelSettings(enabled, label, heads_up, overdue)


HEADS_UP = Level(
    key="slack-heads-up", severity=35, rule=QUOTE,
    label="slo::slack-channel-expiring", color="#FFA07A",
    description="Ephemeral Slack channel 80 days old: close it by day 90",
    template="""
**Ephemeral Slack channel: {{ age }} days old** {{ mentions }}

This channel was created on {{ created }}. Ephemeral channels close within {{ max_days }} days, so please close it by **{{ close_by }}**, or earlier if the project is complete, and then close this issue.

> "{{ rule }}" (Commercial Sales – Customer Success)

_Clears when this issue is closed._
""")  # noqa: E501
OVERDUE = Level(
    key="slack-overdue", severity=70, rule=QUOTE,
    label="slo::slack-channel-overdue", color="#DC143C",
    description="Ephemeral Slack channel open for 90 days or more",
    template="""
**Ephemeral Slack channel overdue** {{ mentions }}

This channel was created on {{ created }} and should have been closed by {{ close_by }} ({{ max_days }} days). Please close it now, then close this issue.

> "{{ rule }}" (Commercial Sales – Customer Success)

_Clears when this issue is closed._
""")  # noqa: E501


def check(issue: Issue, c: SlackChannelSettings, now: datetime, cfg: Config) -> tuple[Check, ...]:
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


RULE = FormRule(key="slack_channel", levels=(HEADS_UP, OVERDUE), defaults=SlackChannelSettings(), read=read,
                check=check, watch=lambda c: c.label, noun="Slack channel",
                title="Ephemeral Slack channel request")
