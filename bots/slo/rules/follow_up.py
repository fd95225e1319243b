"""Follow-up and documentation: the SA documents the outcomes within one business day of the meeting.

Handbook (SA Request Triage Process, step 8, Follow-up and Documentation): "Post-engagement, the SA
documents the outcomes, next steps, and any relevant information in Salesforce and the Customers &
Prospects Google Drive folder." In GitLab: a note by the SA (an assignee or another SA team member)
under the agreed heading (`slo.follow_up.heading`), or a done label, within one business day after
the meeting time. One reminder to the assignee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo import notes as n
from bots.slo.common import RuleEnv, due_or_pending, iso, names, off
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_heading, read_labels

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class FollowUpSettings(RuleSettings):
    business_days: int = 1
    heading: str = "Follow-up"  # a note by the SA with this Markdown heading documents the meeting
    done_labels: tuple[str, ...] = ("follow-up-documented",)

    def labels(self) -> tuple[str, ...]:
        return self.done_labels


def read(node: Node, known: Known) -> FollowUpSettings:
    d = FollowUpSettings()
    enabled = read_enabled(node, {"business_days", "heading", "done_labels"})
    heading = read_heading(node.child("heading"), d.heading)
    return FollowUpSettings(enabled, read_days(node.child("business_days"), d.business_days, minimum=1),
                            heading, read_labels(node.child("done_labels"), d.done_labels, known))


FOLLOW_UP = Level(
    key="follow-up", severity=20,
    rule="Post-engagement, the SA documents the outcomes, next steps, and any relevant information in "
         "Salesforce and the Customers & Prospects Google Drive folder.",
    label="slo::follow-up-missing", color="#BC8F8F",
    description="Meeting outcomes not documented within one business day",
    template="""
**Meeting follow-up** {{ mentions }}

The meeting was on {{ meeting }}. Please document the outcomes and next steps in Salesforce and the Customers & Prospects Drive folder, and leave a short note here under a `## {{ heading }}` heading.

> "{{ rule }}" (Commercial SA Engagement Model, SA Request Triage Process, step 8)

_Clears when an SA comments here under `## {{ heading }}`{% if labels %} or adds the `{{ labels[0] }}` label{% endif %}._
""")  # noqa: E501
MARKS = (LabelSpec("follow-up-documented", "#2E8B57",
                   "Meeting outcomes documented in Salesforce and the Drive folder"),)


def check(f: Facts, u: FollowUpSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not u.enabled:
        return (off(FOLLOW_UP, "the follow-up SLO is disabled"),)
    if f.meeting is None:
        return (off(FOLLOW_UP, "no meeting is scheduled"),)
    cal = f.calendar
    start, due = cal.clock_start(f.meeting), cal.due(f.meeting, u.business_days)
    done = sorted(f.labels.intersection(u.done_labels))
    if done:
        why = f"labelled `{done[0]}`"
        return (Check(FOLLOW_UP, Status.MET, why, start, due, cal, resolution=why),)
    if f.record.documented is not None and f.record.documented == iso(f.meeting):
        why = f"outcomes documented under `{u.heading}`"
        return (Check(FOLLOW_UP, Status.MET, why, start, due, cal, resolution=why),)
    if now < due:
        return (Check(FOLLOW_UP, Status.PENDING, f"the meeting is {when(cal, f.meeting)}; outcomes due by "
                      f"{when(cal, due)}", start, due, cal),)
    if not f.assignees:
        return (Check(FOLLOW_UP, Status.NOT_APPLICABLE, "no SA assigned: nobody to remind", start, due, cal),)
    notes = f.evidence
    if notes is None:
        return (Check(FOLLOW_UP, Status.UNKNOWN, "a follow-up note is looked for in the notes",
                      start, due, cal),)
    found = n.follow_up_note(notes, bot=env.bot, authors={*f.assignees, *env.team_members},
                             heading=u.heading, since=f.meeting)
    if found is not None:
        why = f"outcomes documented by `@{found.author}` under `{u.heading}`"
        return (Check(FOLLOW_UP, Status.MET, why, start, due, cal, resolution=why,
                      remember=(("documented", iso(f.meeting)),)),)
    context = {"meeting": when(cal, f.meeting), "heading": u.heading, "labels": u.done_labels}
    return (Check(FOLLOW_UP, due_or_pending(now, due), f"no `{u.heading}` note by {names(f.assignees)} since "
                  f"the meeting ({when(cal, f.meeting)})", start, due, cal, f.assignees, context),)


RULE = RequestRule(key="follow_up", levels=(FOLLOW_UP,), defaults=FollowUpSettings(), read=read, check=check,
                   marks=MARKS, evidence=True)
