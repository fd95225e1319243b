"""SA Judgment: `[RED|YELLOW|GREEN] one-line comment` on EMEA opportunities over $50K from stage 3.

Handbook (Solutions Architect Judgment Indicator): "Solutions Architects are required to fill out in
their judgment on all opportunities meeting these criteria: EMEA COMM Business Unit; Net ARR >$50K;
Stage: 3+ (potentially 2+)", tracked in `SA Validated Tech Eval Close Details` as `[COLOR] + One line
qualitative comment`. The criteria are configurable (`slo.judgment`); the format check is
`bots.sources.request.parse_judgment`, applied by the mirror. The assignee is reminded after a grace
period from assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, names, off
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled

if TYPE_CHECKING:
    from bots.slo.facts import Facts

PROBLEMS = {"missing": "is missing",
            "malformed": "is not in the `[RED|YELLOW|GREEN] one-line comment` format"}


@dataclass(frozen=True)
class JudgmentSettings(RuleSettings):
    regions: tuple[str, ...] = ("EMEA",)
    net_arr_above: Decimal = Decimal(50_000)
    min_stage: int = 3
    business_days: int = 1  # after assignment, before the SA is reminded


def read(node: Node, known: Known) -> JudgmentSettings:
    d = JudgmentSettings()
    enabled = read_enabled(node, {"regions", "net_arr_above", "min_stage", "business_days"})
    regions = node.field("regions", lambda n: _regions(n, d.regions, known), d.regions)
    above = Decimal(str(node.typed("net_arr_above", float, float(d.net_arr_above))))
    stage = node.field("min_stage", lambda n: _stage(n, d.min_stage), d.min_stage)
    grace = read_days(node.child("business_days"), d.business_days)
    return JudgmentSettings(enabled, regions, above, stage, grace)


def _regions(node: Node, default: tuple[str, ...], known: Known) -> tuple[str, ...]:
    regions = node.strings() if node.value is not None else default
    for i, region in enumerate(regions):
        if known.regions is not None and region not in known.regions:
            node.child(i).reject(f"unknown region {region!r}")
    return regions


def _stage(node: Node, default: int) -> int:
    stage = node.get(int, default)
    if not 0 <= stage <= 7:
        raise node.error("expected a stage number from 0 to 7")
    return stage


JUDGMENT = Level(
    key="judgment", severity=30,
    rule="Solutions Architects are required to fill out in their judgment on all opportunities meeting "
         "these criteria",
    label="slo::judgment-missing", color="#CD5C5C",
    description="SA Judgment missing or not [RED|YELLOW|GREEN] one-line comment (EMEA, > $50K, stage 3+)",
    template="""
**SA Judgment needed** {{ mentions }}

This opportunity is {{ criteria }}, so it needs your SA Judgment in `SA Validated Tech Eval Close Details` in Salesforce. It {{ problem }}.

Format: `[RED]`, `[YELLOW]` or `[GREEN]` and a one-line comment, e.g. `[RED] No access to technical buyers, no clear use case`.

> "{{ rule }}" (Commercial SA Engagement Model, Solutions Architect Judgment Indicator)

_Clears when Salesforce has a judgment in that format._
""")  # noqa: E501


def _criteria(f: Facts, j: JudgmentSettings) -> str:
    """Why the judgment is not required, or "" when it is."""
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


def check(f: Facts, j: JudgmentSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    why = _criteria(f, j)
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
    start, due = cal.clock_start(assigned), cal.due(assigned, j.business_days)
    criteria = (f"in {' or '.join(j.regions)}, above ${j.net_arr_above:,.0f} Net ARR and at stage "
                f"{j.min_stage} or later")
    context = {"problem": problem, "assigned": when(cal, start), "criteria": criteria}
    return (Check(JUDGMENT, due_or_pending(now, due), f"the SA Judgment {problem} (assigned to "
                  f"{names(f.assignees)})", start, due, cal, f.assignees, context),)


RULE = RequestRule(key="judgment", levels=(JUDGMENT,), defaults=JudgmentSettings(), read=read, check=check)
