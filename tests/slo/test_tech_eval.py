"""Technical evaluation SLO: deadline close - 15 days (First Order) or - 30 days (Named, Territory).

Handbook, Commercial SA Engagement Model, "Segment-Specific Engagement Models":
  First Order: "The goal is to complete the `3-Technical Evaluation` prior to 15 days of the Close Date."
  Named (Key) and Territory: "The goal is to complete the `3-Technical Evaluation` prior to 30 days of
  the Close Date."
Warn the assignee 5 business days before the deadline; breach at the deadline while the stage is <= 3.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bots.slo.model import Status
from bots.sources.request import Region, Segment, Stage
from tests.factories import request
from tests.slo.helpers import FakeGitLab, checks_at, fmt, local, mirrored, system, utc

MINUTE = timedelta(minutes=1)
EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}

# segment, region, close date, deadline (local), warning (local)
TABLE = [
    ("first order: 15 days", Segment.FIRST_ORDER, "AMER", date(2026, 12, 31),
     "Wed 16 Dec, 00:00 EST", "Wed 9 Dec, 00:00 EST"),
    ("named: 30 days; the warning skips Christmas Day", Segment.NAMED, "AMER", date(2027, 1, 29),
     "Wed 30 Dec, 00:00 EST", "Tue 22 Dec, 00:00 EST"),
    ("territory: 30 days, in London", Segment.TERRITORY, "EMEA", date(2026, 12, 31),
     "Tue 1 Dec, 00:00 GMT", "Tue 24 Nov, 00:00 GMT"),
    ("deadline on a Saturday", Segment.FIRST_ORDER, "AMER", date(2027, 1, 17),
     "Sat 2 Jan, 00:00 EST", "Thu 24 Dec, 00:00 EST"),
]


@pytest.mark.parametrize(("case", "segment", "region", "close", "deadline", "warning"), TABLE,
                         ids=[r[0] for r in TABLE])
def test_deadline_and_warning(case, segment, region, close, deadline, warning):
    extra = EMEA if region == "EMEA" else {}
    issue = mirrored(request(segment=segment, close_date=close, stage=Stage.TECHNICAL_EVALUATION, **extra),
                     assignees=("chris.ng",))
    c = checks_at(issue, local(region, 2026, 11, 17, 12, 0))
    risk, breach = c["tech-eval-at-risk"], c["tech-eval-breached"]
    assert (fmt(region, breach.due), fmt(region, risk.due)) == (deadline, warning)
    assert risk.status is breach.status is Status.PENDING
    assert checks_at(issue, risk.due - MINUTE)["tech-eval-at-risk"].status is Status.PENDING
    assert checks_at(issue, risk.due)["tech-eval-at-risk"].status is Status.DUE
    at_deadline = checks_at(issue, breach.due)
    assert at_deadline["tech-eval-breached"].status is Status.DUE
    assert at_deadline["tech-eval-breached"].recipients == ("chris.ng",)


def test_stage_past_3_meets_it_and_closed_is_not_applicable():
    close = date(2026, 12, 31)
    late = local("EMEA", 2026, 12, 20, 12, 0)
    for stage in (Stage.DISCOVERY, Stage.SCOPING, Stage.TECHNICAL_EVALUATION):
        issue = mirrored(request(segment=Segment.TERRITORY, close_date=close, stage=stage, **EMEA))
        assert checks_at(issue, late)["tech-eval-breached"].status is Status.DUE, stage
    proposal = mirrored(request(segment=Segment.TERRITORY, close_date=close, stage=Stage.PROPOSAL, **EMEA))
    assert checks_at(proposal, late)["tech-eval-breached"].status is Status.MET


def test_unassigned_warns_the_regional_team():
    issue = mirrored(request(segment=Segment.TERRITORY, close_date=date(2026, 12, 31), **EMEA))
    assert checks_at(issue, local("EMEA", 2026, 11, 24, 9, 0))["tech-eval-at-risk"].recipients == (
        "commercial-sa-emea",)


def test_first_seen_after_the_deadline_posts_only_the_breach_then_clears_both_on_stage_4():
    req = request(segment=Segment.TERRITORY, close_date=date(2026, 12, 31), **EMEA)
    gl = FakeGitLab(mirrored(req, assignees=("sophie.martin",)))
    gl.notes.append(system(1, "assigned to @sophie.martin", utc(2026, 11, 20, 10, 0)))
    gl.run(local("EMEA", 2026, 12, 2, 10, 0))
    tech = {k: v for k, v in gl.bot_notes().items() if "tech-eval" in k}
    assert list(tech) == ["<!-- sa-triage:slo tech-eval-breached -->"]
    assert "slo::tech-eval-breached" in gl.issue.labels and "slo::tech-eval-at-risk" not in gl.issue.labels
    gl.salesforce(replace(req, stage=Stage.PROPOSAL), local("EMEA", 2026, 12, 2, 10, 30))
    gl.run(local("EMEA", 2026, 12, 2, 11, 0))
    body = gl.bot_notes()["<!-- sa-triage:slo tech-eval-breached -->"].body
    assert "**Resolved:** the stage is 4-Proposal: the technical evaluation is complete." in body
    assert "@sophie.martin" not in body.replace("`@sophie.martin`", "")
    assert not {x for x in gl.issue.labels if x.startswith("slo::tech")}
