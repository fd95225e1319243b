"""Time helpers: GitLab's ISO 8601 rendering, lenient parsing and the default clock."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """Return the real current time in UTC."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """Return an aware UTC datetime, treating a naive one as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """Render a datetime the way GitLab does: `2024-01-15T10:00:00.000Z`."""
    moment = to_utc(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time (naive means UTC); raise ValueError otherwise."""
    text = value.strip()
    if not text:
        raise ValueError("empty time")
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return to_utc(datetime.fromisoformat(text.replace(" ", "T", 1)))


def normalize(value: str) -> str:
    """Parse a time string and render it in GitLab's canonical form (sortable as text)."""
    return iso(parse_time(value))
