"""Question #3 counts the SA team's business hours, not clock hours, between request and meeting."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bots import actions as a
from bots.mirror.decide import MEETING_BEFORE_REQUEST, is_fast_track, missing_info
from bots.mirror.request_plan import plan_request
from bots.slo.rules import lead_time
from tests.factories import config, context, request
from tests.issue11.helpers import quoted
from tests.slo.helpers import env, facts, mirrored

RULE = quoted("**#3: Does the SA have the lead time to prepare; is the meeting is not scheduled "
              "within 12-24 hours of the request**")
NY = ZoneInfo("America/New_York")
AMER = config().regions["AMER"].calendar


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc]


def weekend_request():
    # Friday 16:00 for Monday 10:00: 66 clock hours, two business hours (Fri 16-17, Mon 9-10).
    return request(requested_at=ny(2026, 11, 20, 16, 0), meeting_at=ny(2026, 11, 23, 10, 0))


def test_friday_afternoon_for_monday_morning_is_a_fast_track():
    assert RULE
    req = weekend_request()
    assert AMER.business_hours_between(req.requested_at, req.meeting_at) == 2.0
    assert is_fast_track(req, 24, AMER)
    (create,) = plan_request(req, None, context(ny(2026, 11, 20, 16, 5)))
    assert isinstance(create, a.CreateIssue) and "fast-track" in create.labels


def test_a_meeting_three_business_days_out_is_not_a_fast_track():
    req = request(requested_at=ny(2026, 11, 17, 10, 0), meeting_at=ny(2026, 11, 20, 10, 0))
    assert not is_fast_track(req, 24, AMER)  # 24 business hours exactly: enough lead time


def test_the_fast_track_note_counts_business_hours():
    issue = mirrored(weekend_request())
    (check,) = lead_time.check(facts(issue), lead_time.LeadTimeSettings(), ny(2026, 11, 20, 16, 30), env())
    assert "2.0 business hours after the request" in check.context["reason"]


def test_a_meeting_before_the_request_is_a_data_problem_not_a_fast_track():
    req = request(requested_at=ny(2026, 11, 20, 16, 0), meeting_at=ny(2026, 11, 19, 10, 0))
    assert not is_fast_track(req, 24, AMER)
    assert MEETING_BEFORE_REQUEST in missing_info(req)
    (create,) = plan_request(req, None, context(ny(2026, 11, 20, 16, 5)))
    assert "fast-track" not in create.labels
    assert "needs-info" in create.labels_after_notes
    (note,) = create.notes
    assert "before the request" in note
