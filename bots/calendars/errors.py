"""The single exception type raised by :mod:`bots.calendars`."""

from __future__ import annotations


class CalendarError(ValueError):
    """Bad calendar configuration, a naive datetime, or a date the holiday data does not cover."""
