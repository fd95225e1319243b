"""PTO availability for assignment suggestions, and the business-day arithmetic of the reminder."""

from __future__ import annotations

from datetime import date

from bots.forms import availability
from bots.forms.pto import business_days_after
from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE
from tests.factories import config
from tests.issue_templates.helpers import check, fill


def pto(dates: str, **kw: str | None):
    return check(PTO_COVERAGE, fill(PTO_COVERAGE, dates=dates, **kw))


def test_availability_merges_windows_per_person_and_skips_what_is_not_pto():
    results = [
        ("alex.kim", pto("2026-12-21 to 2026-12-24")),
        ("Alex.Kim", pto("2026-12-25 to 2027-01-01", coverage=None)),  # incomplete still counts
        ("alex.kim", pto("2026-11-20")),
        ("dana.white", pto("2026-12-01 to 2026-12-02")),
        ("chris.ng", pto("2026-12-21 to 2026-12-01")),  # invalid dates: no window
        ("lena.fischer", check(ON_SITE_REQUEST, fill(ON_SITE_REQUEST))),
        ("", pto("2026-12-01")),
    ]
    assert availability(results) == {
        "alex.kim": ((date(2026, 11, 20), date(2026, 11, 20)), (date(2026, 12, 21), date(2027, 1, 1))),
        "dana.white": ((date(2026, 12, 1), date(2026, 12, 2)),),
    }


def test_business_days_skip_weekends_and_the_region_holidays():
    amer = config().regions["AMER"].calendar
    assert business_days_after(date(2026, 11, 20), 2, None) == date(2026, 11, 24)  # Fri -> Tue
    assert business_days_after(date(2026, 11, 24), 2, amer) == date(2026, 11, 27)  # Thanksgiving
    assert business_days_after(date(2026, 11, 24), 2, None) == date(2026, 11, 26)
