"""Ephemeral Slack channels: a heads-up at 80 days, and one "due for closing" note at project completion
or at 90 days, whichever comes first, unless the issue is closed.

Handbook (Commercial Sales – Customer Success): "it may be worthwhile to create an ephemeral Slack
channel, but the channel should be closed within 90 days and/or at project completion." The creation
date, the approving SA and the opportunity come from the filed form (`bots.issue_templates.validate`).
Days count from the start of the creation date in the recipients' region (the approving SA's, else
the author's).

Project completion (a reading: the handbook does not define it) is the linked opportunity closing:
the mirrored request of the form's **Opportunity Link** (found by its key, `bots.slo.linked`) has a
closed issue, or its record says Closed Won / Closed Lost. It is due from the opportunity's close
date (the start of that day), or from now when that date is unknown or still ahead. The due note says
which came first; a heads-up not yet posted is not posted once the channel is due.

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
from bots.slo.linked import LinkedRequest, Links, opportunity_key
from bots.slo.model import Check, Level, Status
from bots.slo.rule import FormRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_label

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
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
    label = read_label(node.child("label"), d.label, known)
    heads_up = read_days(node.child("heads_up_days"), d.heads_up_days, minimum=1)
    overdue = read_days(node.child("overdue_days"), d.overdue_days, minimum=1)
    if node.fine("heads_up_days", "overdue_days") and heads_up >= overdue:
        node.child("heads_up_days").reject("must be less than overdue_days")
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
    description="Ephemeral Slack channel due for closing: 90 days old, or its opportunity closed",
    template="""
{% if completed %}
**Ephemeral Slack channel due for closing: the project is complete** {{ mentions }}

The opportunity this channel was created for has closed ({{ completed }}), so the project is complete: please close the channel now, then close this issue. It was created on {{ created }}; at the latest it closes by {{ close_by }} ({{ max_days }} days), but project completion came first.
{% else %}
**Ephemeral Slack channel overdue** {{ mentions }}

This channel was created on {{ created }} and should have been closed by {{ close_by }} ({{ max_days }} days). Please close it now, then close this issue.
{% endif %}

> "{{ rule }}" (Commercial Sales – Customer Success)

_Clears when this issue is closed._
""")  # noqa: E501


def _completed(link: LinkedRequest | None, cal: BusinessCalendar, now: datetime) -> datetime | None:
    """When the project completed (the linked opportunity closed), or None while it is open."""
    if link is None or not link.closed:
        return None
    at = local_midnight(cal, link.close_date) if link.close_date else now
    return min(at, now)


def _recipients(issue: Issue, approver: object, cfg: Config) -> tuple[tuple[str, ...], BusinessCalendar]:
    """The approving SA and the author, and whose hours count (the first one's region, else the first)."""
    recipients = unique([*(approver if isinstance(approver, tuple) else ()), issue.author])
    people = [cfg.person(u) for u in recipients]
    region = next((cfg.regions[p.region] for p in people if p and p.region in cfg.regions),
                  next(iter(cfg.regions.values())))
    return recipients, region.calendar


def check(issue: Issue, c: SlackChannelSettings, now: datetime, cfg: Config,
          links: Links) -> tuple[Check, ...]:
    if not c.enabled:
        why = "the Slack-channel SLO is disabled"
        return off(HEADS_UP, why), off(OVERDUE, why)
    known = frozenset(p.username for p in cfg.roster) | {issue.author}
    result = validate(EPHEMERAL_SLACK_CHANNEL, issue.description, today=now.date(), known_users=known)
    created = result.values.get("created_on")
    if not isinstance(created, date):
        why = "the form has no valid Creation Date"
        return off(HEADS_UP, why), off(OVERDUE, why)
    recipients, cal = _recipients(issue, result.values.get("approving_sa"), cfg)
    start = local_midnight(cal, created)
    close_by = created + timedelta(days=c.overdue_days)
    key = opportunity_key(issue, now)
    link = links.get(key) if key else None
    completed = _completed(link, cal, now)
    ninety = local_midnight(cal, created + timedelta(days=c.overdue_days))
    first = completed is not None and completed < ninety
    context = {"created": created.isoformat(), "close_by": close_by.isoformat(), "max_days": c.overdue_days,
               "age": (now.astimezone(start.tzinfo).date() - created).days,
               "completed": link.why if first and link else ""}
    why = f"channel created {created.isoformat()}; close it by {close_by.isoformat()}"
    if first and link:
        why += f" or now: {link.why} (project complete)"
    checks = []
    for lv, at in ((HEADS_UP, local_midnight(cal, created + timedelta(days=c.heads_up_days))),
                   (OVERDUE, completed if first and completed else ninety)):
        status = Status.DUE if now >= at else Status.PENDING
        checks.append(Check(lv, status, why, start, at, cal, recipients, context,
                            superseded_by=OVERDUE.key if lv is HEADS_UP else None))
    return tuple(checks)


RULE = FormRule(key="slack_channel", levels=(HEADS_UP, OVERDUE), defaults=SlackChannelSettings(), read=read,
                check=check, watch=lambda c: c.label, noun="Slack channel",
                title="Ephemeral Slack channel request")
