"""Who is away when: PTO coverage issues (form `form::pto-coverage`) turned into windows per person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bots.forms.pto import Window, availability
from bots.model import Issue

PTO_LABEL = "form::pto-coverage"
Away = Mapping[str, tuple[Window, ...]]  # username (case-folded) -> first and last days away


def away_windows(issues: Iterable[Issue], today: date,
                 known_users: frozenset[str]) -> dict[str, tuple[Window, ...]]:
    """Windows per author from PTO coverage issues whose dates are valid and not over by `today`."""
    from bots.issue_templates import PTO_COVERAGE, validate

    results = []
    for issue in issues:
        if PTO_COVERAGE.label not in issue.labels:
            continue
        results.append((issue.author, validate(PTO_COVERAGE, issue.description, today=today,
                                               known_users=known_users)))
    return {name.casefold(): windows for name, windows in availability(results).items()}


def away_between(away: Away, username: str, first: date, last: date) -> Window | None:
    """The first window of `username` that overlaps the days `first`..`last`, or None."""
    for start, end in away.get(username.casefold(), ()):
        if start <= last and end >= first:
            return start, end
    return None


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()


def horizon(today: date, days: int) -> tuple[date, date]:
    """Today and the `days` that follow."""
    return today, today + timedelta(days=days)
