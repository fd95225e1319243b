"""The meetings' cadence, holidays and the Global meeting's rotation, from the handbook's "Team Meetings".

Quotes: tests/fixtures/handbook/meetings.md (checked against the handbook page: the shared one where it is
on the machine, else its copy in tests/fixtures/handbook/pages).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from bots.meetings.cadence import (
    DEMO_JAM,
    OPEN_TOPIC,
    PEER_REVIEW,
    RETRO,
    STRATEGY,
    nominal_dates,
    occurrence,
    quarter_of,
    rotation,
    sessions,
    upcoming,
)
from tests.meetings.helpers import PAGE, calendar, passages, quoted, spec
from tests.slo.helpers import handbook_text


@pytest.mark.parametrize("passage", passages(), ids=lambda p: p[:40])
def test_the_copied_passages_are_still_in_the_handbook(passage):
    flat = re.sub(r"\s+", " ", handbook_text(PAGE))
    assert re.sub(r"\s+", " ", passage) in flat


def test_the_global_meeting_is_every_other_monday_for_50_minutes():
    assert quoted("Frequency: Bi-Weekly, every other Monday") and quoted("Duration: 50 minutes")
    g = spec("global")
    assert (g.weekday, g.every_weeks, g.minutes) == (0, 2, 50)
    dates = nominal_dates(g, date(2026, 11, 1), date(2026, 12, 31))
    assert dates == [date(2026, 11, 9), date(2026, 11, 23), date(2026, 12, 7), date(2026, 12, 21)]
    assert all(d.weekday() == 0 for d in dates)


def test_the_emea_regional_meeting_alternates_with_the_global_one_and_amer_meets_weekly():
    assert quoted("Frequency: Weekly on Monday")
    window = (date(2026, 11, 1), date(2026, 11, 30))
    globals_ = set(nominal_dates(spec("global"), *window))
    emea = set(nominal_dates(spec("emea-team"), *window))
    assert emea == {date(2026, 11, 2), date(2026, 11, 16), date(2026, 11, 30)} and not emea & globals_
    assert len(nominal_dates(spec("amer-team"), *window)) == 5  # every Monday of November 2026


def test_the_standup_and_manager_sync_are_weekly_for_25_minutes():
    assert quoted("Duration: 25 minutes")
    for kind, weekday in (("emea-standup", 0), ("manager-sync", 1)):
        s = spec(kind)
        assert (s.every_weeks, s.minutes, s.weekday) == (1, 25, weekday)


def test_upcoming_lists_the_meetings_that_start_in_the_window_only():
    now = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Mon 15:00 London: the 09:30 standup is over
    found = upcoming(spec("emea-standup"), calendar("EMEA"), now, 14, "move")
    assert [o.nominal for o in found] == [date(2026, 11, 30), date(2026, 12, 7)]
    assert found[0].start.isoformat() == "2026-11-30T09:30:00+00:00"
    assert found[0].key == "meeting-emea-standup-2026-11-30"


def test_a_holiday_moves_the_meeting_to_the_next_business_day_and_keeps_its_key():
    # Mon 28 Dec 2026 is the Boxing Day substitute holiday in England.
    o = occurrence(spec("emea-team"), date(2026, 12, 28), calendar("EMEA"), "move")
    assert o.moved and not o.skipped and "Boxing Day" in (o.holiday or "")
    assert o.start.date() == date(2026, 12, 29) and o.start.time() == time(14, 0)
    assert o.key == "meeting-emea-team-2026-12-28"
    amer = occurrence(spec("amer-team"), date(2027, 1, 18), calendar("AMER"), "move")  # MLK Day
    assert amer.start.date() == date(2027, 1, 19) and amer.holiday == "Martin Luther King Jr. Day"


def test_a_holiday_skips_the_meeting_when_so_configured_and_a_business_day_is_never_moved():
    skipped = occurrence(spec("emea-team"), date(2026, 12, 28), calendar("EMEA"), "skip")
    assert skipped.skipped and not skipped.moved
    plain = occurrence(spec("emea-team"), date(2026, 12, 14), calendar("EMEA"), "skip")
    assert plain.holiday is None and not plain.skipped and plain.start.date() == date(2026, 12, 14)


def test_quarters_start_in_the_configured_month():
    assert quarter_of(date(2026, 11, 23), 2) == (date(2026, 11, 1), date(2027, 1, 31))  # GitLab's FY Q4
    assert quarter_of(date(2026, 1, 31), 2) == (date(2025, 11, 1), date(2026, 1, 31))
    assert quarter_of(date(2026, 2, 1), 2) == (date(2026, 2, 1), date(2026, 4, 30))
    assert quarter_of(date(2026, 12, 31), 1) == (date(2026, 10, 1), date(2026, 12, 31))


def test_seven_mondays_hold_every_session_of_the_handbook_and_six_drop_the_open_topic():
    for line in ("(twice a quarter)", "Strategy (once a quarter)",
                 "Team Retrospective (last week of a quarter)", "Open Topic (once a quarter)"):
        assert quoted(line)
    seven = sessions(7)
    assert sorted(seven) == sorted(
        [DEMO_JAM, DEMO_JAM, PEER_REVIEW, PEER_REVIEW, STRATEGY, RETRO, OPEN_TOPIC])
    assert seven[-1] == RETRO
    six = sessions(6)
    assert six == (DEMO_JAM, PEER_REVIEW, STRATEGY, DEMO_JAM, PEER_REVIEW, RETRO) and OPEN_TOPIC not in six


def test_other_counts_keep_the_retrospective_last_and_add_or_drop_in_a_stated_order():
    assert sessions(0) == () and sessions(1) == (RETRO,)
    assert sessions(5) == (DEMO_JAM, PEER_REVIEW, DEMO_JAM, PEER_REVIEW, RETRO)  # no Strategy either
    assert sessions(9).count(OPEN_TOPIC) == 3 and sessions(9)[-1] == RETRO


@pytest.mark.parametrize("start_month", [1, 2])
def test_every_quarter_has_six_or_seven_global_mondays_and_the_retro_on_its_last(start_month):
    g = spec("global")
    for year in (2026, 2027, 2028):
        for month in range(1, 13, 3):
            first, last = quarter_of(date(year, month, 15), start_month)
            dates = nominal_dates(g, first, last)
            assert len(dates) in (6, 7)
            assert rotation(g, dates[-1], start_month).topic == RETRO
            assert (last - dates[-1]).days < 14  # in the quarter's last two weeks (its last meeting)
            topics = [rotation(g, d, start_month).topic for d in dates]
            assert topics.count(DEMO_JAM) == topics.count(PEER_REVIEW) == 2 and topics.count(STRATEGY) == 1


def test_the_rotation_of_a_known_quarter():
    g = spec("global")
    r = rotation(g, date(2026, 11, 23), 2)  # Q4 FY27: 9 Nov .. 18 Jan, six Mondays
    assert (r.topic, r.index, len(r.plan)) == (PEER_REVIEW, 2, 6)
    assert rotation(g, date(2027, 1, 18), 2).topic == RETRO
    seven = replace(g, anchor=date(2026, 1, 12))  # the other Mondays: 2 Nov .. 25 Jan, seven of them
    assert [rotation(seven, d, 2).topic for d in nominal_dates(seven, date(2026, 11, 1), date(2027, 1, 31))
            ] == list(sessions(7))
