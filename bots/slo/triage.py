"""Triage within one business day; one more business day and the regional manager is asked to step in.

Handbook (#1: Triage within One Business Day): "If it comes in at 4pm, the Team has until 4pm the next
day to triage." The clock starts at the Salesforce request time from the mirror's signed state (a
request on a weekend or holiday starts at the next opening; see `bots.calendars`). Triage means an SA
is assigned or the issue left the first board list.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo.common import RuleEnv, due_or_pending, names, off, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

BREACHED, ESCALATED = level("triage-breached"), level("triage-escalated")


def triage_summary(f: Facts) -> str:
    """How the request was triaged, from the record (else from what is visible now)."""
    r, cal = f.record, f.calendar
    if r.triaged_at is None:
        how = f"assigned to {names(f.assignees)}" if f.assignees else f"moved off `{f.first_list}`"
        return f"triaged ({how})"
    how = f"assigned to {names(f.assignees)}" if r.triaged_by == "assignment" and f.assignees else (
        "assigned" if r.triaged_by == "assignment" else f"moved off `{f.first_list}`")
    hours = f", {r.triage_hours:.1f} business hours after the request" if r.triage_hours is not None else ""
    return f"triaged {when(cal, datetime.fromisoformat(r.triaged_at))} ({how}){hours}"


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    t = s.triage
    if not t.enabled:
        return off(BREACHED, "the triage SLO is disabled"), off(ESCALATED, "the triage SLO is disabled")
    cal = f.calendar
    start = cal.clock_start(f.entered)
    due = cal.due(f.entered, t.business_days)
    escalate = cal.add_business_days(due, t.escalate_after_business_days)
    context = {"received": when(cal, f.entered), "triage_due": when(cal, due),
               "escalate": when(cal, escalate), "first_list": f.first_list}
    if f.record.triaged_at is not None or f.triaged_now:
        done = triage_summary(f)
        return tuple(Check(lv, Status.MET, done, start, at, cal, context=context, resolution=done)
                     for lv, at in ((BREACHED, due), (ESCALATED, escalate)))
    waiting = f"not triaged yet: no assignee and still on `{f.first_list}`"
    return (Check(BREACHED, due_or_pending(now, due), waiting, start, due, cal, f.team, context),
            Check(ESCALATED, due_or_pending(now, escalate), waiting, start, escalate, cal,
                  f.managers or f.team, context))
