"""PTO, in one place: who is away when (from PTO coverage issues), and when to remind the author."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from bots.calendars import BusinessCalendar
from bots.issue_templates import PTO_COVERAGE, FormResult, pto_window, validate
from bots.model import Issue

REMIND_WITHIN_BUSINESS_DAYS = 2
PTO_LABEL = PTO_COVERAGE.label
Window = tuple[date, date]
Away = Mapping[str, tuple[Window, ...]]  # username (case-folded) -> first and last days away


def _merged(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Windows sorted, with overlapping or touching ones joined."""
    out: list[Window] = []
    for start, end in sorted(windows):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def availability(results: Iterable[tuple[str, FormResult]]) -> dict[str, tuple[Window, ...]]:
    """Who is away when: `(author username, validated form)` pairs -> first and last days away.

    Only PTO coverage forms with valid dates count (complete or not: a missing coverage SA does not
    make the author any less away). Each person's windows are sorted and merged; usernames are kept
    as written, grouped without regard to case.
    """
    found: dict[str, list[Window]] = {}
    spelled: dict[str, str] = {}
    for author, result in results:
        window = pto_window(result)
        if window is None or not author:
            continue
        name = spelled.setdefault(author.casefold(), author)
        found.setdefault(name, []).append((window[0], window[1]))
    return {name: _merged(windows) for name, windows in sorted(found.items())}


def _is_business_day(day: date, calendar: BusinessCalendar | None) -> bool:
    """The calendar's answer, or Monday to Friday when there is no calendar."""
    check = getattr(calendar, "is_business_day", None)
    return bool(check(day)) if check is not None else day.weekday() < 5


def business_days_after(today: date, count: int, calendar: BusinessCalendar | None) -> date:
    """The `count`-th business day after `today`."""
    day, seen = today, 0
    while seen < count:
        day += timedelta(days=1)
        seen += _is_business_day(day, calendar)
    return day


def reminder_due(start: date, calendar: BusinessCalendar | None) -> date:
    """The day the reminder for time off starting on `start` falls due (`reminder_start`'s horizon
    reaches it): `REMIND_WITHIN_BUSINESS_DAYS` business days before, counted back."""
    day, seen = start, 0
    while seen < REMIND_WITHIN_BUSINESS_DAYS:
        day -= timedelta(days=1)
        seen += _is_business_day(day, calendar)
    return day


def reminder_start(result: FormResult, today: date, calendar: BusinessCalendar | None) -> date | None:
    """The first day away, when the author should be reminded to name a coverage SA; else None.

    That is when the form's dates are valid, nobody valid is named under Coverage SA(s), and the
    time off starts within two business days of `today` (or has started and is not over).
    """
    window = pto_window(result)
    if window is None:
        return None
    start, end, coverage = window
    if coverage or end < today:
        return None
    horizon = business_days_after(today, REMIND_WITHIN_BUSINESS_DAYS, calendar)
    return start if start <= horizon else None


def away_windows(issues: Iterable[Issue], today: date,
                 known_users: frozenset[str]) -> dict[str, tuple[Window, ...]]:
    """Windows per author from PTO coverage issues whose dates are valid and not over by `today`."""
    results = [(issue.author, validate(PTO_COVERAGE, issue.description, today=today, known_users=known_users))
               for issue in issues if PTO_LABEL in issue.labels]
    return {name.casefold(): windows for name, windows in availability(results).items()}


def away_between(away: Away, username: str, first: date, last: date) -> Window | None:
    """The first window of `username` that overlaps the days `first`..`last`, or None."""
    for start, end in away.get(username.casefold(), ()):
        if start <= last and end >= first:
            return start, end
    return None
