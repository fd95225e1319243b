"""Small Business requests: the Commercial SA team supports SMB as well as Mid-Market ("primarily
Mid-Market"). An SMB request is mirrored, labelled `segment::smb`, and held to no Mid-Market
engagement model: any stage is in scope, no pitch deck is asked for and no technical-evaluation
deadline applies unless the team sets one. It used to be rejected as a bad row on every run."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bots import actions as a
from bots.jobs import parse_config
from bots.mirror.decide import missing_info
from bots.mirror.redirect import reason
from bots.mirror.redirect_settings import async_slack_settings
from bots.mirror.request_plan import plan_request
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from bots.sources.request import Segment, Stage
from tests.factories import ROOT, config, context, request
from tests.issue11.helpers import quoted
from tests.slo.helpers import checks_at, mirrored

COMMERCIAL = quoted("The Commercial Sales segment consists of two sales teams, Small Business (SMB) and "
                    "Mid-Market (MM). The Commercial Sales segment is supported by a dedicated team of "
                    "Solutions Architects (SA)")


@pytest.mark.parametrize("text", ["SMB", "smb", "Small Business", "Small/Medium Business",
                                  "Small and Medium Business"])
def test_salesforce_spellings_of_small_business(text):
    assert COMMERCIAL and Segment.from_text(text) is Segment.SMB


@pytest.mark.parametrize("stage", [Stage.DISCOVERY, Stage.SCOPING, Stage.PROPOSAL, Stage.NEGOTIATING])
def test_an_smb_request_is_mirrored_at_any_stage_without_mid_market_asks(stage):
    req = request(segment=Segment.SMB, stage=stage, custom_pitch_deck="")
    (create,) = plan_request(req, None, context())
    assert isinstance(create, a.CreateIssue) and "segment::smb" in create.labels
    assert missing_info(req) == ()  # no engagement-model stage, no Custom Pitch Deck
    assert reason(req, async_slack_settings(config())) is None  # not pointed to Slack for its stage
    # The same request as Mid-Market First Order is asked about both at Negotiating.
    fo = missing_info(request(segment=Segment.FIRST_ORDER, stage=Stage.NEGOTIATING, custom_pitch_deck=""))
    assert any("engagement model" in m for m in fo) and any("Pitch Deck" in m for m in fo)


def test_no_tech_eval_deadline_for_smb_unless_the_team_sets_one():
    req = request(segment=Segment.SMB, stage=Stage.TECHNICAL_EVALUATION)
    late = req.close_date - timedelta(days=3)
    at = req.requested_at.replace(year=late.year, month=late.month, day=late.day)
    checks = checks_at(mirrored(req), at)
    assert checks["tech-eval-breached"].status is Status.NOT_APPLICABLE
    assert "no technical-evaluation goal for the smb segment" in checks["tech-eval-breached"].why
    named = checks_at(mirrored(request(segment=Segment.NAMED, stage=Stage.TECHNICAL_EVALUATION)), at)
    assert named["tech-eval-breached"].status is Status.DUE
    shipped = (ROOT / "sa-triage.yml").read_text(encoding="utf-8")
    text = shipped.replace("{first-order: 15, named: 30, territory: 30}", "{smb: 20}")
    assert text != shipped
    cfg = parse_config(text, "sa-triage.yml", ROOT)
    assert slo_settings(cfg).tech_eval.days_for(Segment.SMB) == 20
    assert slo_settings(config()).tech_eval.days_for(Segment.SMB) is None
