"""SA Judgment: `[RED|YELLOW|GREEN] one-line comment` on EMEA opportunities over $50K from stage 3.

Handbook (Solutions Architect Judgment Indicator): "Solutions Architects are required to fill out in
their judgment on all opportunities meeting these criteria: EMEA COMM Business Unit; Net ARR >$50K;
Stage: 3+ (potentially 2+)", tracked in `SA Validated Tech Eval Close Details` as `[COLOR] + One line
qualitative comment`. The criteria are configurable (`slo.judgment`); the format check is
`bots.sources.request.parse_judgment`, applied by the mirror. The assignee is reminded after a grace
period from assignment.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo.common import RuleEnv, due_or_pending, names, off, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

JUDGMENT = level("judgment")
PROBLEMS = {"missing": "is missing",
            "malformed": "is not in the `[RED|YELLOW|GREEN] one-line comment` format"}


def _criteria(f: Facts, s: SloSettings) -> str:
    """Why the judgment is not required, or "" when it is."""
    j = s.judgment
    if not j.enabled:
        return "the SA Judgment SLO is disabled"
    if f.region not in j.regions:
        return f"region {f.region}: required in {', '.join(j.regions)} only"
    if f.net_arr is None or f.net_arr <= j.net_arr_above:
        return f"Net ARR {f.net_arr if f.net_arr is not None else 'unknown'} is not above {j.net_arr_above:,}"
    if f.stage is None or f.stage.is_closed or f.stage.order < j.min_stage:
        return f"stage {f.stage.value if f.stage else 'unknown'} is before stage {j.min_stage}"
    if not f.judgment:
        return "the mirror has not recorded the judgment yet"
    return ""


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    why = _criteria(f, s)
    if why:
        return (off(JUDGMENT, why),)
    if f.judgment == "ok":
        return (Check(JUDGMENT, Status.MET, "the SA Judgment is filled in", resolution=(
            "the SA Judgment is filled in as `[COLOR] one-line comment`")),)
    problem = PROBLEMS.get(f.judgment, PROBLEMS["malformed"])
    if not f.assignees:
        return (Check(JUDGMENT, Status.PENDING, f"the SA Judgment {problem}; no SA assigned yet"),)
    if f.record.assigned_at is None:
        return (Check(JUDGMENT, Status.UNKNOWN, "the assignment time is read from the notes"),)
    cal = f.calendar
    assigned = datetime.fromisoformat(f.record.assigned_at)
    start, due = cal.clock_start(assigned), cal.due(assigned, s.judgment.business_days)
    j = s.judgment
    criteria = (f"in {' or '.join(j.regions)}, above ${j.net_arr_above:,.0f} Net ARR and at stage "
                f"{j.min_stage} or later")
    context = {"problem": problem, "assigned": when(cal, start), "criteria": criteria}
    return (Check(JUDGMENT, due_or_pending(now, due), f"the SA Judgment {problem} (assigned to "
                  f"{names(f.assignees)})", start, due, cal, f.assignees, context),)
