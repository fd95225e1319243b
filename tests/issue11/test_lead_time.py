"""Question #3 counts the notice the SA team has between request and meeting: clock hours on the
region's business days ("less than 24 hours notice"), its weekends and days off left out."""

from dataclasses import replace
from datetime import date, datetime, timedelta
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
NOTICE = quoted("Fast-track prioritization for demos that were scheduled with less than 24 hours notice")
NY = ZoneInfo("America/New_York")
AMER = config().regions["AMER"].calendar


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc]


def weekend_request():
    # Friday 16:00 for Monday 10:00: 66 clock hours, 18 of them on business days (Fri 16-24, Mon 0-10).
    return request(requested_at=ny(2026, 11, 20, 16, 0), meeting_at=ny(2026, 11, 23, 10, 0))


def test_friday_afternoon_for_monday_morning_is_a_fast_track():
    assert RULE and NOTICE
    req = weekend_request()
    assert AMER.business_day_hours_between(req.requested_at, req.meeting_at) == 18.0
    assert is_fast_track(req, 24, AMER)
    (create,) = plan_request(req, None, context(ny(2026, 11, 20, 16, 5)))
    assert isinstance(create, a.CreateIssue) and "fast-track" in create.labels


def test_a_holiday_gives_no_notice():
    # Wednesday 16:00 before Thanksgiving for Friday 10:00: 42 clock hours, 18 on business days.
    req = request(requested_at=ny(2026, 11, 25, 16, 0), meeting_at=ny(2026, 11, 27, 10, 0))
    assert AMER.business_day_hours_between(req.requested_at, req.meeting_at) == 18.0
    assert is_fast_track(req, 24, AMER)


def fast(requested: datetime, meeting: datetime) -> bool:
    return is_fast_track(request(requested_at=requested, meeting_at=meeting), 24, AMER)


def test_a_day_or_more_of_notice_is_not_a_fast_track():
    # 24 of the team's opening hours would be three working days: that is not "less than 24 hours".
    assert not fast(ny(2026, 11, 16, 10, 0), ny(2026, 11, 19, 9, 30))
    assert not fast(ny(2026, 11, 17, 10, 0), ny(2026, 11, 18, 10, 0))  # 24 hours exactly: enough
    assert fast(ny(2026, 11, 17, 10, 0), ny(2026, 11, 18, 9, 59))
    # Friday 16:00 for Monday 17:00: 25 hours on business days, more than the 4pm-to-4pm day.
    assert not fast(ny(2026, 11, 20, 16, 0), ny(2026, 11, 23, 17, 0))
    # A fortnight of days off (team days off over the holidays) still gives no notice.
    off = replace(AMER, extra_days_off=frozenset(date(2026, 12, 21) + timedelta(days=i) for i in range(15)))
    req = request(requested_at=ny(2026, 12, 18, 16, 0), meeting_at=ny(2027, 1, 5, 10, 0))
    assert is_fast_track(req, 24, off) and not is_fast_track(req, 24, AMER)


def test_the_fast_track_note_counts_the_notice():
    issue = mirrored(weekend_request())
    (check,) = lead_time.check(facts(issue), lead_time.LeadTimeSettings(), ny(2026, 11, 20, 16, 30), env())
    assert "18.0 hours after the request (weekends and days off not counted)" in check.context["reason"]


def test_a_meeting_before_the_request_is_a_data_problem_not_a_fast_track():
    req = request(requested_at=ny(2026, 11, 20, 16, 0), meeting_at=ny(2026, 11, 19, 10, 0))
    assert not is_fast_track(req, 24, AMER)
    assert MEETING_BEFORE_REQUEST in missing_info(req)
    (create,) = plan_request(req, None, context(ny(2026, 11, 20, 16, 5)))
    assert "fast-track" not in create.labels
    assert "needs-info" in create.labels_after_notes
    (note,) = create.notes
    assert "before the request" in note
