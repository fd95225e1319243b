"""Business calendars: time arithmetic for the team's service-level objectives.

Pure code: no clock, no environment, no I/O. Every datetime argument must be timezone-aware
(a naive one raises :class:`CalendarError`, a ``ValueError``); every datetime returned is in
the region's own zone (``ZoneInfo(calendar.timezone)``).

Handbook: "Triage within One Business Day ... One Full Business Day Defined: If it comes in
at 4pm, the Team has until 4pm the next day to triage."

Rules
-----
Business day
    A local date that is not a weekend day (``weekend``, default Sat+Sun), not a public
    holiday and not one of the team's ``extra_days_off``. Public holidays come from the
    ``holidays`` package for each configured (country, subdivision), including "observed"
    substitute days (US July 4th on a Saturday -> Friday July 3rd off). With
    ``holiday_mode="any"`` a holiday in any listed country is a day off; with ``"all"`` only
    a day every listed country observes. A country without subdivision means its
    nation-wide holidays only (GB alone has no Easter Monday: that is England/Wales/NI only;
    use subdivision ENG for England).
SLO clock start (:meth:`BusinessCalendar.clock_start`)
    Received on a business day, at any hour (also before opening or after closing): the
    clock starts at once. Received on a weekend, holiday or team day off: it starts at the
    next business day's ``open_time`` (Sat 10:00 -> Mon 09:00). Consequence, on purpose:
    Mon 00:30 is due Tue 00:30, earlier than Sun 23:30 (due Tue 09:00).
Due time (:meth:`BusinessCalendar.due`)
    ``add_business_days(clock_start(received), n)``: the same local wall-clock time, n
    business days later. Tue 16:00 -> Wed 16:00; Fri 16:00 -> Mon 16:00; holidays are
    skipped; Sat 10:00 -> Tue 09:00. ``n=0`` gives the clock start.
add_business_days(start, n)
    Same wall-clock time on the n-th business day after (n<0: before) start's local date;
    start's own date need not be a business day (Sat 10:00 + 1 -> Mon 10:00); n=0 returns
    start unchanged.
Daylight-saving switches
    Due times keep the local wall-clock time, so elapsed time may be 1 h more or less than
    n x 24 h. A wall time that does not exist on the target day (02:30 on a spring-forward
    day) moves forward to the first valid instant, the moment of the switch (03:00 new
    time). An ambiguous wall time (01:30 on a fall-back day) takes its first occurrence
    (fold=0, the earlier instant). With the default Sat/Sun weekend these cases cannot
    arise in the US or EU (both switch on Sunday mornings); they matter for other weekends.
Holiday names (:meth:`BusinessCalendar.holiday_name`)
    Why a date is a non-weekend day off, else None. English names, whatever the process
    locale. One country: ``"Thanksgiving Day"``; several: ``"GB: Boxing Day; DE: Second Day
    of Christmas"``; team days off: ``"team day off"`` (appended if also a holiday).
Business hours
    ``[open_time, close_time)`` local time on business days; ``open_time < close_time``
    (no overnight shifts). :meth:`~BusinessCalendar.is_open`,
    :meth:`~BusinessCalendar.next_opening` (``at`` itself when open) and
    :meth:`~BusinessCalendar.business_hours_between` (real elapsed hours of [a, b) inside
    business hours; negative when b < a) use them.
    :meth:`~BusinessCalendar.business_day_hours_between` counts whole business days instead
    (notice given, weekends and days off left out).
Holiday coverage
    The ``holidays`` package silently returns *no* holidays for years outside a country's
    ``start_year..end_year`` (0.109: US 1777, GB/IE 1872, FR 1803, NL 1966, DE 1991; all
    end 2100). Any use of such a year raises ``CalendarError`` naming the year and country;
    so does any year outside the calendar's ``year_window`` (default 1970..2100, the hard
    limits; config key ``holidays.years: {first, last}``). Lookups are cached per
    (country, subdivision, year) and per calendar and year.
"""

from datetime import datetime

from .business import MAX_YEAR, MIN_YEAR, TEAM_DAY_OFF, BusinessCalendar
from .config import calendar_from_config
from .errors import CalendarError
from .holiday_data import covered_years

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "TEAM_DAY_OFF",
    "BusinessCalendar",
    "CalendarError",
    "calendar_from_config",
    "covered_years",
]


def when(calendar: BusinessCalendar | None, at: datetime | None) -> str:
    """`Mon 23 Nov, 16:00 EST`: a moment in the region's local time (people read it there), or "—".

    The one wording of a local time in every note, digest and page.
    """
    return calendar.format_local(at) if at is not None and calendar is not None else "—"
