"""Technical evaluation complete 15 (First Order) or 30 (Named, Territory) days before the close date.

Handbook (Segment-Specific Engagement Models): "The goal is to complete the `3-Technical Evaluation`
prior to 15 days of the Close Date" (First Order) and "prior to 30 days of the Close Date" (Named,
Territory). The deadline is the start (local midnight) of close date − N days; the assignee is warned
5 business days before it, and the breach is flagged at it, while the stage is still 3 or earlier.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bots.slo.common import RuleEnv, due_or_pending, local_midnight, off, unique, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

AT_RISK, BREACHED = level("tech-eval-at-risk"), level("tech-eval-breached")


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    t = s.tech_eval
    why = ("the tech-eval SLO is disabled" if not t.enabled else
           "the state has no segment, stage or close date yet" if None in (f.segment, f.stage, f.close) else
           "the opportunity is closed" if f.stage is not None and f.stage.is_closed else "")
    if why:
        return off(AT_RISK, why), off(BREACHED, why)
    assert f.segment is not None and f.stage is not None and f.close is not None
    cal = f.calendar
    days = t.days_for(f.segment)
    deadline = local_midnight(cal, f.close - timedelta(days=days))
    warn = cal.add_business_days(deadline, -t.warn_business_days)
    context = {"days": days, "segment": f.segment.value, "close": f.close.isoformat(),
               "deadline": when(cal, deadline), "stage": f.stage.value, "warn_days": t.warn_business_days}
    if f.stage.order > t.complete_after_stage:
        done = f"the stage is {f.stage.value}: the technical evaluation is complete"
        return tuple(Check(lv, Status.MET, done, None, at, cal, context=context, resolution=done)
                     for lv, at in ((AT_RISK, warn), (BREACHED, deadline)))
    recipients = unique(f.assignees) or f.team
    why = (f"stage {f.stage.value}; {f.segment.value}: complete {days} days before the close date "
           f"{f.close.isoformat()}")
    return (Check(AT_RISK, due_or_pending(now, warn), why, None, warn, cal, recipients, context,
                  superseded_by=BREACHED.key),
            Check(BREACHED, due_or_pending(now, deadline), why, None, deadline, cal, recipients, context))
