"""CSM transition where it applies: the Negotiating / Awaiting Signature reminder says whether the
account qualifies for a Customer Success Manager.

Handbook (Commercial SA Engagement Model, Post-Sales Engagement), copied into tests/fixtures:
"Customer Success Manager assignment is not available for the majority of Commercial Accounts", and
"As an opportunity enters into either the Negotiating or Awaiting Signature stage, the Solutions
Architect and Account Executive ought to begin introducing the customer to a Customer Success Manager".
"""

from __future__ import annotations

import pytest

from bots.errors import ConfigError
from bots.schema import Node, raise_found
from bots.slo.messages import NoteState, body
from bots.slo.rules.csm_transition import CsmSettings, read
from bots.slo.settings import Known
from bots.sources.request import Segment, Stage
from gitlab_sandbox.mentions import find_mentions
from tests.factories import ROOT, request
from tests.golden_files import check
from tests.slo.helpers import checks_at, handbook_excerpts, mirrored
from tests.slo.test_messages import ASSIGNED, T0

NOT_AVAILABLE = "Customer Success Manager assignment is not available for the majority of Commercial Accounts"


def _check(**fields):
    issue = mirrored(request(stage=Stage.NEGOTIATING, **fields), assignees=("marco.bianchi",))
    return checks_at(issue, T0, ASSIGNED)["csm-transition"]


@pytest.mark.parametrize(("fields", "qualifies"), [
    ({"segment": Segment.NAMED}, True),
    ({"segment": Segment.FIRST_ORDER}, False),
    ({"segment": Segment.TERRITORY}, False),
    ({"segment": Segment.TERRITORY, "csm_name": "Nadia Haddad"}, True),
    ({"segment": Segment.TERRITORY, "csm_eligible": True}, True),
    ({"segment": Segment.NAMED, "csm_eligible": False}, False),
])
def test_whether_the_account_qualifies_from_salesforce_else_the_segment(fields, qualifies):
    c = _check(**fields)
    assert c.context["qualifies"] is qualifies
    text = body(c, NoteState.ACTIVE)
    assert ("Time to introduce a Customer Success Manager" in text) is qualifies
    assert (NOT_AVAILABLE in text) is (not qualifies)


def test_the_note_for_an_account_without_a_csm_matches_its_golden_file():
    c = _check(segment=Segment.TERRITORY)
    text = body(c, NoteState.ACTIVE)
    check(ROOT / "tests" / "golden" / "slo-csm", "csm-transition-not-available.active", text)
    assert set(find_mentions(text)) == set(c.recipients)


def test_the_quote_is_the_handbooks():
    assert f"_{NOT_AVAILABLE}_" in handbook_excerpts()["commercial-sa-engagement-model.md"]


def test_csm_segments_are_configurable_and_a_bad_one_is_named():
    node = Node("sa-triage.yml", "slo.csm_transition", {"csm_segments": ["territory"]}, [])
    assert read(node, Known()).csm_segments == (Segment.TERRITORY,)
    assert read(Node("sa-triage.yml", "slo.csm_transition", None, []), Known()) == CsmSettings()
    bad = Node("sa-triage.yml", "slo.csm_transition", {"csm_segments": ["enterprise"]}, [])
    read(bad, Known())  # the error is collected: the config's reading raises it at its end
    with pytest.raises(ConfigError, match="unknown segment 'enterprise'"):
        raise_found(bad.found)
