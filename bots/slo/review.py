"""Second pair of eyes: after assignment, a second assignee or a reviewer within one business day.

Handbook (#2: Encourage a Second Pair of Eyes Without Delaying Assignment): "Once an opportunity is
assigned, the assigned team member is enouraged collaborate with another team member or a reporting
manager to review the plan". Not for fast tracks ("demos that were scheduled with less than 24 hours
notice") nor direct assignments (a label). Met by a second assignee, a done label, or a note by (or
@mentioning) another SA team member. One gentle reminder to the assignee.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo import notes as n
from bots.slo.common import RuleEnv, due_or_pending, names, off, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

SECOND_REVIEW = level("second-review")


def _met(why: str, start: datetime | None = None, due: datetime | None = None, cal: object = None,
         remember: tuple[tuple[str, object], ...] = ()) -> Check:
    return Check(SECOND_REVIEW, Status.MET, why, start, due, cal, resolution=why, remember=remember)


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    r = s.second_review
    skip = sorted(f.labels & set(r.skip_labels))
    why = ("the second-pair-of-eyes SLO is disabled" if not r.enabled else
           "not assigned yet" if not f.assignees else
           "fast track: a second review may not be feasible" if f.fast_track else
           f"assigned directly (label `{skip[0]}`)" if skip else "")
    if why:
        return (off(SECOND_REVIEW, why),)
    if len(f.assignees) > 1:
        return (_met(f"a second assignee: {names(f.assignees[1:])}"),)
    done = sorted(f.labels & set(r.done_labels))
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
    if f.notes is None:
        return (Check(SECOND_REVIEW, Status.UNKNOWN, "a reviewer is looked for in the notes",
                      start, due, cal),)
    reviewer = n.second_reviewer(f.notes, bot=env.bot, assignees=f.assignees, team=env.team_members)
    if reviewer:
        seen = f"`@{reviewer}` joined as a second pair of eyes"
        return (_met(seen, start, due, cal, (("reviewed", True),)),)
    context = {"assigned": when(cal, start), "labels": r.done_labels}
    return (Check(SECOND_REVIEW, due_or_pending(now, due), f"assigned to {names(f.assignees)}; no second "
                  "assignee or reviewer yet", start, due, cal, f.assignees, context),)
