"""Triage within one business day; one more business day and the regional manager is asked to step in.

Handbook (#1: Triage within One Business Day): "If it comes in at 4pm, the Team has until 4pm the next
day to triage." The clock starts at the Salesforce request time from the mirror's signed state (a
request on a weekend or holiday starts at the next opening; see `bots.calendars`). Triage means an SA
is assigned or the issue left the first board list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, names, off
from bots.slo.model import Check, Deferred, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled

if TYPE_CHECKING:
    from bots.slo.facts import Facts

QUOTE = "If it comes in at 4pm, the Team has until 4pm the next day to triage."


@dataclass(frozen=True)
class TriageSettings(RuleSettings):
    business_days: int = 1  # handbook: triage within one business day
    escalate_after_business_days: int = 1  # after the breach, before the manager is asked


def read(node: Node, known: Known) -> TriageSettings:
    d = TriageSettings()
    escalate = node.child("escalate_after_business_days")
    return TriageSettings(read_enabled(node, {"business_days", "escalate_after_business_days"}),
                          read_days(node.child("business_days"), d.business_days, minimum=1),
                          read_days(escalate, d.escalate_after_business_days, minimum=1))


BREACHED = Level(
    key="triage-breached", severity=90, rule=QUOTE,
    label="slo::triage-breached", color="#8B0000", description="Not triaged within one business day",
    template="""
**Triage overdue** {{ mentions }}

This SA request came in {{ received }} and was due for triage by **{{ triage_due }}** (one business day).
Please pick it up: assign an SA, or move the issue off `{{ first_list }}`.

> "{{ rule }}" (Commercial SA Engagement Model, Triage within One Business Day)

_Clears when an SA is assigned or the issue leaves `{{ first_list }}`. If it is still waiting at {{ escalate }}, the regional manager is asked to step in._
""")  # noqa: E501
ESCALATED = Level(
    key="triage-escalated", severity=100, rule=QUOTE,
    label="slo::triage-escalated", color="#4B0000",
    description="Triage breach escalated to the regional manager",
    template="""
**Triage escalated** {{ mentions }}

This SA request came in {{ received }}, was due for triage by {{ triage_due }}, and is still waiting one business day later. Could you find it an SA?

> "{{ rule }}" (Commercial SA Engagement Model, Triage within One Business Day)

_Clears when an SA is assigned or the issue leaves `{{ first_list }}`._
""")  # noqa: E501


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


def due(f: Facts, t: TriageSettings) -> datetime:
    """When triage of this request is due: "if it comes in at 4pm, the Team has until 4pm the next
    day" (in the region's business calendar). The one place this is counted."""
    return f.calendar.due(f.entered, t.business_days)


def check(f: Facts, t: TriageSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not t.enabled:
        return off(BREACHED, "the triage SLO is disabled"), off(ESCALATED, "the triage SLO is disabled")
    cal = f.calendar
    start = cal.clock_start(f.entered)
    deadline = due(f, t)
    escalate = cal.add_business_days(deadline, t.escalate_after_business_days)
    context = Deferred(lambda: {"received": when(cal, f.entered), "triage_due": when(cal, deadline),
                                "escalate": when(cal, escalate), "first_list": f.first_list})
    if f.record.triaged_at is not None or f.triaged_now:
        done = triage_summary(f)
        return tuple(Check(lv, Status.MET, done, start, at, cal, context=context, resolution=done)
                     for lv, at in ((BREACHED, deadline), (ESCALATED, escalate)))
    waiting = f"not triaged yet: no assignee and still on `{f.first_list}`"
    return (Check(BREACHED, due_or_pending(now, deadline), waiting, start, deadline, cal, f.team, context),
            Check(ESCALATED, due_or_pending(now, escalate), waiting, start, escalate, cal,
                  f.managers or f.team, context))


RULE = RequestRule(key="triage", levels=(BREACHED, ESCALATED), defaults=TriageSettings(), read=read,
                   check=check)
