"""Table tests for bots.calendars at the edges: weekends, holidays, DST, New Year, coverage.

Handbook: "Triage within One Business Day … One Full Business Day Defined: If it comes in at
4pm, the Team has until 4pm the next day to triage."
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from holidays import country_holidays

from bots.calendars import BusinessCalendar, CalendarError, covered_years, holiday_data

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def at(tz: ZoneInfo, y: int, mo: int, d: int, h: int = 0, mi: int = 0, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz, fold=fold)


def assert_instant(result: datetime, expected: datetime) -> None:
    """Same instant, same UTC offset (fold matters) and expressed in the expected zone.

    Aware datetimes sharing a tzinfo compare by wall time, so compare in UTC as well.
    """
    assert isinstance(result.tzinfo, ZoneInfo)
    assert isinstance(expected.tzinfo, ZoneInfo)
    assert result.tzinfo.key == expected.tzinfo.key
    assert result.astimezone(UTC) == expected.astimezone(UTC), (result, expected)
    assert result.utcoffset() == expected.utcoffset(), (result, expected)


def elapsed(a: datetime, b: datetime) -> timedelta:
    return b.astimezone(UTC) - a.astimezone(UTC)


# ---------------------------------------------------------------------------- due()

AMER_DUE = [
    # (received, due, why)
    (at(NY, 2026, 3, 3, 16), at(NY, 2026, 3, 4, 16), "4pm Tuesday -> 4pm Wednesday"),
    (at(NY, 2026, 3, 13, 16), at(NY, 2026, 3, 16, 16), "Friday 16:00 -> Monday 16:00"),
    (at(NY, 2026, 3, 14, 10), at(NY, 2026, 3, 17, 9), "Saturday: clock starts Mon 09:00"),
    (at(NY, 2026, 3, 15, 23, 59), at(NY, 2026, 3, 17, 9), "Sunday 23:59: same"),
    (at(NY, 2026, 3, 3, 23, 59), at(NY, 2026, 3, 4, 23, 59), "business day, after hours"),
    (at(NY, 2026, 3, 3, 7), at(NY, 2026, 3, 4, 7), "business day, before opening"),
    (at(NY, 2026, 11, 25, 16), at(NY, 2026, 11, 27, 16), "Thanksgiving skipped"),
    (at(NY, 2026, 11, 26, 23, 59), at(NY, 2026, 11, 30, 9), "23:59 on Thanksgiving"),
    (at(NY, 2026, 7, 2, 16), at(NY, 2026, 7, 6, 16), "July 4th (Sat) observed Fri 3rd"),
    (at(NY, 2027, 7, 2, 16), at(NY, 2027, 7, 6, 16), "July 4th (Sun) observed Mon 5th"),
    (at(NY, 2025, 12, 24, 16), at(NY, 2025, 12, 26, 16), "Christmas; Boxing Day is work"),
    (at(NY, 2025, 12, 31, 16), at(NY, 2026, 1, 2, 16), "New Year's Day"),
    (at(NY, 2027, 12, 30, 16), at(NY, 2028, 1, 3, 16), "New Year 2028 observed Fri 31"),
    (at(NY, 2026, 4, 2, 16), at(NY, 2026, 4, 3, 16), "Good Friday is work in the US"),
    (at(NY, 2026, 4, 3, 16), at(NY, 2026, 4, 6, 16), "Easter Monday is work in the US"),
    (at(NY, 2027, 5, 14, 16), at(NY, 2027, 5, 17, 16), "Whit Monday is work in the US"),
    (at(NY, 2026, 3, 6, 16), at(NY, 2026, 3, 9, 16), "US spring forward (Sun 8 Mar)"),
    (at(NY, 2026, 10, 30, 16), at(NY, 2026, 11, 2, 16), "US fall back (Sun 1 Nov)"),
    (at(NY, 2026, 3, 27, 16), at(NY, 2026, 3, 30, 16), "EU switch does not matter"),
]

EMEA_DUE = [
    (at(BERLIN, 2026, 3, 3, 16), at(BERLIN, 2026, 3, 4, 16), "4pm Tuesday -> 4pm Wednesday"),
    (at(BERLIN, 2026, 3, 13, 16), at(BERLIN, 2026, 3, 16, 16), "Friday 16:00 -> Monday"),
    (at(BERLIN, 2026, 4, 2, 16), at(BERLIN, 2026, 4, 7, 16), "Good Friday + Easter Monday"),
    (at(BERLIN, 2027, 5, 14, 16), at(BERLIN, 2027, 5, 18, 16), "Whit Monday (DE)"),
    (at(BERLIN, 2025, 12, 24, 16), at(BERLIN, 2025, 12, 29, 16), "Christmas + Boxing Day"),
    (at(BERLIN, 2026, 12, 24, 16), at(BERLIN, 2026, 12, 29, 16), "GB Boxing Day -> Mon 28"),
    (at(BERLIN, 2026, 4, 30, 16), at(BERLIN, 2026, 5, 5, 16), "DE 1 May + GB 4 May"),
    (at(BERLIN, 2026, 11, 25, 16), at(BERLIN, 2026, 11, 26, 16), "Thanksgiving is work"),
    (at(BERLIN, 2026, 7, 2, 16), at(BERLIN, 2026, 7, 3, 16), "US July 4th is work"),
    (at(BERLIN, 2025, 12, 31, 16), at(BERLIN, 2026, 1, 2, 16), "New Year's Day"),
    (at(BERLIN, 2027, 12, 30, 16), at(BERLIN, 2027, 12, 31, 16), "31 Dec 2027 is work here"),
    (at(BERLIN, 2027, 12, 31, 16), at(BERLIN, 2028, 1, 4, 16), "GB observes 1 Jan on Mon 3"),
    (at(BERLIN, 2026, 3, 27, 16), at(BERLIN, 2026, 3, 30, 16), "EU spring forward (Sun 29)"),
    (at(BERLIN, 2026, 10, 23, 16), at(BERLIN, 2026, 10, 26, 16), "EU fall back (Sun 25 Oct)"),
    (at(BERLIN, 2026, 3, 6, 16), at(BERLIN, 2026, 3, 9, 16), "US switch does not matter"),
    (at(BERLIN, 2026, 12, 25, 23, 59), at(BERLIN, 2026, 12, 30, 9), "23:59 on Christmas"),
]


@pytest.mark.parametrize(("received", "expected", "why"), AMER_DUE, ids=[c[2] for c in AMER_DUE])
def test_amer_due_one_business_day(amer, received, expected, why):
    """ "If it comes in at 4pm, the Team has until 4pm the next day to triage." (AMER, US)"""
    assert_instant(amer.due(received), expected)


@pytest.mark.parametrize(("received", "expected", "why"), EMEA_DUE, ids=[c[2] for c in EMEA_DUE])
def test_emea_due_one_business_day(emea, received, expected, why):
    """ "If it comes in at 4pm, the Team has until 4pm the next day to triage." (EMEA, GB+DE)"""
    assert_instant(emea.due(received), expected)


@pytest.mark.parametrize(
    ("received", "expected_hours"),
    [
        (at(NY, 2026, 3, 6, 16), 71),  # spring forward: the wall time is kept, 1 h shorter
        (at(NY, 2026, 10, 30, 16), 73),  # fall back: 1 h longer
        (at(NY, 2026, 3, 13, 16), 72),
    ],
)
def test_due_keeps_wall_clock_across_us_dst(amer, received, expected_hours):
    """ "…until 4pm the next day": the local 4pm, not a fixed number of elapsed hours."""
    assert elapsed(received, amer.due(received)) == timedelta(hours=expected_hours)
    assert amer.format_local(amer.due(received)).endswith("16:00 " + ("EDT", "EST")[received.month == 10])


def test_due_keeps_wall_clock_across_eu_dst(emea):
    """ "…until 4pm the next day" in Berlin, whatever New York's clocks are doing."""
    spring = at(BERLIN, 2026, 3, 27, 16)
    autumn = at(BERLIN, 2026, 10, 23, 16)
    assert elapsed(spring, emea.due(spring)) == timedelta(hours=71)
    assert elapsed(autumn, emea.due(autumn)) == timedelta(hours=73)
    # Between the US (8 Mar) and EU (29 Mar) switches Berlin is 5 h ahead of New York,
    # afterwards 6 h: the EMEA deadline seen from New York moves from 11:00 to 10:00.
    assert emea.due(at(BERLIN, 2026, 3, 20, 16)).astimezone(NY).hour == 11
    assert emea.due(at(BERLIN, 2026, 3, 27, 16)).astimezone(NY).hour == 10


def test_received_in_another_zone_uses_the_regions_local_date(amer, emea):
    """Friday 23:30 UTC is Friday evening in New York but already Saturday in Berlin."""
    received = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    assert_instant(amer.due(received), at(NY, 2026, 3, 9, 18, 30))
    assert_instant(emea.due(received), at(BERLIN, 2026, 3, 10, 9))
    assert_instant(emea.clock_start(received), at(BERLIN, 2026, 3, 9, 9))
    assert_instant(amer.clock_start(received), at(NY, 2026, 3, 6, 18, 30))


def test_due_with_several_business_days_and_zero(amer):
    received = at(NY, 2026, 11, 24, 16)  # Tuesday before Thanksgiving
    assert_instant(amer.due(received, 0), received)
    assert_instant(amer.due(received, 2), at(NY, 2026, 11, 27, 16))
    assert_instant(amer.due(received, 5), at(NY, 2026, 12, 2, 16))
    saturday = at(NY, 2026, 11, 28, 10)
    assert_instant(amer.due(saturday, 0), at(NY, 2026, 11, 30, 9))
    with pytest.raises(CalendarError, match="business_days must be >= 0"):
        amer.due(received, -1)


def test_add_business_days_forwards_backwards_and_from_non_business_days(amer):
    tue = at(NY, 2026, 11, 24, 10, 15)
    assert_instant(amer.add_business_days(tue, 0), tue)
    assert_instant(amer.add_business_days(tue, 3), at(NY, 2026, 11, 30, 10, 15))
    assert_instant(amer.add_business_days(tue, -2), at(NY, 2026, 11, 20, 10, 15))
    sat = at(NY, 2026, 11, 28, 10)
    assert_instant(amer.add_business_days(sat, 1), at(NY, 2026, 11, 30, 10))
    assert_instant(amer.add_business_days(sat, -1), at(NY, 2026, 11, 27, 10))
    assert_instant(amer.add_business_days(sat, 0), sat)
    with pytest.raises(CalendarError, match="integer"):
        amer.add_business_days(tue, 1.0)  # type: ignore[arg-type]


def test_microseconds_are_kept(amer):
    received = datetime(2026, 3, 3, 16, 0, 5, 123456, tzinfo=NY)
    assert amer.due(received).time() == time(16, 0, 5, 123456)


# ---------------------------------------------------------------------------- DST edge cases
# With a Sat+Sun weekend the US and EU switch days (Sundays) are never business days, so
# wall times that do not exist / exist twice only reach a due day with another weekend.


@pytest.fixture(scope="module")
def ny_every_day():
    return BusinessCalendar("NY7", "America/New_York", (("US", None),), weekend=frozenset())


@pytest.fixture(scope="module")
def berlin_every_day():
    return BusinessCalendar("DE7", "Europe/Berlin", (("DE", None),), weekend=frozenset())


@pytest.mark.parametrize(
    ("start", "expected_utc"),
    [
        # 02:30 does not exist on 8 Mar 2026 in New York: first valid instant is 03:00 EDT.
        (at(NY, 2026, 3, 7, 2, 30), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        (at(NY, 2026, 3, 7, 2, 0), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        (at(NY, 2026, 3, 7, 1, 59), datetime(2026, 3, 8, 6, 59, tzinfo=UTC)),  # 01:59 EST
        (at(NY, 2026, 3, 7, 3, 0), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),  # 03:00 EDT
        # 01:30 happens twice on 1 Nov 2026: the first occurrence (EDT, UTC-4) is taken.
        (at(NY, 2026, 10, 31, 1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_new_york_nonexistent_and_ambiguous_wall_times(ny_every_day, start, expected_utc):
    result = ny_every_day.add_business_days(start, 1)
    assert result.astimezone(UTC) == expected_utc
    assert result.tzinfo == NY


@pytest.mark.parametrize(
    ("start", "expected_utc", "label"),
    [
        (at(BERLIN, 2026, 3, 28, 2, 30), datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "03:00 CEST"),
        (at(BERLIN, 2026, 10, 24, 2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "02:30 CEST"),
    ],
)
def test_berlin_nonexistent_and_ambiguous_wall_times(berlin_every_day, start, expected_utc, label):
    result = berlin_every_day.add_business_days(start, 1)
    assert result.astimezone(UTC) == expected_utc
    assert berlin_every_day.format_local(result).endswith(label)


def test_received_during_the_repeated_hour(ny_every_day):
    """The second 01:30 (EST) on fall-back day is its own instant; due keeps the wall time."""
    second = at(NY, 2026, 11, 1, 1, 30, fold=1)
    assert second.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert ny_every_day.clock_start(second).astimezone(UTC) == second.astimezone(UTC)
    assert ny_every_day.due(second).astimezone(UTC) == datetime(2026, 11, 2, 6, 30, tzinfo=UTC)
    # Going back into the ambiguous hour from the day after takes the first occurrence.
    back = ny_every_day.add_business_days(at(NY, 2026, 11, 2, 1, 30), -1)
    assert back.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_opening_time_inside_the_gap_moves_to_the_switch():
    cal = BusinessCalendar(
        "odd",
        "America/New_York",
        (("US", None),),
        weekend=frozenset(),
        open_time=time(2, 30),
        close_time=time(4, 0),
    )
    opening = cal.next_opening(at(NY, 2026, 3, 7, 18))
    assert opening.astimezone(UTC) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    # Open 02:30-04:00 local on switch day is really 03:00 EDT-04:00 EDT: one hour.
    assert cal.business_hours_between(at(NY, 2026, 3, 8), at(NY, 2026, 3, 9)) == 1.0
    # On fall-back day 02:30-04:00 EST is unambiguous: 1.5 hours.
    assert cal.business_hours_between(at(NY, 2026, 11, 1), at(NY, 2026, 11, 2)) == 1.5


def test_business_hours_across_the_repeated_hour_count_real_time():
    cal = BusinessCalendar(
        "night",
        "America/New_York",
        (("US", None),),
        weekend=frozenset(),
        open_time=time(1, 0),
        close_time=time(4, 0),
    )
    # 01:00 EDT .. 04:00 EST on 1 Nov 2026 is four real hours; 8 Mar 01:00 EST .. 04:00 EDT two.
    assert cal.business_hours_between(at(NY, 2026, 11, 1), at(NY, 2026, 11, 2)) == 4.0
    assert cal.business_hours_between(at(NY, 2026, 3, 8), at(NY, 2026, 3, 9)) == 2.0
    assert cal.business_hours_between(at(NY, 2026, 3, 9), at(NY, 2026, 3, 10)) == 3.0


# ---------------------------------------------------------------------------- days off


def test_extra_days_off(emea):
    """Team days off from config are skipped like holidays."""
    team = BusinessCalendar(
        "EMEA",
        "Europe/Berlin",
        (("GB", None), ("DE", None)),
        extra_days_off=frozenset({date(2026, 12, 24), date(2026, 12, 31)}),
    )
    assert_instant(emea.due(at(BERLIN, 2026, 12, 23, 16)), at(BERLIN, 2026, 12, 24, 16))
    assert_instant(team.due(at(BERLIN, 2026, 12, 23, 16)), at(BERLIN, 2026, 12, 29, 16))
    assert_instant(team.due(at(BERLIN, 2026, 12, 30, 16)), at(BERLIN, 2027, 1, 4, 16))
    # received on a team day off: clock starts at the next opening
    assert_instant(team.clock_start(at(BERLIN, 2026, 12, 24, 10)), at(BERLIN, 2026, 12, 29, 9))
    assert_instant(team.due(at(BERLIN, 2026, 12, 24, 10)), at(BERLIN, 2026, 12, 30, 9))
    assert team.holiday_name(date(2026, 12, 24)) == "team day off"
    assert emea.holiday_name(date(2026, 12, 24)) is None
    assert not team.is_business_day(date(2026, 12, 31))
    assert emea.is_business_day(date(2026, 12, 31))


def test_extra_day_off_on_a_holiday_keeps_both_reasons():
    cal = BusinessCalendar(
        "AMER", "America/New_York", (("US", None),), extra_days_off=frozenset({date(2026, 11, 26)})
    )
    assert cal.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day; team day off"


def test_holiday_mode_any_vs_all():
    """ "any": a holiday in any listed country is a day off; "all": only when all observe it."""
    countries = (("GB", "ENG"), ("DE", None))
    any_ = BusinessCalendar("any", "Europe/London", countries, holiday_mode="any")
    all_ = BusinessCalendar("all", "Europe/London", countries, holiday_mode="all")
    whit_monday_2027 = date(2027, 5, 17)  # DE only
    late_summer_2026 = date(2026, 8, 31)  # England only
    easter_monday_2026 = date(2026, 4, 6)  # both
    christmas = date(2026, 12, 25)  # both
    assert not any_.is_business_day(whit_monday_2027)
    assert all_.is_business_day(whit_monday_2027)
    assert not any_.is_business_day(late_summer_2026)
    assert all_.is_business_day(late_summer_2026)
    for both in (easter_monday_2026, christmas):
        assert not any_.is_business_day(both)
        assert not all_.is_business_day(both)
    assert all_.holiday_name(whit_monday_2027) is None
    assert any_.holiday_name(whit_monday_2027) == "DE: Pentecost Monday"
    assert all_.holiday_name(easter_monday_2026) == "GB-ENG: Easter Monday; DE: Easter Monday"
    friday = datetime(2027, 5, 14, 16, tzinfo=LONDON)
    assert any_.due(friday).date() == date(2027, 5, 18)
    assert all_.due(friday).date() == date(2027, 5, 17)


def test_gb_without_subdivision_has_only_uk_wide_holidays():
    """Found in holidays 0.109: GB alone lacks Easter Monday (not a holiday in Scotland)."""
    uk = BusinessCalendar("uk", "Europe/London", (("GB", None),))
    eng = BusinessCalendar("eng", "Europe/London", (("GB", "ENG"),))
    assert uk.is_business_day(date(2026, 4, 6))
    assert not eng.is_business_day(date(2026, 4, 6))
    assert eng.holiday_name(date(2026, 4, 6)) == "Easter Monday"


def test_holiday_names(amer, emea):
    assert amer.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert amer.holiday_name(date(2026, 7, 3)) == "Independence Day (observed)"
    assert amer.holiday_name(date(2026, 7, 4)) == "Independence Day"  # a Saturday, still named
    assert amer.holiday_name(date(2026, 11, 27)) is None
    assert amer.holiday_name(date(2026, 11, 28)) is None  # plain weekend: no holiday name
    assert emea.holiday_name(date(2025, 12, 25)) == "GB: Christmas Day; DE: Christmas Day"
    assert emea.holiday_name(date(2025, 12, 26)) == "GB: Boxing Day; DE: Second Day of Christmas"
    assert emea.holiday_name(date(2027, 5, 17)) == "DE: Pentecost Monday"


def test_holiday_names_do_not_depend_on_the_process_locale(monkeypatch):
    """The holidays package picks its language from LANGUAGE/LC_ALL/...; we pin en_US."""
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert country_holidays("FR", years=2030).get(date(2030, 12, 25)) == "Noël"  # the hazard
    holiday_data._load_year.cache_clear()
    cal = BusinessCalendar("fr", "Europe/Paris", (("FR", None),))
    assert cal.holiday_name(date(2030, 12, 25)) == "Christmas Day"
    assert cal.holiday_name(date(2030, 7, 14)) == "National Day"


def test_five_country_emea_config():
    cal = BusinessCalendar(
        "EMEA",
        "Europe/Berlin",
        (("GB", None), ("DE", None), ("FR", None), ("NL", None), ("IE", None)),
    )
    assert cal.holiday_name(date(2026, 3, 17)) == "IE: Saint Patrick's Day"
    assert cal.holiday_name(date(2026, 7, 14)) == "FR: National Day"
    assert cal.holiday_name(date(2026, 4, 27)) == "NL: King's Day"
    assert cal.is_business_day(date(2026, 3, 18))


# ---------------------------------------------------------------------------- coverage


def test_uncovered_year_fails_loudly():
    """The holidays package silently returns nothing before a country's start_year."""
    first, last = covered_years("DE", None)
    assert first > 1970  # DE data starts in 1991 (reunification) in holidays 0.109
    assert last >= 2100
    assert len(country_holidays("DE", years=first - 1)) == 0  # the silent hazard
    cal = BusinessCalendar("DE", "Europe/Berlin", (("DE", None),))
    assert cal.is_business_day(date(first, 1, 2)) == (date(first, 1, 2).weekday() < 5)
    with pytest.raises(CalendarError, match=rf"no public-holiday data for DE in {first - 1}"):
        cal.is_business_day(date(first - 1, 6, 1))
    with pytest.raises(CalendarError, match=rf"DE in {first - 1}"):
        cal.holiday_name(date(first - 1, 12, 25))
    # Also on a Saturday, and when a computation walks into the year.
    saturday = next(d for d in (date(first - 1, 12, n) for n in range(24, 31)) if d.weekday() == 5)
    with pytest.raises(CalendarError, match=rf"DE in {first - 1}"):
        cal.is_business_day(saturday)
    with pytest.raises(CalendarError, match=rf"DE in {first - 1}"):
        cal.add_business_days(datetime(first, 1, 2, 10, tzinfo=BERLIN), -5)


def test_uncovered_subdivision_year_names_the_subdivision():
    cal = BusinessCalendar("BY", "Europe/Berlin", (("DE", "BY"),))
    with pytest.raises(CalendarError, match=r"DE-BY in 1980.*1991\.\.2100"):
        cal.is_business_day(date(1980, 5, 1))


def test_years_outside_the_window_fail_loudly(amer):
    with pytest.raises(CalendarError, match=r"AMER: year 2101 is outside .* 1970\.\.2100"):
        amer.is_business_day(date(2101, 1, 3))
    with pytest.raises(CalendarError, match="year 1969"):
        amer.due(datetime(1969, 12, 31, 10, tzinfo=NY))
    narrow = BusinessCalendar("AMER", "America/New_York", (("US", None),), year_window=(2026, 2026))
    assert narrow.due(at(NY, 2026, 12, 30, 16)) == at(NY, 2026, 12, 31, 16)
    with pytest.raises(CalendarError, match=r"year 2027 is outside the supported window 2026\.\.2026"):
        narrow.due(at(NY, 2026, 12, 31, 16))
    with pytest.raises(CalendarError, match="year window"):
        BusinessCalendar("x", "UTC", (("US", None),), year_window=(1900, 2000))


def test_holiday_lookups_are_cached(monkeypatch):
    """20,000 due() calls build each (country, subdivision, year) table only once."""
    calls: list[tuple[object, ...]] = []
    real = holiday_data.country_holidays

    def counting(country, subdiv=None, years=None, **kw):
        calls.append((country, subdiv, years))
        return real(country, subdiv=subdiv, years=years, **kw)

    holiday_data._load_year.cache_clear()
    monkeypatch.setattr(holiday_data, "country_holidays", counting)
    cal = BusinessCalendar("EMEA", "Europe/London", (("GB", None), ("DE", None)))
    start = datetime(2031, 1, 1, tzinfo=UTC)
    for i in range(20_000):
        cal.due(start + timedelta(minutes=37 * i))  # ~1.4 years of requests
    years = [c for c in calls if c[2] is not None]
    assert sorted(years) == [
        ("DE", None, 2031),
        ("DE", None, 2032),
        ("GB", None, 2031),
        ("GB", None, 2032),
    ]


# ---------------------------------------------------------------------------- hours


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (at(NY, 2026, 3, 3, 8, 59), False),
        (at(NY, 2026, 3, 3, 9, 0), True),
        (datetime(2026, 3, 3, 16, 59, 59, 999999, tzinfo=NY), True),
        (at(NY, 2026, 3, 3, 17, 0), False),  # close_time is exclusive
        (at(NY, 2026, 3, 7, 12), False),  # Saturday
        (at(NY, 2026, 11, 26, 12), False),  # Thanksgiving
        (datetime(2026, 3, 3, 14, 30, tzinfo=UTC), True),  # 09:30 EST
        (datetime(2026, 3, 3, 13, 30, tzinfo=UTC), False),  # 08:30 EST
    ],
)
def test_is_open(amer, moment, open_):
    assert amer.is_open(moment) is open_


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(NY, 2026, 3, 3, 8), at(NY, 2026, 3, 3, 9)),
        (at(NY, 2026, 3, 3, 10, 5), at(NY, 2026, 3, 3, 10, 5)),  # open: itself
        (at(NY, 2026, 3, 3, 17), at(NY, 2026, 3, 4, 9)),
        (at(NY, 2026, 3, 6, 17), at(NY, 2026, 3, 9, 9)),  # Friday evening, over US DST
        (at(NY, 2026, 11, 25, 18), at(NY, 2026, 11, 27, 9)),  # over Thanksgiving
        (at(NY, 2026, 11, 26, 10), at(NY, 2026, 11, 27, 9)),  # on Thanksgiving
        (datetime(2026, 3, 3, 12, 0, tzinfo=UTC), at(NY, 2026, 3, 3, 9)),  # 07:00 EST
    ],
)
def test_next_opening(amer, moment, expected):
    assert_instant(amer.next_opening(moment), expected)


def test_next_opening_result_is_in_the_region_zone(emea):
    moment = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # 13:00 CET, open
    result = emea.next_opening(moment)
    assert result.tzinfo == BERLIN and result.hour == 13


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [
        (at(NY, 2026, 3, 3, 16), at(NY, 2026, 3, 4, 10), 2.0),
        (at(NY, 2026, 3, 3, 16), at(NY, 2026, 3, 3, 16), 0.0),
        (at(NY, 2026, 3, 3, 7), at(NY, 2026, 3, 3, 8), 0.0),
        (at(NY, 2026, 3, 3, 7), at(NY, 2026, 3, 3, 20), 8.0),
        (at(NY, 2026, 3, 6, 16), at(NY, 2026, 3, 9, 10), 2.0),  # weekend + US DST
        (at(NY, 2026, 3, 7, 10), at(NY, 2026, 3, 8, 18), 0.0),  # all weekend
        (at(NY, 2026, 11, 25, 16), at(NY, 2026, 11, 27, 10), 2.0),  # Thanksgiving
        (at(NY, 2026, 11, 23), at(NY, 2026, 11, 30), 32.0),  # a week with a holiday
        (at(NY, 2026, 3, 2), at(NY, 2026, 3, 9), 40.0),
        (at(NY, 2026, 3, 3, 10, 30), at(NY, 2026, 3, 3, 10, 45), 0.25),
        (at(NY, 2026, 3, 4, 10), at(NY, 2026, 3, 3, 16), -2.0),  # antisymmetric
        (datetime(2026, 3, 3, 21, 0, tzinfo=UTC), datetime(2026, 3, 4, 15, 0, tzinfo=UTC), 2.0),
    ],
)
def test_business_hours_between(amer, a, b, hours):
    """The "time to triage in business hours" metric."""
    assert amer.business_hours_between(a, b) == pytest.approx(hours, abs=1e-9)


# ---------------------------------------------------------------------------- format


@pytest.mark.parametrize(
    ("cal", "moment", "text"),
    [
        ("emea", at(BERLIN, 2026, 3, 2, 16), "Mon 2 Mar, 16:00 CET"),
        ("emea", at(BERLIN, 2026, 3, 30, 16), "Mon 30 Mar, 16:00 CEST"),
        ("emea", datetime(2026, 3, 2, 15, 0, tzinfo=UTC), "Mon 2 Mar, 16:00 CET"),
        ("amer", datetime(2026, 3, 2, 15, 0, tzinfo=UTC), "Mon 2 Mar, 10:00 EST"),
        ("amer", at(NY, 2026, 7, 3, 9, 5), "Fri 3 Jul, 09:05 EDT"),
        ("amer", at(NY, 2026, 11, 1, 1, 30, fold=1), "Sun 1 Nov, 01:30 EST"),
        ("amer", at(NY, 2026, 11, 1, 1, 30), "Sun 1 Nov, 01:30 EDT"),
    ],
)
def test_format_local(request, cal, moment, text):
    assert request.getfixturevalue(cal).format_local(moment) == text


def test_format_local_london():
    cal = BusinessCalendar("uk", "Europe/London", (("GB", None),))
    assert cal.format_local(datetime(2026, 1, 15, 9, 0, tzinfo=UTC)) == "Thu 15 Jan, 09:00 GMT"
    assert cal.format_local(datetime(2026, 6, 15, 9, 0, tzinfo=UTC)) == "Mon 15 Jun, 10:00 BST"


# ---------------------------------------------------------------------------- input checks


@pytest.mark.parametrize(
    "call",
    [
        lambda c, n: c.clock_start(n),
        lambda c, n: c.due(n),
        lambda c, n: c.add_business_days(n, 1),
        lambda c, n: c.is_open(n),
        lambda c, n: c.next_opening(n),
        lambda c, n: c.business_hours_between(n, datetime(2026, 3, 3, tzinfo=UTC)),
        lambda c, n: c.business_hours_between(datetime(2026, 3, 3, tzinfo=UTC), n),
        lambda c, n: c.format_local(n),
    ],
)
def test_naive_datetimes_are_rejected(amer, call):
    with pytest.raises(CalendarError, match="timezone-aware"):
        call(amer, datetime(2026, 3, 3, 16, 0))


def test_calendar_error_is_a_value_error():
    assert issubclass(CalendarError, ValueError)


def test_dates_must_be_plain_dates(amer):
    with pytest.raises(CalendarError, match="not a datetime"):
        amer.is_business_day(datetime(2026, 3, 3, tzinfo=NY))  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="must be a datetime"):
        amer.due(date(2026, 3, 3))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timezone": "Europe/Pariss"}, "unknown time zone 'Europe/Pariss'"),
        ({"timezone": "../etc/passwd"}, "unknown time zone"),
        ({"countries": (("XX", None),)}, "unknown country code 'XX'"),
        ({"countries": (("us", None),)}, r"unknown country code 'us' \(did you mean 'US'\?\)"),
        ({"countries": (("US", "ZZ"),)}, "unknown subdivision 'ZZ' for country 'US'"),
        ({"countries": (("DE", "by"),)}, r"did you mean 'BY'"),
        ({"countries": ()}, "at least one holiday country"),
        ({"countries": (("US", None), ("US", None))}, "listed twice"),
        ({"holiday_mode": "some"}, "holiday mode must be 'any' or 'all'"),
        ({"weekend": frozenset(range(7))}, "no business day"),
        ({"weekend": frozenset({7})}, "weekend days must be integers"),
        ({"open_time": time(17), "close_time": time(9)}, "open before they close"),
        ({"extra_days_off": frozenset({datetime(2026, 1, 2)})}, "not a datetime"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_construction(kwargs, message):
    base = {"name": "X", "timezone": "UTC", "countries": (("US", None),)}
    with pytest.raises(CalendarError, match=message):
        BusinessCalendar(**{**base, **kwargs})


def test_calendars_are_hashable_values(amer):
    twin = BusinessCalendar("AMER", "America/New_York", [("US", None)])  # type: ignore[arg-type]
    twin.is_business_day(date(2026, 1, 2))  # a warm cache does not change equality
    assert twin == amer and hash(twin) == hash(amer)
    assert twin.countries == (("US", None),)


def test_any_hour_of_a_business_day_starts_the_clock_at_once(amer):
    """Documented consequence of "if it comes in at 4pm … until 4pm the next day" applied to
    every hour of a business day: a request at 00:30 Monday is due 00:30 Tuesday, earlier
    than one that arrived an hour before it, on Sunday 23:30 (due Tuesday 09:00)."""
    sunday_late = at(NY, 2026, 3, 15, 23, 30)
    monday_early = at(NY, 2026, 3, 16, 0, 30)
    assert_instant(amer.due(sunday_late), at(NY, 2026, 3, 17, 9))
    assert_instant(amer.due(monday_early), at(NY, 2026, 3, 17, 0, 30))
    assert amer.due(monday_early) < amer.due(sunday_late)


def test_second_occurrence_maps_to_first_occurrence_on_the_next_ambiguous_day(ny_every_day):
    """A due day that is itself a fall-back day takes the first 01:30, even when the request
    arrived during the second 01:30 a year earlier."""
    second = at(NY, 2026, 11, 1, 1, 30, fold=1)
    target = date(2027, 11, 7)  # the next US fall-back Sunday
    n = sum(
        ny_every_day.is_business_day(date(2026, 11, 1) + timedelta(days=k))
        for k in range(1, (target - date(2026, 11, 1)).days + 1)
    )
    result = ny_every_day.add_business_days(second, n)
    assert result.date() == target
    assert result.astimezone(UTC) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT
