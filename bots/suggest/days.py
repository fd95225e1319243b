"""The days a suggestion checks against PTO: the meeting day, or today and the days that follow."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()


def horizon(today: date, days: int) -> tuple[date, date]:
    """Today and the `days` that follow."""
    return today, today + timedelta(days=days)
