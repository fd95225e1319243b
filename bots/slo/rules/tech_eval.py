"""Technical evaluation complete 15 (First Order) or 30 (Named, Territory) days before the close date.

Handbook (Segment-Specific Engagement Models): "The goal is to complete the `3-Technical Evaluation`
prior to 15 days of the Close Date" (First Order) and "prior to 30 days of the Close Date" (Named,
Territory). The deadline is the start (local midnight) of close date − N days; the assignee is warned
5 business days before it, and the breach is flagged at it, while the stage is still 3 or earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, local_midnight, off, unique
from bots.slo.model import Check, Deferred, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled
from bots.sources.request import Segment

if TYPE_CHECKING:
    from bots.slo.facts import Facts

QUOTE = "The goal is to complete the `3-Technical Evaluation` prior to {days} days of the Close Date."


@dataclass(frozen=True)
class TechEvalSettings(RuleSettings):
    days_before_close: tuple[tuple[Segment, int], ...] = (
        (Segment.FIRST_ORDER, 15), (Segment.NAMED, 30), (Segment.TERRITORY, 30))
    warn_business_days: int = 5
    complete_after_stage: int = 3  # the evaluation is done once the stage is past 3

    def days_for(self, segment: Segment) -> int | None:
        """The segment's goal, None when it has none (Small Business, unless configured)."""
        for known, days in self.days_before_close:  # a few pairs: no dict per request
            if known is segment:
                return days
        return None


def read(node: Node, known: Known) -> TechEvalSettings:
    d = TechEvalSettings()
    enabled = read_enabled(node, {"days_before_close", "warn_business_days", "complete_after_stage"})
    days = node.field("days_before_close", lambda n: _days_before_close(n, d.days_before_close),
                      d.days_before_close)
    stage = node.field("complete_after_stage", lambda n: _stage(n, d.complete_after_stage),
                       d.complete_after_stage)
    return TechEvalSettings(enabled, days, read_days(node.child("warn_business_days"), d.warn_business_days),
                            stage)


Days = tuple[tuple[Segment, int], ...]


def _days_before_close(node: Node, default: Days) -> Days:
    node.keys({s.value for s in Segment})
    given = dict(default)
    return tuple((segment, read_days(node.child(segment.value), given.get(segment, 0))) for segment in Segment
                 if segment in given or node.child(segment.value).value is not None)


def _stage(node: Node, default: int) -> int:
    stage = node.get(int, default)
    if not 1 <= stage <= 7:
        raise node.error("expected a stage number from 1 to 7")
    return stage


AT_RISK = Level(
    key="tech-eval-at-risk", severity=60, rule=QUOTE,
    label="slo::tech-eval-at-risk", color="#FF8C00",
    description="Technical evaluation deadline within 5 business days",
    template="""
**Technical evaluation due soon** {{ mentions }}

This {{ segment }} opportunity closes on {{ close }}, so the technical evaluation should be complete by **{{ deadline }}** ({{ days }} days before the close date), {{ warn_days }} business days or less from now. The stage is still {{ stage }}.

> "{{ rule }}" (Commercial SA Engagement Model, Segment-Specific Engagement Models)

_Clears when the stage moves past `3-Technical Evaluation` in Salesforce._
""")  # noqa: E501
BREACHED = Level(
    key="tech-eval-breached", severity=80, rule=QUOTE,
    label="slo::tech-eval-breached", color="#B22222", description="Technical evaluation deadline passed",
    template="""
**Technical evaluation deadline passed** {{ mentions }}

This {{ segment }} opportunity closes on {{ close }}; the technical evaluation was due complete by **{{ deadline }}** ({{ days }} days before the close date) and the stage is still {{ stage }}. Please update the stage, or agree a new close date with the AE.

> "{{ rule }}" (Commercial SA Engagement Model, Segment-Specific Engagement Models)

_Clears when the stage moves past `3-Technical Evaluation` in Salesforce._
""")  # noqa: E501


def _not_covered(f: Facts, t: TechEvalSettings) -> str:
    """Why the SLO does not cover this request, or "" when it does."""
    return ("the tech-eval SLO is disabled" if not t.enabled else
            "the state has no segment, stage or close date yet"
            if f.segment is None or f.stage is None or f.close is None else
            "the opportunity is closed" if f.stage.is_closed else
            f"the engagement model sets no technical-evaluation goal for the {f.segment.value} segment"
            if t.days_for(f.segment) is None else "")


def _dates(f: Facts, t: TechEvalSettings) -> tuple[datetime, datetime]:
    """The warning and the deadline of a covered request."""
    assert f.segment is not None and f.close is not None
    days = t.days_for(f.segment)
    assert days is not None
    deadline = local_midnight(f.calendar, f.close - timedelta(days=days))
    return f.calendar.add_business_days(deadline, -t.warn_business_days), deadline


def open_dates(f: Facts, t: TechEvalSettings) -> tuple[datetime, datetime] | None:
    """The warning and the deadline while the evaluation is still to complete (the levels can be
    due), else None: what the digest asks, without the checks' wording."""
    if _not_covered(f, t) or f.stage is None or f.stage.order > t.complete_after_stage:
        return None
    return _dates(f, t)


def check(f: Facts, t: TechEvalSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    why = _not_covered(f, t)
    if why:
        return off(AT_RISK, why), off(BREACHED, why)
    assert f.segment is not None and f.stage is not None and f.close is not None
    cal = f.calendar
    days = t.days_for(f.segment)
    warn, deadline = _dates(f, t)
    segment, close, stage = f.segment, f.close, f.stage
    context = Deferred(lambda: {"days": days, "segment": segment.value, "close": close.isoformat(),
                                "deadline": when(cal, deadline), "stage": stage.value,
                                "warn_days": t.warn_business_days})
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


RULE = RequestRule(key="tech_eval", levels=(AT_RISK, BREACHED), defaults=TechEvalSettings(), read=read,
                   check=check)
