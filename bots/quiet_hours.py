"""When a note that mentions people may go out: within the first recipient's business hours.

GitLab notifies a mention at once; a note posted at 03:00 local wakes nobody useful and sits
unread. So every bot note that mentions someone waits for a run inside the business hours of the
first recipient's own region (roster person, regional team or manager), else of a fallback (the
request's or the form's region); the run's info line says it waited ("waiting for business hours
(opens ...)"). Pure: the caller passes the moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bots.calendars import BusinessCalendar
from bots.config import Config


def recipient_calendars(cfg: Config) -> dict[str, BusinessCalendar]:
    """The business calendar of each roster member's, team's and manager's region, by username."""
    calendars = {p.username: cfg.regions[p.region].calendar for p in cfg.roster if p.region in cfg.regions}
    for region in cfg.regions.values():
        calendars.update(dict.fromkeys((region.team, *region.managers), region.calendar))
    return calendars


def recipients_calendar(calendars: dict[str, BusinessCalendar], recipients: Iterable[str],
                        fallback: BusinessCalendar | None) -> BusinessCalendar | None:
    """Business hours that count for a note: the first recipient's own region, else `fallback`."""
    return next((calendars[r] for r in recipients if r in calendars), fallback)


def opens_for(cfg: Config, recipients: Iterable[str | None], fallback: BusinessCalendar | None,
              now: datetime) -> str | None:
    """None if a note mentioning `recipients` may go out now (or mentions nobody); else when their
    business hours open, in their local time ("Mon 23 Nov, 09:00 GMT")."""
    named = [r for r in recipients if r]
    if not named:
        return None
    cal = recipients_calendar(recipient_calendars(cfg), named, fallback)
    if cal is None or cal.is_open(now):
        return None
    return cal.format_local(cal.next_opening(now))


def waiting(what: str, opens: str) -> str:
    """The run's info line for a note that waits."""
    return f"{what}: waiting for business hours (opens {opens})"
