"""Meeting readiness: agenda and attendees at least one business day before the meeting.

Handbook (Running Meetings): "Agenda and list of attendees should be provided in advance; failure to
provide this information could delay in the scheduling or declination of a meeting request."
Attendees (names and titles) come from the Command Plan in Salesforce (the mirror's signed state);
the agenda is a section people write in the issue description (heading from `slo.meeting_prep`).
The AE is reminded `remind_business_days` before the meeting if either is missing.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo.common import RuleEnv, due_or_pending, off, unique, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

MEETING_PREP = level("meeting-prep")


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    m = s.meeting_prep
    if not m.enabled:
        return (off(MEETING_PREP, "the meeting-readiness SLO is disabled"),)
    if f.meeting is None:
        return (off(MEETING_PREP, "no meeting is scheduled"),)
    cal = f.calendar
    if now >= f.meeting:
        return (Check(MEETING_PREP, Status.NOT_APPLICABLE,
                      f"the meeting time ({when(cal, f.meeting)}) has passed", due=f.meeting, calendar=cal),)
    deadline = cal.add_business_days(f.meeting, -m.deadline_business_days)
    remind = cal.add_business_days(f.meeting, -m.remind_business_days)
    missing = [name for name, ok in ((f"an `{m.agenda_heading}` section in this issue", f.agenda),
                                     ("attendees with names and titles (Salesforce Command Plan)",
                                      f.attendees)) if not ok]
    context = {"meeting": when(cal, f.meeting), "deadline": when(cal, deadline), "missing": missing,
               "heading": m.agenda_heading, "meeting_type": f.meeting_type or "meeting",
               "ahead": "one business day" if m.deadline_business_days == 1 else
               f"{m.deadline_business_days} business days"}
    if not missing:
        done = "the agenda and the attendees are in"
        return (Check(MEETING_PREP, Status.MET, done, None, remind, cal, context=context, resolution=done),)
    recipients = unique([f.ae]) or unique(f.assignees) or f.team
    why = f"missing: {'; '.join(missing)}; needed by {when(cal, deadline)}"
    return (Check(MEETING_PREP, due_or_pending(now, remind), why, None, remind, cal, recipients, context),)
