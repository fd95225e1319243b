"""Meeting readiness: objectives, agenda and attendees at least one business day before the meeting.

Handbook (Running Meetings): "All meetings should be planned with clear desired outcomes available to
the SA" ("Why does the prospect want to meet with us?", "What are our meeting objectives/goals?"),
and "Agenda and list of attendees should be provided in advance; failure to provide this information
could delay in the scheduling or declination of a meeting request." Attendees (names and titles) come
from the Command Plan in Salesforce (the mirror's signed state); the objectives and the agenda are
sections people write in the issue description (headings from `slo.meeting_prep`; no objectives
heading: not asked for). The AE is reminded `remind_business_days` before the meeting if any is
missing. A request that came
in after its deadline (Tue 09:30 for a meeting on Tue 17:00) is due at once and asks for them "as soon
as possible", with the meeting time: never by a date before the request existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, off, unique
from bots.slo.model import Check, Deferred, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_heading

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class MeetingPrepSettings(RuleSettings):
    deadline_business_days: int = 1  # agenda and attendees this long before the meeting
    remind_business_days: int = 2  # the AE is reminded this long before the meeting
    agenda_heading: str = "Agenda"  # a section people write in the issue description
    objectives_heading: str | None = "Objectives"  # why they meet us, our goals (None: not asked for)


def read(node: Node, known: Known) -> MeetingPrepSettings:
    d = MeetingPrepSettings()
    enabled = read_enabled(node, {"deadline_business_days", "remind_business_days", "agenda_heading",
                                  "objectives_heading"})
    deadline = read_days(node.child("deadline_business_days"), d.deadline_business_days)
    remind = read_days(node.child("remind_business_days"), d.remind_business_days)
    if node.fine("deadline_business_days", "remind_business_days") and remind < deadline:
        node.child("remind_business_days").reject("must not be less than deadline_business_days")
    # `objectives_heading: null` asks for no objectives (absent: the default heading)
    off = isinstance(node.value, dict) and "objectives_heading" in node.value \
        and node.value["objectives_heading"] is None
    return MeetingPrepSettings(enabled, deadline, remind, read_heading(node.child("agenda_heading"),
                                                                       d.agenda_heading),
                               None if off else read_heading(node.child("objectives_heading"),
                                                             d.objectives_heading or ""))


OUTCOMES = "All meetings should be planned with clear desired outcomes available to the SA"
MEETING_PREP = Level(
    key="meeting-prep", severity=40, rule="Agenda and list of attendees should be provided in advance",
    label="slo::meeting-prep-missing", color="#DAA520",
    description="Objectives, agenda or attendees missing one business day before the meeting: AE reminded",
    template="""
**Meeting details needed** {{ mentions }}

{% if late %}
The {{ meeting_type }} is on {{ meeting }}. The SA needs these **as soon as possible**, before the {{ meeting_type }}: the request came in less than {{ ahead }} before it.
{% else %}
The {{ meeting_type }} is on {{ meeting }}. The SA needs these by **{{ deadline }}** ({{ ahead }} before):
{% endif %}

{% for item in missing %}
- [ ] {{ item }}
{% endfor %}

{% if objectives %}
> "{{ outcomes }}" ("Why does the prospect want to meet with us?", "What are our meeting objectives/goals?")
>
{% endif %}
> "{{ rule }}; failure to provide this information could delay in the scheduling or declination of a meeting request." (Commercial SA Engagement Model, Running Meetings)

_Clears when each is in: {{ sections }} in this issue's description (below the bot's block), and the attendees with their titles in the Command Plan in Salesforce._
""")  # noqa: E501


def check(f: Facts, m: MeetingPrepSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not m.enabled:
        return (off(MEETING_PREP, "the meeting-readiness SLO is disabled"),)
    if f.meeting is None:
        return (off(MEETING_PREP, "no meeting is scheduled"),)
    cal = f.calendar
    if now >= f.meeting:
        return (Check(MEETING_PREP, Status.NOT_APPLICABLE,
                      f"the meeting time ({when(cal, f.meeting)}) has passed", due=f.meeting, calendar=cal),)
    deadline = cal.add_business_days(f.meeting, -m.deadline_business_days)
    late = deadline <= f.entered  # past already when the request came in
    remind = max(cal.add_business_days(f.meeting, -m.remind_business_days), f.entered)
    why = "why the prospect wants to meet with us, and our objectives for the meeting"
    wanted: tuple[tuple[str, bool], ...] = (
        ((f"an `{m.objectives_heading}` section in this issue: {why}", f.objectives),)
        if m.objectives_heading else ())
    wanted += ((f"an `{m.agenda_heading}` section in this issue", f.agenda),
               ("attendees with names and titles (Salesforce Command Plan)", f.attendees))
    missing = [name for name, ok in wanted if not ok]
    sections = " and ".join(f"a `### {h}` section" for h in (m.objectives_heading, m.agenda_heading) if h)
    meeting = f.meeting
    needed_by = (f"as soon as possible (before the meeting, {when(cal, meeting)})" if late else
                 when(cal, deadline))
    context = Deferred(lambda: {
        "meeting": when(cal, meeting), "deadline": needed_by, "late": late, "missing": missing,
        "sections": sections, "objectives": bool(m.objectives_heading), "outcomes": OUTCOMES,
        "meeting_type": f.meeting_type or "meeting",
        "ahead": "one business day" if m.deadline_business_days == 1 else
        f"{m.deadline_business_days} business days"})
    if not missing:
        done = "the objectives, the agenda and the attendees are in" if m.objectives_heading else \
            "the agenda and the attendees are in"
        return (Check(MEETING_PREP, Status.MET, done, None, remind, cal, context=context, resolution=done),)
    recipients = unique([f.ae]) or unique(f.assignees) or f.team
    why = f"missing: {'; '.join(missing)}; needed {'' if late else 'by '}{needed_by}"
    return (Check(MEETING_PREP, due_or_pending(now, remind), why, None, remind, cal, recipients, context),)


RULE = RequestRule(key="meeting_prep", levels=(MEETING_PREP,), defaults=MeetingPrepSettings(), read=read,
                   check=check)
