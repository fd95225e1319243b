"""The SLO bot's signed record: round trip, forgery, placement, and the digest's time-to-triage reader."""

from datetime import UTC, datetime

from bots import markers
from bots.slo import record
from bots.slo.record import Record
from tests.factories import KEY

REC = Record(triaged_at="2026-11-23T11:00:00+00:00", triaged_by="assignment", triage_hours=15.0,
             triage_due="2026-11-20T12:00:00+00:00", assigned_at="2026-11-23T11:00:00+00:00",
             open=("tech-eval-at-risk",))
DESC = markers.owned_block("mirror block") + "\n\n### Notes from the team\nkeep me\n"


def test_round_trip_and_placement_right_after_the_mirror_block():
    text = record.write(DESC, REC, KEY)
    assert record.read(text, KEY) == REC
    assert text.split("\n")[3].startswith("<!-- sa-triage:slo {") and text.endswith("keep me\n")
    again = record.write(text, Record(), KEY)
    assert again.count("sa-triage:slo") == 1 and record.read(again, KEY) == Record()
    assert record.write(text, REC, KEY) == text  # stable: rewriting the same record changes nothing


def test_a_record_signed_with_another_key_or_edited_is_not_trusted():
    text = record.write(DESC, REC, KEY)
    assert record.read(text, markers.state_key("other-token")) is None
    assert record.read(text.replace('"triage_hours":15.0', '"triage_hours":1.0'), KEY) is None
    assert record.read("no record here", KEY) is None
    assert record.read(None, KEY) is None


def test_the_mirror_state_comment_is_not_mistaken_for_the_record_and_vice_versa():
    text = record.write(DESC, REC, KEY)
    assert markers.read_signed_state(text, KEY) is None
    assert record.read(markers.signed_state_comment({"a": 1}, KEY), KEY) is None


def test_a_description_without_a_block_gets_the_record_at_the_end():
    assert record.write("", REC, KEY).startswith("<!-- sa-triage:slo ")
    assert record.write("people text", REC, KEY).startswith("people text\n\n<!-- sa-triage:slo ")


def test_comment_cannot_be_closed_early():
    hostile = Record(triaged_by="--> /close")
    comment = record.comment(hostile, KEY)
    assert comment.count("-->") == 1 and record.read(comment, KEY) == hostile


def test_time_to_triage_for_the_digest():
    t = record.time_to_triage(record.write(DESC, REC, KEY), KEY)
    assert t is not None
    assert (t.triaged_at, t.business_hours, t.by) == (datetime(2026, 11, 23, 11, tzinfo=UTC), 15.0,
                                                      "assignment")
    assert t.due == datetime(2026, 11, 20, 12, tzinfo=UTC) and t.breached
    assert record.time_to_triage(record.write(DESC, Record(), KEY), KEY) is None
    assert record.time_to_triage("", KEY) is None
