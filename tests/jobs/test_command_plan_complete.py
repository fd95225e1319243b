"""Command Plan completeness, fully: each missing item is one line of the mirror's needs-info note.

Handbook (Commercial SA Engagement Model), copied into tests/fixtures:
- "Salesforce opportunities should have MEDDPPICC (and required 7 methods applied)."
- "Compelling events are to be clearly defined in the Command Plan on an opportunity with a positive
  Net ARR (or negative Net ARR when the account needs deep technical knowledge or needs to be resold)."
- First Order and Territory: "opportunities where a Command Plan and Custom Pitch Deck are being
  leveraged".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bots.mirror.decide import COMPELLING_FLAGGED, FIELD_NAMES, PITCH_DECK, REQUIRED_7, missing_info
from bots.mirror.render import needs_info
from bots.sources.request import Segment, Stage
from tests.factories import COMPLETE_PLAN, request
from tests.issue11.helpers import quoted

NO_EVENT = replace(COMPLETE_PLAN, compelling_event="")
POSITIVE = FIELD_NAMES["compelling_event"]


@pytest.mark.parametrize(("arr", "flag", "asked"), [
    ("42000", None, POSITIVE), ("-8000", None, None), ("-8000", False, None),
    ("-8000", True, COMPELLING_FLAGGED),
])
def test_a_compelling_event_for_positive_net_arr_or_a_flagged_negative_one(arr, flag, asked):
    req = request(net_arr=Decimal(arr), command_plan=NO_EVENT, deep_technical_or_resale=flag)
    missing = missing_info(req)
    assert [x for x in missing if x.startswith("Compelling event")] == ([asked] if asked else [])


@pytest.mark.parametrize(("value", "asked"), [(None, False), (True, False), (False, True)])
def test_the_required_7_methods_where_salesforce_carries_them(value, asked):
    assert (REQUIRED_7 in missing_info(request(required_7=value))) is asked


@pytest.mark.parametrize(("segment", "stage", "deck", "asked"), [
    (Segment.FIRST_ORDER, Stage.SCOPING, "", True),
    (Segment.TERRITORY, Stage.TECHNICAL_EVALUATION, "  ", True),
    (Segment.TERRITORY, Stage.TECHNICAL_EVALUATION, "https://docs.google.com/presentation/d/x", False),
    (Segment.FIRST_ORDER, Stage.SCOPING, None, False),  # the source has no such field
    (Segment.NAMED, Stage.SCOPING, "", False),
])
def test_a_custom_pitch_deck_for_first_order_and_territory(segment, stage, deck, asked):
    req = request(segment=segment, stage=stage, custom_pitch_deck=deck)
    assert (PITCH_DECK in missing_info(req)) is asked


def test_each_missing_item_is_one_line_of_the_needs_info_note():
    req = request(segment=Segment.FIRST_ORDER, stage=Stage.SCOPING, net_arr=Decimal("-1"),
                  command_plan=NO_EVENT, deep_technical_or_resale=True, required_7=False,
                  custom_pitch_deck="")
    body = needs_info(missing_info(req), "jordan.lee")
    for item in (COMPELLING_FLAGGED, REQUIRED_7, PITCH_DECK):
        assert body.count(f"- [ ] {item}\n") == 1


def test_the_note_asks_before_assignment_and_does_not_ask_for_perfection():
    """Question #1: ask "before the opportunity is assigned, and before the next proposed meeting";
    #2: "It is totally fine if all the answers aren't known during triage"."""
    assert quoted("request more information before the opportunity is assigned, and before the next "
                  "proposed meeting can take place")
    assert quoted("It is totally fine if all the answers aren't known during triage")
    body = needs_info((REQUIRED_7,), "jordan.lee")
    assert body.startswith("**More information needed before an SA is assigned** @jordan.lee")
    assert "before the request is assigned and the next customer meeting" in body
    assert "can be found out together during discovery" in body and "triaged" not in body


def test_an_export_without_the_new_columns_asks_for_nothing_new_and_warns_nothing(tmp_path):
    from bots.sources.exports import read_csv
    from tests.sources.sources_factories import HEADER, export_row, write_csv

    keep = [i for i, h in enumerate(HEADER) if h not in ("Required 7 Methods Applied", "Custom Pitch Deck",
                                                         "Deep Technical or Resale", "CSM Eligible",
                                                         "Customer Success Manager")]
    row = export_row()
    path = write_csv(tmp_path, [[row[i] for i in keep]], header=[HEADER[i] for i in keep])
    result = read_csv(path)
    (req,) = result.requests
    assert all("columns not found" not in p.message for p in result.problems)
    assert (req.required_7, req.custom_pitch_deck, req.deep_technical_or_resale) == (None, None, None)


def test_a_request_without_the_new_fields_keeps_the_fingerprint_of_the_release_before_them():
    # Computed with the release before these fields: its blocks are not rewritten on upgrade.
    assert request().fingerprint() == "aad55cb86b5669f4c2c95d67916973cf768a0ee1da80a9ae1fe92c9f6afe693e"
    assert request(required_7=True).fingerprint() != request().fingerprint()
