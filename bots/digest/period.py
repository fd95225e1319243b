"""The reporting week of a digest: the seven days up to the latest weekly close, in the region's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Period:
    """Seven days `[start, end)`; `end` is the weekly close (the digest is due from then on)."""

    start: datetime  # aware, in the region's zone
    end: datetime

    @property
    def key(self) -> str:
        """The ISO week the digest's figures are for, e.g. `2026-W47` (see `label`)."""
        year, week, _ = self._middle.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def label(self) -> str:
        """The ISO week the period covers, e.g. `W47`: the week of its middle, so a week closed on
        Monday 00:00 is that ISO week, and one closed on Friday 15:00 is the week of that Friday."""
        return f"W{self._middle.isocalendar()[1]:02d}"

    @property
    def _middle(self) -> datetime:
        return self.start + (self.end - self.start) / 2

    @property
    def dates(self) -> str:
        """The days covered, e.g. `16–22 Nov 2026` (a close at midnight ends the day before)."""
        return day_range(self.start.date(), (self.end - timedelta(microseconds=1)).date())

    def contains(self, at: datetime | None) -> bool:
        return at is not None and self.start <= at < self.end

    def before(self, weeks: int) -> Period:
        """The period `weeks` weeks earlier (same local wall-clock times)."""
        return Period(_shift(self.start, -7 * weeks), _shift(self.end, -7 * weeks))


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def _shift(at: datetime, days: int) -> datetime:
    return datetime.combine(at.date() + timedelta(days=days), at.timetz())


def current(now: datetime, timezone: str, weekday: int, hour: int) -> Period:
    """The period that ended at the latest close (`weekday` at `hour`, local) at or before `now`."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    end = _at(local.date() - timedelta(days=(local.weekday() - weekday) % 7), hour, zone)
    if end > local:
        end = _at(end.date() - timedelta(days=7), hour, zone)
    return Period(_at(end.date() - timedelta(days=7), hour, zone), end)


def day_range(d: date, until: date) -> str:
    """`16–22 Nov 2026` or `30 Nov – 6 Dec 2026`."""
    if (d.year, d.month) == (until.year, until.month):
        return f"{d.day}–{until.day} {until:%b %Y}"
    return f"{d.day} {d:%b} – {until.day} {until:%b %Y}"
