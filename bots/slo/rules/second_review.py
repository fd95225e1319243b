"""Second pair of eyes: after assignment, a second assignee or a reviewer within one business day.

Handbook (#2: Encourage a Second Pair of Eyes Without Delaying Assignment): "Once an opportunity is
assigned, the assigned team member is enouraged collaborate with another team member or a reporting
manager to review the plan". Not for fast tracks ("demos that were scheduled with less than 24 hours
notice") nor direct assignments (a label). Met by a second assignee, a done label, or a note by (or
@mentioning) another SA team member. One gentle reminder to the assignee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo import notes as n
from bots.slo.common import RuleEnv, due_or_pending, names, off
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_labels

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class SecondReviewSettings(RuleSettings):
    business_days: int = 1
    skip_labels: tuple[str, ...] = ("direct-assignment",)
    done_labels: tuple[str, ...] = ("second-review-done",)

    def labels(self) -> tuple[str, ...]:
        return (*self.skip_labels, *self.done_labels)


def read(node: Node, known: Known) -> SecondReviewSettings:
    d = SecondReviewSettings()
    enabled = read_enabled(node, {"business_days", "skip_labels", "done_labels"})
    return SecondReviewSettings(enabled, read_days(node.child("business_days"), d.business_days, minimum=1),
                                read_labels(node.child("skip_labels"), d.skip_labels, known),
                                read_labels(node.child("done_labels"), d.done_labels, known))


SECOND_REVIEW = Level(
    key="second-review", severity=10,
    rule="Once an opportunity is assigned, the assigned team member is enouraged collaborate with another "
         "team member or a reporting manager to review the plan, verify goals, and identify next steps.",
    label="slo::second-review-reminded", color="#9ACD32",
    description="Assigned SA reminded to ask for a second pair of eyes on the Command Plan",
    template="""
**A second pair of eyes?** {{ mentions }}

Thanks for picking this up ({{ assigned }}). When you have a moment, ask another SA or your manager to look over the Command Plan with you: goals, gaps and next steps. It need not hold anything up.

> "{{ rule }}" (Commercial SA Engagement Model, #2: Encourage a Second Pair of Eyes)

_Clears when a second person is assigned, another team member comments here or you mention them here{% if labels %}, or the `{{ labels[0] }}` label is added{% endif %}. This is the only reminder._
""")  # noqa: E501
MARKS = (
    LabelSpec("direct-assignment", "#708090",
              "Assigned directly to a specific SA (language or skill): no second review expected"),
    LabelSpec("second-review-done", "#8FBC8F", "A second team member reviewed the Command Plan"),
)


def _met(why: str, start: datetime | None = None, due: datetime | None = None,
         cal: BusinessCalendar | None = None, remember: tuple[tuple[str, object], ...] = ()) -> Check:
    return Check(SECOND_REVIEW, Status.MET, why, start, due, cal, resolution=why, remember=remember)


def _not_expected(f: Facts, r: SecondReviewSettings) -> str:
    """Why no second review is expected, or "" when it is."""
    if not r.enabled or not f.assignees or f.fast_track:
        return ("the second-pair-of-eyes SLO is disabled" if not r.enabled else
                "not assigned yet" if not f.assignees else "fast track: a second review may not be feasible")
    skip = sorted(f.labels.intersection(r.skip_labels))
    return f"assigned directly (label `{skip[0]}`)" if skip else ""


def check(f: Facts, r: SecondReviewSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    why = _not_expected(f, r)
    if why:
        return (off(SECOND_REVIEW, why),)
    if len(f.assignees) > 1:
        return (_met(f"a second assignee: {names(f.assignees[1:])}"),)
    done = sorted(f.labels.intersection(r.done_labels))
    if done:
        return (_met(f"labelled `{done[0]}`"),)
    if f.record.reviewed:
        return (_met("a second team member reviewed the Command Plan"),)
    if f.record.assigned_at is None:
        return (Check(SECOND_REVIEW, Status.UNKNOWN, "the assignment time is read from the notes"),)
    cal = f.calendar
    assigned = datetime.fromisoformat(f.record.assigned_at)
    start, due = cal.clock_start(assigned), cal.due(assigned, r.business_days)
    if now < due:
        waiting = f"assigned to {names(f.assignees)}; no second review yet"
        return (Check(SECOND_REVIEW, Status.PENDING, waiting, start, due, cal),)
    notes = f.evidence
    if notes is None:
        return (Check(SECOND_REVIEW, Status.UNKNOWN, "a reviewer is looked for in the notes",
                      start, due, cal),)
    reviewer = n.second_reviewer(notes, bot=env.bot, assignees=f.assignees, team=env.team_members)
    if reviewer:
        seen = f"`@{reviewer}` joined as a second pair of eyes"
        return (_met(seen, start, due, cal, (("reviewed", True),)),)
    context = {"assigned": when(cal, start), "labels": r.done_labels}
    return (Check(SECOND_REVIEW, due_or_pending(now, due), f"assigned to {names(f.assignees)}; no second "
                  "assignee or reviewer yet", start, due, cal, f.assignees, context),)


RULE = RequestRule(key="second_review", levels=(SECOND_REVIEW,), defaults=SecondReviewSettings(), read=read,
                   check=check, marks=MARKS, evidence=True)
