"""A small cron parser (5 fields, names, macros) and next-run computation with time zones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .timeutil import to_utc

_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
           "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
           "@hourly": "0 * * * *"}
# ActiveSupport zone names GitLab accepts besides TZInfo identifiers (a common subset).
ACTIVE_SUPPORT_ZONES = {
    "UTC": "UTC", "Etc/UTC": "UTC", "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Mountain Time (US & Canada)": "America/Denver", "Central Time (US & Canada)":
    "America/Chicago", "Eastern Time (US & Canada)": "America/New_York", "London":
    "Europe/London", "Dublin": "Europe/Dublin", "Lisbon": "Europe/Lisbon", "Paris":
    "Europe/Paris", "Berlin": "Europe/Berlin", "Amsterdam": "Europe/Amsterdam", "Madrid":
    "Europe/Madrid", "Rome": "Europe/Rome", "Stockholm": "Europe/Stockholm", "Warsaw":
    "Europe/Warsaw", "Athens": "Europe/Athens", "Moscow": "Europe/Moscow", "Mumbai":
    "Asia/Kolkata", "New Delhi": "Asia/Kolkata", "Singapore": "Asia/Singapore", "Hong Kong":
    "Asia/Hong_Kong", "Tokyo": "Asia/Tokyo", "Seoul": "Asia/Seoul", "Sydney":
    "Australia/Sydney", "Melbourne": "Australia/Melbourne", "Auckland": "Pacific/Auckland",
    "Brasilia": "America/Sao_Paulo", "Buenos Aires": "America/Argentina/Buenos_Aires",
    "Mexico City": "America/Mexico_City", "Bogota": "America/Bogota",
}
WORKER_CRON = "3-59/10 * * * *"


@dataclass(frozen=True)
class Cron:
    """Parsed cron fields as sets, plus whether day-of-month/week were `*`."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool
    any_weekday: bool


def _value(text: str, index: int) -> int:
    names = _MONTHS if index == 3 else _DAYS if index == 4 else []
    lowered = text.lower()
    if lowered in names:
        return names.index(lowered) + (1 if index == 3 else 0)
    return int(text)


def _field(text: str, index: int) -> frozenset[int]:
    low, high = _BOUNDS[index]
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, end = _value(first, index), _value(last, index)
        else:
            start = _value(base, index)
            end = high if step_text else start
        if step < 1 or not low <= start <= end <= high:
            raise ValueError(f"bad cron field: {text}")
        values.update(range(start, end + 1, step))
    if index == 4 and 7 in values:
        values = (values - {7}) | {0}
    return frozenset(values)


def parse(expression: str) -> Cron:
    """Parse a cron expression; raise ValueError when invalid."""
    text = _MACROS.get(expression.strip().lower(), expression.strip())
    parts = text.split()
    if len(parts) != 5:
        raise ValueError("cron needs 5 fields")
    fields = [_field(part, index) for index, part in enumerate(parts)]
    return Cron(fields[0], fields[1], fields[2], fields[3], fields[4],
                any_day=parts[2] == "*", any_weekday=parts[4] == "*")


def zone(name: str) -> ZoneInfo:
    """A time zone from an ActiveSupport or TZInfo name; raise ValueError when unknown."""
    try:
        return ZoneInfo(ACTIVE_SUPPORT_ZONES.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone: {name}") from None


def _day_matches(cron: Cron, moment: datetime) -> bool:
    day_ok = moment.day in cron.days
    weekday_ok = (moment.weekday() + 1) % 7 in cron.weekdays
    if cron.any_day or cron.any_weekday:
        return day_ok and weekday_ok
    return day_ok or weekday_ok


def next_after(cron: Cron, after: datetime, tz: ZoneInfo) -> datetime | None:
    """The first time strictly after `after` matching `cron` in `tz` (as UTC), within 5 years."""
    after = to_utc(after)
    day = after.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    for _ in range(366 * 5):
        if day.month in cron.months and _day_matches(cron, day):
            for hour in sorted(cron.hours):
                for minute in sorted(cron.minutes):
                    local = day.replace(hour=hour, minute=minute, tzinfo=tz)
                    if to_utc(local) > after:
                        return to_utc(local)
        day += timedelta(days=1)
    return None


def next_run_at(expression: str, timezone: str, now: datetime) -> datetime | None:
    """GitLab's next_run_at: the schedule's next time, rounded up to the worker's next slot."""
    ideal = next_after(parse(expression), now, zone(timezone))
    if ideal is None:
        return None
    return next_after(parse(WORKER_CRON), ideal - timedelta(minutes=1), zone("UTC"))
