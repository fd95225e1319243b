"""The single exception type raised by :mod:`bots.calendars`."""

from __future__ import annotations


class CalendarError(ValueError):
    """Bad calendar configuration, a naive datetime, or a date the holiday data does not cover.

    `problems`: every problem found at once (a calendar's section: one per key that has one); the
    first is the error's message."""

    def __init__(self, message: str, *more: str) -> None:
        super().__init__(message)
        self.problems = (message, *more)
