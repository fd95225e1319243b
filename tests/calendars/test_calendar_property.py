"""Property tests: BusinessCalendar against an independent computation with numpy.

numpy's ``busday_offset`` / ``is_busday`` do the business-day arithmetic, given the same
holiday list (taken straight from the ``holidays`` package, not through bots.calendars) and
the same weekmask. Wall-clock expectations are derived independently of the implementation
too (candidate UTC offsets / a minute scan for skipped wall times). Seeded: deterministic.

Handbook: "If it comes in at 4pm, the Team has until 4pm the next day to triage."
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from holidays import country_holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from bots.calendars import BusinessCalendar

SAMPLES = 10_000
FIRST = datetime(2020, 1, 1, tzinfo=UTC)
LAST = datetime(2040, 1, 1, tzinfo=UTC)
HOLIDAY_YEARS = range(2018, 2043)  # the samples plus room for +-15 business days


@dataclass(frozen=True)
class Reference:
    cal: BusinessCalendar
    tz: ZoneInfo
    busdaycal: np.busdaycalendar
    holidays: frozenset[date]


def _reference(cal: BusinessCalendar) -> Reference:
    tables = [set(country_holidays(c, subdiv=s, years=HOLIDAY_YEARS)) for c, s in cal.countries]
    days = set.union(*tables) if cal.holiday_mode == "any" else set.intersection(*tables)
    days |= set(cal.extra_days_off)
    weekmask = [0 if wd in cal.weekend else 1 for wd in range(7)]
    busdaycal = np.busdaycalendar(weekmask=weekmask, holidays=np.array(sorted(days), dtype="datetime64[D]"))
    return Reference(cal, ZoneInfo(cal.timezone), busdaycal, frozenset(days))


def _variant() -> BusinessCalendar:
    """Fri+Sat weekend (so DST Sundays are business days), mode all, team days off."""
    rng = np.random.default_rng(7)
    offsets = rng.choice(365 * 20, size=60, replace=False)
    extra = frozenset(date(2020, 1, 1) + timedelta(days=int(o)) for o in offsets)
    return BusinessCalendar(
        "VARIANT",
        "Europe/Berlin",
        (("GB", "ENG"), ("DE", None)),
        holiday_mode="all",
        extra_days_off=extra,
        weekend=frozenset({4, 5}),
        open_time=time(8, 30),
        close_time=time(16, 30),
    )


REGIONS = {
    "AMER": lambda: BusinessCalendar("AMER", "America/New_York", (("US", None),)),
    "EMEA": lambda: BusinessCalendar("EMEA", "Europe/London", (("GB", None), ("DE", None))),
    "VARIANT": _variant,
}


@pytest.fixture(scope="module", params=sorted(REGIONS))
def ref(request) -> Reference:
    return _reference(REGIONS[request.param]())


def _random_instants(seed: int) -> list[datetime]:
    rng = np.random.default_rng(seed)
    span = int((LAST - FIRST).total_seconds())
    seconds = rng.integers(0, span, size=SAMPLES)
    micros = rng.integers(0, 1_000_000, size=SAMPLES)
    return [
        FIRST + timedelta(seconds=int(s), microseconds=int(u)) for s, u in zip(seconds, micros, strict=True)
    ]


def _expected_instant(tz: ZoneInfo, day: date, wall: time) -> datetime:
    """Wall time ``wall`` on ``day`` in ``tz``: first occurrence, or the first valid instant
    (minute scan) when the wall time is skipped. Independent of the implementation."""
    naive = datetime.combine(day, wall)
    guess = naive.replace(tzinfo=UTC).timestamp()
    offsets = {datetime.fromtimestamp(guess + delta, tz).utcoffset() for delta in (-86_400, 86_400)}
    hits = []
    for offset in offsets:
        assert offset is not None
        instant = (naive - offset).replace(tzinfo=UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == naive:
            hits.append(instant)
    if hits:
        return min(hits).astimezone(tz)
    minute = (naive - max(o for o in offsets if o is not None)).replace(tzinfo=UTC, second=0, microsecond=0)
    while minute.astimezone(tz).replace(tzinfo=None) < naive:
        minute += timedelta(minutes=1)
    return minute.astimezone(tz)


def _check(result: datetime, expected: datetime) -> None:
    assert result.tzinfo is expected.tzinfo
    assert result.astimezone(UTC) == expected.astimezone(UTC), (result, expected)
    assert result.utcoffset() == expected.utcoffset(), (result, expected)


def test_is_business_day_matches_numpy_on_every_day(ref):
    days = np.arange("2020-01-01", "2040-01-01", dtype="datetime64[D]")
    expected = np.is_busday(days, busdaycal=ref.busdaycal)
    actual = np.array([ref.cal.is_business_day(d.item()) for d in days])
    assert (actual == expected).all(), days[actual != expected][:5]
    named = np.array([ref.cal.holiday_name(d.item()) is not None for d in days])
    in_list = np.array([d.item() in ref.holidays for d in days])
    assert (named == in_list).all()
    assert in_list.sum() > 100  # the holiday list is not empty / silently missing


def test_due_matches_numpy_on_random_timestamps(ref):
    """Business day: same wall time n business days later; else next opening + n days."""
    instants = _random_instants(seed=20260302)
    rng = np.random.default_rng(1)
    ns = rng.integers(0, 11, size=SAMPLES)
    local = [i.astimezone(ref.tz) for i in instants]
    days = np.array([loc.date() for loc in local], dtype="datetime64[D]")
    busy = np.is_busday(days, busdaycal=ref.busdaycal)
    due_days = np.busday_offset(days, ns, roll="forward", busdaycal=ref.busdaycal)
    for k, received in enumerate(instants):
        wall = local[k].time() if busy[k] else ref.cal.open_time
        expected = _expected_instant(ref.tz, due_days[k].item(), wall)
        _check(ref.cal.due(received, int(ns[k])), expected)
        assert ref.cal.is_business_day(local[k].date()) == bool(busy[k])
    assert 0.55 < busy.mean() < 0.75  # both branches were exercised


def test_add_business_days_matches_numpy_on_random_timestamps(ref):
    instants = _random_instants(seed=4)
    rng = np.random.default_rng(2)
    ns = rng.integers(-15, 16, size=SAMPLES)
    cal = ref.busdaycal
    for k, start in enumerate(instants):
        n = int(ns[k])
        local = start.astimezone(ref.tz)
        day = np.datetime64(local.date(), "D")
        result = ref.cal.add_business_days(start, n)
        if n == 0:
            _check(result, local)
            continue
        if np.is_busday(day, busdaycal=cal):
            target = np.busday_offset(day, n, busdaycal=cal)
        elif n > 0:
            target = np.busday_offset(day, n - 1, roll="forward", busdaycal=cal)
        else:
            target = np.busday_offset(day, n + 1, roll="backward", busdaycal=cal)
        _check(result, _expected_instant(ref.tz, target.item(), local.time()))


AMER = REGIONS["AMER"]()
EMEA = REGIONS["EMEA"]()
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=45))


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(a=instants, ab=gaps, bc=gaps, cal=st.sampled_from([AMER, EMEA]))
def test_business_hours_between_is_additive_and_bounded(a, ab, bc, cal):
    b, c = a + ab, a + ab + bc
    first = cal.business_hours_between(a, b)
    second = cal.business_hours_between(b, c)
    assert cal.business_hours_between(a, c) == pytest.approx(first + second, abs=1e-6)
    assert cal.business_hours_between(b, a) == -first
    assert 0 <= first <= 8 * (ab.total_seconds() / 86_400 + 1)


def test_business_hours_of_whole_years_match_numpy_business_day_count(ref):
    """Each business day contributes exactly its open hours (no DST day is a business day
    in AMER/EMEA; in VARIANT the Sunday switches happen at night, outside 08:30-16:30)."""
    hours = (
        datetime.combine(date.min, ref.cal.close_time) - datetime.combine(date.min, ref.cal.open_time)
    ) / timedelta(hours=1)
    for year in (2026, 2031):
        start = datetime(year, 1, 1, tzinfo=ref.tz)
        end = datetime(year + 1, 1, 1, tzinfo=ref.tz)
        count = np.busday_count(f"{year}-01-01", f"{year + 1}-01-01", busdaycal=ref.busdaycal)
        assert 230 < count < 265
        assert ref.cal.business_hours_between(start, end) == pytest.approx(count * hours)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(moment=instants, cal=st.sampled_from([AMER, EMEA]))
def test_next_opening_is_open_and_nothing_is_open_before_it(moment, cal):
    opening = cal.next_opening(moment)
    assert opening >= moment
    assert cal.is_open(opening)
    assert cal.business_hours_between(moment, opening) == 0
    assert cal.is_open(moment) == (opening == moment)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(moment=instants, cal=st.sampled_from([AMER, EMEA]), n=st.integers(1, 10))
def test_due_is_later_on_a_business_day_and_monotonic(moment, cal, n):
    due = cal.due(moment, n)
    assert due > moment
    assert cal.is_business_day(due.date())
    assert cal.due(moment, n + 1) > due


def _walked_hours(cal: BusinessCalendar, start: datetime, end: datetime) -> float:
    """Elapsed business hours by walking every day between (the obvious, slow way)."""
    tz, total = ZoneInfo(cal.timezone), timedelta(0)
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        if cal.is_business_day(day):
            opens = datetime.combine(day, cal.open_time, tzinfo=tz).astimezone(UTC)
            closes = datetime.combine(day, cal.close_time, tzinfo=tz).astimezone(UTC)
            total += max(timedelta(0), min(end, closes) - max(start, opens))
        day += timedelta(days=1)
    return total / timedelta(hours=1)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(a=instants, span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1200)),
       cal=st.sampled_from([AMER, EMEA, _variant()]))
def test_business_hours_over_months_and_years_equal_the_day_by_day_walk(a, span, cal):
    """The prefix sums per year give what walking each day gives, across year ends and DST."""
    assert cal.business_hours_between(a, a + span) == pytest.approx(_walked_hours(cal, a, a + span), abs=1e-6)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(a=instants, ab=gaps, bc=gaps, cal=st.sampled_from([AMER, EMEA, _variant()]))
def test_business_day_hours_are_additive_antisymmetric_and_at_most_the_clock(a, ab, bc, cal):
    b, c = a + ab, a + ab + bc
    first = cal.business_day_hours_between(a, b)
    assert cal.business_day_hours_between(a, c) == pytest.approx(first + cal.business_day_hours_between(b, c),
                                                                 abs=1e-6)
    assert cal.business_day_hours_between(b, a) == -first
    assert 0 <= first <= ab / timedelta(hours=1) + 1e-9
    assert first >= cal.business_hours_between(a, b) - 1e-9  # whole days hold their opening hours


def test_business_day_hours_of_half_years_are_numpys_business_days_times_their_length(ref):
    """Each business day counts whole, midnight to midnight (23 or 25 hours across a clock switch).
    Half years: in a whole one the two switches' hour would cancel out."""
    for first, last in (("2026-01-01", "2026-07-01"), ("2031-07-01", "2032-01-01")):
        start = datetime.combine(date.fromisoformat(first), time(0), tzinfo=ref.tz)
        end = datetime.combine(date.fromisoformat(last), time(0), tzinfo=ref.tz)
        days = np.arange(first, last, dtype="datetime64[D]")
        def length(day: date) -> float:  # in UTC: one zone's times subtract as wall clocks
            return (datetime.combine(day + timedelta(days=1), time(0), tzinfo=ref.tz).astimezone(UTC)
                    - datetime.combine(day, time(0), tzinfo=ref.tz).astimezone(UTC)) / timedelta(hours=1)

        business = [d.astype(date) for d in days[np.is_busday(days, busdaycal=ref.busdaycal)]]
        assert any(length(d) != 24 for d in business) == (ref.cal.name == "VARIANT")
        expected = sum(length(d) for d in business)
        assert ref.cal.business_day_hours_between(start, end) == pytest.approx(expected)
