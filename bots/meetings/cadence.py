"""Which meetings fall in a window, when each is held, and the Global meeting's second-half rotation.

Pure: dates, settings and calendars in, occurrences out (no clock, no I/O).

Cadence: a meeting is held on its weekday every `every_weeks` weeks counted from its `anchor` (also
before it: the anchor only fixes which weeks). An occurrence is keyed by this nominal date, so a move
never changes which agenda it is.

Holidays: a nominal date that is not a business day in the meeting's region (a public holiday or a
team day off) moves to the region's next business day at the same local time (`on_holiday: move`,
the default), or is not held (`skip`: no agenda is filed). The agenda of a moved meeting says so.

Rotation (Global Team Meeting, handbook: Demo Jam twice a quarter, Peer Review twice, Strategy once,
Team Retrospective in the last week of a quarter, Open Topic once): the quarter's nominal meeting
dates, in order, get `ROTATION`, with the Team Retrospective on the quarter's last one (with a meeting
every other week that is the one in, or nearest to, the quarter's last week). The handbook lists
seven sessions, so a quarter with seven such Mondays holds all seven; one with six drops the Open
Topic (the one session that names no subject). Fewer (a weekly or monthly cadence, configured) drop
in `DROP_ORDER`; more add Open Topics before the retrospective. The rotation counts nominal dates,
so a skipped meeting's session is not made up later. Quarters start in `quarter_start_month`
(default February: GitLab's fiscal year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bots.calendars import BusinessCalendar
from bots.meetings.settings import MeetingSpec

DEMO_JAM, PEER_REVIEW, STRATEGY, OPEN_TOPIC, RETRO = (
    "Demo Jam", "Peer Review", "Strategy", "Open Topic", "Team Retrospective")
ROTATION = (DEMO_JAM, PEER_REVIEW, STRATEGY, DEMO_JAM, OPEN_TOPIC, PEER_REVIEW)  # then RETRO
DROP_ORDER = (OPEN_TOPIC, STRATEGY, PEER_REVIEW, DEMO_JAM, PEER_REVIEW, DEMO_JAM)


@dataclass(frozen=True)
class Occurrence:
    spec: MeetingSpec
    nominal: date  # the cadence's date: the agenda's identity
    start: datetime  # when it is held, in the region's zone
    holiday: str | None = None  # why the nominal date is not a business day (moved or skipped)
    skipped: bool = False

    @property
    def key(self) -> str:
        return f"meeting-{self.spec.kind}-{self.nominal.isoformat()}"

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.spec.minutes)

    @property
    def moved(self) -> bool:
        return self.holiday is not None and not self.skipped


@dataclass(frozen=True)
class Rotation:
    topic: str
    index: int  # 1-based, among the quarter's meetings
    plan: tuple[str, ...]  # the quarter's sessions, in order
    quarter: tuple[date, date]  # first and last day


def nominal_dates(spec: MeetingSpec, first: date, last: date) -> list[date]:
    """The meeting's cadence dates in [first, last]."""
    out = []
    day = first + timedelta(days=(spec.weekday - first.weekday()) % 7)
    while day <= last:
        if ((day - spec.anchor).days // 7) % spec.every_weeks == 0:
            out.append(day)
        day += timedelta(days=7)
    return out


def occurrence(spec: MeetingSpec, nominal: date, calendar: BusinessCalendar, on_holiday: str) -> Occurrence:
    """When the meeting of `nominal` is held (moved past a holiday, or skipped)."""
    zone = ZoneInfo(calendar.timezone)
    if calendar.is_business_day(nominal):
        return Occurrence(spec, nominal, datetime.combine(nominal, spec.at, tzinfo=zone))
    why = calendar.holiday_name(nominal) or "not a business day"
    held = nominal
    while not calendar.is_business_day(held):
        held += timedelta(days=1)  # bounded: the calendar raises for a year without business days
    start = datetime.combine(held, spec.at, tzinfo=zone)
    return Occurrence(spec, nominal, start, why, skipped=on_holiday == "skip")


def upcoming(spec: MeetingSpec, calendar: BusinessCalendar, now: datetime, days: int,
             on_holiday: str) -> list[Occurrence]:
    """The meeting's occurrences that start after `now` and at most `days` days later (skipped ones too)."""
    horizon = now + timedelta(days=days)
    first = now.astimezone(ZoneInfo(calendar.timezone)).date() - timedelta(days=14)  # a move spans days
    found = (occurrence(spec, d, calendar, on_holiday) for d in nominal_dates(spec, first, horizon.date()))
    return [o for o in found if now < o.start <= horizon]


def quarter_of(day: date, start_month: int) -> tuple[date, date]:
    """The first and last day of the quarter holding `day` (quarters start in `start_month`)."""
    offset = (day.month - start_month) % 12 // 3 * 3
    month = (start_month - 1 + offset) % 12 + 1
    first = date(day.year if month <= day.month else day.year - 1, month, 1)
    nxt = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def sessions(count: int) -> tuple[str, ...]:
    """The second-half sessions of a quarter with `count` meetings, in order."""
    if count <= 0:
        return ()
    body = list(ROTATION)
    for topic in DROP_ORDER[: max(0, len(body) - (count - 1))]:
        del body[len(body) - 1 - body[::-1].index(topic)]  # its last occurrence
    body += [OPEN_TOPIC] * max(0, count - 1 - len(ROTATION))
    return (*body, RETRO)


def rotation(spec: MeetingSpec, nominal: date, start_month: int) -> Rotation:
    """The second-half session of the meeting of `nominal` (a date of the cadence)."""
    quarter = quarter_of(nominal, start_month)
    dates = nominal_dates(spec, *quarter)
    plan = sessions(len(dates))
    index = dates.index(nominal)
    return Rotation(plan[index], index + 1, plan, quarter)
