"""calendar_from_config: parsing a region's YAML section, errors prefixed by the key path.

Handbook: "Triage within One Business Day … One Full Business Day Defined: If it comes in at
4pm, the Team has until 4pm the next day to triage." — per region, in the region's time zone,
with its public holidays, team days off and business hours.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bots.calendars import BusinessCalendar, CalendarError, calendar_from_config

EXAMPLE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "holidays": {
        "countries": ["GB", "DE", {"country": "US", "subdivision": "CA"}],
        "mode": "any",
    },
    "extra_days_off": ["2026-12-24"],
    "business_hours": {"open": "09:00", "close": "17:00"},
    "weekend": ["sat", "sun"],
}

YAML = """
regions:
  EMEA:
    timezone: Europe/London
    holidays:
      countries: [GB, DE, FR, NL, IE]
      mode: all
      years: {first: 2024, last: 2035}
    extra_days_off: [2026-12-24, "2026-12-31"]
    business_hours: {open: "08:30", close: "17:30"}
    weekend: [Saturday, SUN]
"""


def parse(raw: Any, path: str = "regions.EMEA") -> BusinessCalendar:
    return calendar_from_config("EMEA", raw, path)


def with_(**changes: Any) -> dict[str, Any]:
    raw = copy.deepcopy(EXAMPLE)
    for dotted, value in changes.items():
        keys = dotted.split("__")
        target = raw
        for key in keys[:-1]:
            target = target[key]
        if value is DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return raw


DELETE = object()


def test_example_from_the_brief():
    cal = parse(EXAMPLE)
    assert cal == BusinessCalendar(
        name="EMEA",
        timezone="Europe/Berlin",
        countries=(("GB", None), ("DE", None), ("US", "CA")),
        holiday_mode="any",
        extra_days_off=frozenset({date(2026, 12, 24)}),
        weekend=frozenset({5, 6}),
        open_time=time(9, 0),
        close_time=time(17, 0),
    )
    # US-CA holidays count in "any" mode: Cesar Chavez Day (Tue 31 Mar 2026).
    assert cal.holiday_name(date(2026, 3, 31)) == "US-CA: Cesar Chavez Day"
    assert cal.is_business_day(date(2026, 3, 30))
    assert not cal.is_business_day(date(2026, 12, 24))


def test_yaml_document_with_dates_names_and_window():
    raw = yaml.safe_load(YAML)["regions"]["EMEA"]
    assert isinstance(raw["extra_days_off"][0], date)  # YAML's own date type is accepted
    cal = parse(raw)
    assert cal.timezone == "Europe/London"
    assert cal.holiday_mode == "all"
    assert cal.countries == (("GB", None), ("DE", None), ("FR", None), ("NL", None), ("IE", None))
    assert cal.extra_days_off == {date(2026, 12, 24), date(2026, 12, 31)}
    assert (cal.open_time, cal.close_time) == (time(8, 30), time(17, 30))
    assert cal.weekend == {5, 6}
    assert cal.year_window == (2024, 2035)
    # mode "all": Christmas is common to all five, Whit Monday is not a GB holiday.
    assert not cal.is_business_day(date(2026, 12, 25))
    assert cal.is_business_day(date(2027, 5, 17))
    with pytest.raises(CalendarError, match="year 2036 is outside the supported window"):
        cal.is_business_day(date(2036, 1, 2))


def test_minimal_section_uses_defaults():
    cal = parse({"timezone": "America/New_York", "holidays": {"countries": ["US"]}})
    assert cal.holiday_mode == "any"
    assert cal.weekend == {5, 6}
    assert (cal.open_time, cal.close_time) == (time(9), time(17))
    assert cal.extra_days_off == frozenset()
    received = datetime(2026, 3, 3, 16, tzinfo=ZoneInfo("America/New_York"))
    assert cal.due(received) == datetime(2026, 3, 4, 16, tzinfo=ZoneInfo("America/New_York"))


def test_custom_weekend_and_empty_weekend():
    cal = parse(with_(weekend=["fri", "saturday"]))
    assert cal.weekend == {4, 5}
    assert parse(with_(weekend=[])).weekend == frozenset()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            with_(timezone="Europe/Pariss"),
            "regions.EMEA.timezone: unknown time zone 'Europe/Pariss'",
        ),
        (with_(timezone=DELETE), "regions.EMEA.timezone: required"),
        (with_(timezone=42), "regions.EMEA.timezone: time zone must be a non-empty IANA name"),
        (with_(timezon="Europe/Berlin"), "regions.EMEA.timezon: unknown key"),
        (with_(holidays=DELETE), "regions.EMEA.holidays: required"),
        (with_(holidays=["GB"]), "regions.EMEA.holidays: expected a mapping, got list"),
        (with_(holidays__countries=DELETE), "regions.EMEA.holidays.countries: required"),
        (with_(holidays__countries=[]), "regions.EMEA.holidays.countries: must list at least"),
        (with_(holidays__countries="GB"), "regions.EMEA.holidays.countries: expected a list"),
        (
            with_(holidays__countries=["GB", "XX"]),
            "regions.EMEA.holidays.countries[1]: unknown country code 'XX'",
        ),
        (
            with_(holidays__countries=["gb"]),
            "regions.EMEA.holidays.countries[0]: unknown country code 'gb' (did you mean 'GB'?)",
        ),
        (
            with_(holidays__countries=["GB", {"country": "US", "subdivision": "ZZ"}]),
            "regions.EMEA.holidays.countries[1].subdivision: unknown subdivision 'ZZ' for country 'US'",
        ),
        (
            with_(holidays__countries=[{"country": "DE", "subdivision": "by"}]),
            "regions.EMEA.holidays.countries[0].subdivision: unknown subdivision 'by' for "
            "country 'DE' (did you mean 'BY'?)",
        ),
        (
            with_(holidays__countries=[{"country": "XX", "subdivision": "CA"}]),
            "regions.EMEA.holidays.countries[0].country: unknown country code 'XX'",
        ),
        (
            with_(holidays__countries=[{"subdivision": "CA"}]),
            "regions.EMEA.holidays.countries[0].country: required",
        ),
        (
            with_(holidays__countries=[{"country": "US", "subdiv": "CA"}]),
            "regions.EMEA.holidays.countries[0].subdiv: unknown key",
        ),
        (with_(holidays__countries=[7]), "regions.EMEA.holidays.countries[0]: expected a country"),
        (
            with_(holidays__countries=["DE", "GB", "DE"]),
            "regions.EMEA.holidays.countries[2]: 'DE' is listed twice",
        ),
        (with_(holidays__mode="some"), "regions.EMEA.holidays.mode: expected 'any' or 'all'"),
        (with_(holidays__years={"first": 1900}), "regions.EMEA.holidays.years.first: year 1900"),
        (
            with_(holidays__years={"first": 2030, "last": 2020}),
            "regions.EMEA.holidays.years: first year 2030 is after last year 2020",
        ),
        (with_(holidays__years={"to": 2030}), "regions.EMEA.holidays.years.to: unknown key"),
        (
            with_(extra_days_off=["2026-12-24", "2026-13-01"]),
            "regions.EMEA.extra_days_off[1]: invalid date '2026-13-01' (expected YYYY-MM-DD)",
        ),
        (
            with_(extra_days_off=["24.12.2026"]),
            "regions.EMEA.extra_days_off[0]: invalid date '24.12.2026'",
        ),
        (
            with_(extra_days_off=[datetime(2026, 12, 24, 10)]),
            "regions.EMEA.extra_days_off[0]: invalid date",
        ),
        (with_(extra_days_off="2026-12-24"), "regions.EMEA.extra_days_off: expected a list"),
        (
            with_(business_hours__close=1020),
            "regions.EMEA.business_hours.close: got the integer 1020: YAML reads an unquoted "
            'H:MM as a base-60 number; quote the time, e.g. "17:00"',
        ),
        (
            with_(business_hours__open="9am"),
            "regions.EMEA.business_hours.open: invalid time '9am' (expected HH:MM, 24-hour)",
        ),
        (with_(business_hours__open="24:00"), "regions.EMEA.business_hours.open: invalid time"),
        (with_(business_hours__open=DELETE), "regions.EMEA.business_hours.open: required"),
        (
            with_(business_hours={"open": "17:00", "close": "09:00"}),
            "regions.EMEA.business_hours: must open before closing, got 17:00-09:00",
        ),
        (
            with_(weekend=["sat", "caturday"]),
            "regions.EMEA.weekend[1]: unknown weekday 'caturday'",
        ),
        (with_(weekend=["sat", "saturday"]), "regions.EMEA.weekend[1]: 'saturday' is listed twice"),
        (
            with_(weekend=["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
            "regions.EMEA.weekend: covers all seven days",
        ),
        (with_(weekend=[5, 6]), "regions.EMEA.weekend[0]: unknown weekday 5"),
        (["not", "a", "mapping"], "regions.EMEA: expected a mapping, got list"),
        (None, "regions.EMEA: expected a mapping, got NoneType"),
    ],
)
def test_errors_start_with_the_key_path(raw, message):
    with pytest.raises(CalendarError) as info:
        parse(raw)
    assert str(info.value).startswith(message), str(info.value)


def test_yaml_unquoted_closing_time_gets_a_quoting_hint():
    raw = yaml.safe_load(
        "timezone: UTC\nholidays: {countries: [US]}\nbusiness_hours: {open: 09:00, close: 17:00}"
    )
    assert raw["business_hours"] == {"open": "09:00", "close": 1020}  # PyYAML's reading
    with pytest.raises(CalendarError, match=re.escape('quote the time, e.g. "17:00"')):
        parse(raw)


def test_unknown_subdivision_lists_the_known_ones():
    raw = with_(holidays__countries=[{"country": "GB", "subdivision": "XYZ"}])
    with pytest.raises(CalendarError, match="known subdivisions: ENG, NIR, SCT, WLS"):
        parse(raw)


def test_subdivision_alias_and_null_subdivision_are_accepted():
    cal = parse(
        with_(
            holidays__countries=[
                {"country": "GB", "subdivision": "England"},
                {"country": "DE", "subdivision": None},
            ]
        )
    )
    assert cal.countries == (("GB", "England"), ("DE", None))
    assert not cal.is_business_day(date(2026, 8, 31))  # Late Summer Bank Holiday (England)


def test_empty_path_has_no_leading_dot():
    with pytest.raises(CalendarError) as info:
        calendar_from_config("EMEA", with_(timezone="Nowhere/Land"), "")
    assert str(info.value) == "timezone: unknown time zone 'Nowhere/Land'"


def test_errors_from_the_calendar_itself_get_the_path_too():
    with pytest.raises(CalendarError) as info:
        calendar_from_config("", EXAMPLE, "regions.EMEA")
    assert str(info.value).startswith("regions.EMEA: calendar name must be a non-empty string")
