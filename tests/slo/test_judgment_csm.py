"""SA Judgment and CSM transition.

Handbook, Commercial SA Engagement Model, "Solutions Architect Judgment Indicator":
  "The overall score will be tracked in the existing `SA Validated Tech Eval Close Details` in SFDC with the
  following structure: `[COLOR] + One line qualitative comment`" ... "Solutions Architects are required to
  fill out in their judgment on all opportunities meeting these criteria: EMEA COMM Business Unit;
  Net ARR >$50K; Stage: 3+ (potentially 2+)".
"Post-Sales Engagement": "As an opportunity enters into either the Negotiating or Awaiting Signature stage,
  the Solutions Architect and Account Executive ought to begin introducing the customer to a Customer
  Success Manager following the Commercial CSM Transition Process."
"""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bots.jobs import parse_config
from bots.mirror.request_plan import _judgment
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from bots.sources.request import Region, Stage
from tests.factories import ROOT, request
from tests.slo.helpers import FakeGitLab, checks_at, fmt, local, mirrored, system

EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}
ASSIGNED = local("EMEA", 2026, 11, 23, 11, 0)
LATER = local("EMEA", 2026, 11, 30, 12, 0)


def judged(**kw):
    base = {**EMEA, "net_arr": Decimal("80000"), "stage": Stage.TECHNICAL_EVALUATION, "sa_judgment": None,
            "meeting_at": None, "requested_at": ASSIGNED - timedelta(hours=2)}
    base.update(kw)
    return mirrored(request(**base), assignees=("marco.bianchi",))


NOTES = (system(1, "assigned to @marco.bianchi", ASSIGNED),)


@pytest.mark.parametrize(("case", "overrides", "status"), [
    ("EMEA, $80K, stage 3: required", {}, Status.DUE),
    ("AMER: not required", {"region": Region.AMER, "ae_email": "jordan.lee@example.com"},
     Status.NOT_APPLICABLE),
    ("exactly $50K is not above $50K", {"net_arr": Decimal("50000")}, Status.NOT_APPLICABLE),
    ("a cent above $50K", {"net_arr": Decimal("50000.01")}, Status.DUE),
    ("stage 2: not yet (3+)", {"stage": Stage.SCOPING}, Status.NOT_APPLICABLE),
    ("stage 6 still needs it", {"stage": Stage.AWAITING_SIGNATURE}, Status.DUE),
    ("well-formed", {"sa_judgment": "[GREEN] Champion engaged, clear use case"}, Status.MET),
    ("lower-case colour is accepted", {"sa_judgment": "[yellow] scope creep risk"}, Status.MET),
    ("unknown colour", {"sa_judgment": "[BLUE] fine"}, Status.DUE),
    ("no brackets", {"sa_judgment": "GREEN all good"}, Status.DUE),
    ("two lines", {"sa_judgment": "[RED] no access\nto the technical buyer"}, Status.DUE),
    ("colour only, no comment", {"sa_judgment": "[RED]"}, Status.DUE),
])
def test_judgment_criteria_and_format(case, overrides, status):
    assert checks_at(judged(**overrides), LATER, NOTES)["judgment"].status is status


def test_judgment_problem_text_grace_period_and_unassigned():
    assert (_judgment(None), _judgment("[BLUE] x"), _judgment("[RED] x")) == ("missing", "malformed", "ok")
    c = checks_at(judged(sa_judgment="[BLUE] fine"), LATER, NOTES)["judgment"]
    assert c.context["problem"] == "is not in the `[RED|YELLOW|GREEN] one-line comment` format"
    assert c.recipients == ("marco.bianchi",)
    assert fmt("EMEA", c.due) == "Tue 24 Nov, 11:00 GMT"
    assert checks_at(judged(), c.due - timedelta(minutes=1), NOTES)["judgment"].status is Status.PENDING
    unassigned = replace(judged(), assignees=())
    assert checks_at(unassigned, LATER, ())["judgment"].status is Status.PENDING


def test_judgment_criteria_are_configurable(tmp_path: Path):
    text = (ROOT / "sa-triage.yml").read_text().replace(
        "judgment: {regions: [EMEA], net_arr_above: 50000, min_stage: 3, business_days: 1}",
        "judgment: {regions: [EMEA, AMER], net_arr_above: 20000, min_stage: 2, business_days: 0}")
    cfg = parse_config(text, "sa-triage.yml", ROOT)
    j = slo_settings(cfg).judgment
    assert (j.regions, j.net_arr_above, j.min_stage) == (("EMEA", "AMER"), Decimal(20000), 2)
    assert j.business_days == 0


def test_judgment_reminder_clears_when_salesforce_has_it():
    gl = FakeGitLab(judged(), list(NOTES))
    gl.run(LATER)
    note = gl.bot_notes()["<!-- sa-triage:slo judgment -->"]
    assert "@marco.bianchi" in note.body and "It is missing." in note.body
    assert "in EMEA, above $50,000 Net ARR and at stage 3 or later" in note.body
    fixed = request(**{**EMEA, "net_arr": Decimal("80000"), "sa_judgment": "[GREEN] Champion engaged",
                       "meeting_at": None, "requested_at": ASSIGNED - timedelta(hours=2)})
    gl.salesforce(fixed, LATER + timedelta(hours=1))
    gl.run(LATER + timedelta(hours=2))
    assert "**Resolved:** the SA Judgment is filled in as `[COLOR] one-line comment`." in gl.bot_notes()[
        "<!-- sa-triage:slo judgment -->"].body
    assert "slo::judgment-missing" not in gl.issue.labels


# ---------------------------------------------------------------- CSM transition

@pytest.mark.parametrize(("stage", "status"), [
    (Stage.PROPOSAL, Status.NOT_APPLICABLE), (Stage.NEGOTIATING, Status.DUE),
    (Stage.AWAITING_SIGNATURE, Status.DUE), (Stage.CLOSING, Status.NOT_APPLICABLE)])
def test_csm_transition_at_negotiating_or_awaiting_signature(stage, status):
    c = checks_at(judged(stage=stage), LATER, NOTES)["csm-transition"]
    assert c.status is status
    if status is Status.DUE:
        assert c.recipients == ("marco.bianchi", "lukas.weber")  # the SA and the AE


def test_csm_reminder_once_then_cleared_by_the_label_or_lapsed_when_the_stage_moves_back():
    gl = FakeGitLab(judged(stage=Stage.NEGOTIATING, sa_judgment="[GREEN] ok"), list(NOTES))
    gl.run(LATER)
    posts = gl.posts
    gl.salesforce(request(**{**EMEA, "stage": Stage.AWAITING_SIGNATURE, "sa_judgment": "[GREEN] ok",
                             "net_arr": Decimal("80000"), "meeting_at": None,
                             "requested_at": ASSIGNED - timedelta(hours=2)}), LATER)
    gl.run(LATER + timedelta(hours=1))
    assert gl.posts == posts  # 5 -> 6: still the same one reminder
    gl.relabel(add=("csm-introduced",))
    gl.run(LATER + timedelta(hours=2))
    body = gl.bot_notes()["<!-- sa-triage:slo csm-transition -->"].body
    assert "**Resolved:** labelled `csm-introduced`." in body
    assert "slo::csm-transition" not in gl.issue.labels
    back = FakeGitLab(judged(stage=Stage.NEGOTIATING, sa_judgment="[GREEN] ok"), list(NOTES))
    back.run(LATER)
    back.salesforce(request(**{**EMEA, "stage": Stage.PROPOSAL, "sa_judgment": "[GREEN] ok",
                               "net_arr": Decimal("80000"), "meeting_at": None,
                               "requested_at": ASSIGNED - timedelta(hours=2)}), LATER)
    back.run(LATER + timedelta(hours=1))
    assert ("**No longer applies:** the stage is 4-Proposal, not 5-Negotiating, 6-Awaiting Signature."
            in back.bot_notes()["<!-- sa-triage:slo csm-transition -->"].body)
