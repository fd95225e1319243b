"""The :class:`BusinessCalendar` value type; the rules are documented in ``bots.calendars``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import CalendarError
from .holiday_data import holidays_in_year, region_label, validate_region

MIN_YEAR = 1970
MAX_YEAR = 2100
HOLIDAY_MODES = ("any", "all")
TEAM_DAY_OFF = "team day off"
# A region with no business day for this long is misconfigured; stop instead of looping.
_MAX_DAYS_WITHOUT_BUSINESS = 370

_OFFSET_ALWAYS = (ZoneInfo, timezone)  # zone types whose utcoffset is never None
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise CalendarError(f"{what} must be a datetime, got {type(value).__name__}")
    if type(value.tzinfo) in _OFFSET_ALWAYS:  # nearly every call: no need to ask for the offset
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise CalendarError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value


def _instant(at: datetime) -> object:
    """A memo key for the instant `at` names, with no conversion: an equal datetime with the same fold
    is the same instant (in one zone: the same wall time and fold; across zones: equal only where
    neither reading is ambiguous). Without a tuple for fold 0 (nearly all): the memos live for the run."""
    return (at, 1) if at.fold else at


def _index(day: date) -> int:
    """The day's place in its year (0 for 1 January)."""
    return day.timetuple().tm_yday - 1


def _plain_date(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise CalendarError(
            f"{what} must be a date (not a datetime: convert it to the region's local date "
            f"first), got {type(value).__name__}"
        )
    return value


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CalendarError(f"{what} must be an integer, got {value!r}")
    return value


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days and hours of one region. Immutable, hashable and free of I/O."""

    name: str
    timezone: str
    countries: tuple[tuple[str, str | None], ...]
    holiday_mode: str = "any"
    extra_days_off: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    open_time: time = time(9, 0)
    close_time: time = time(17, 0)
    year_window: tuple[int, int] = (MIN_YEAR, MAX_YEAR)
    _tz: ZoneInfo = field(init=False, repr=False, compare=False, hash=False)
    _days_off: dict[int, dict[date, str]] = field(init=False, repr=False, compare=False, hash=False)
    # Every bot asks for the same deadlines of the same requests (triage due, tech-eval dates):
    # each is counted out once per process.
    # By the instant given (`_instant`), looked up before any zone conversion.
    _shifted: dict[tuple[object, int], datetime] = field(init=False, repr=False, compare=False, hash=False)
    _formatted: dict[object, str] = field(init=False, repr=False, compare=False, hash=False)
    _starts: dict[object, datetime] = field(init=False, repr=False, compare=False, hash=False)
    _midnights: dict[date, datetime] = field(init=False, repr=False, compare=False, hash=False)
    _open: dict[object, bool] = field(init=False, repr=False, compare=False, hash=False)
    # Business hours of each day (UTC opening and closing, None on a day off), and per year the
    # business seconds before each of its days: elapsed business hours over months are two
    # partial days and a difference, not a walk over every day between.
    _hours: dict[date, tuple[datetime, datetime] | None] = field(init=False, repr=False, compare=False,
                                                                 hash=False)
    _before: dict[int, list[float]] = field(init=False, repr=False, compare=False, hash=False)

    # ------------------------------------------------------------------ validation
    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise CalendarError(f"calendar name must be a non-empty string, got {self.name!r}")
        set_ = object.__setattr__
        set_(self, "_tz", self._load_zone(self.timezone))
        set_(self, "countries", self._check_countries(self.countries))
        if self.holiday_mode not in HOLIDAY_MODES:
            raise CalendarError(f"holiday mode must be 'any' or 'all', got {self.holiday_mode!r}")
        days_off = frozenset(self.extra_days_off)
        for d in days_off:
            _plain_date(d, "each extra day off")
        set_(self, "extra_days_off", days_off)
        weekend = frozenset(self.weekend)
        for wd in weekend:
            if isinstance(wd, bool) or not isinstance(wd, int) or not 0 <= wd <= 6:
                raise CalendarError(f"weekend days must be integers 0 (Mon)..6 (Sun), got {wd!r}")
        if len(weekend) == 7:
            raise CalendarError("weekend covers all seven days: there would be no business day")
        set_(self, "weekend", weekend)
        for label, t in (("open time", self.open_time), ("close time", self.close_time)):
            if not isinstance(t, time) or t.tzinfo is not None:
                raise CalendarError(f"{label} must be a naive datetime.time, got {t!r}")
        if not self.open_time < self.close_time:
            raise CalendarError(
                f"business hours must open before they close, got "
                f"{self.open_time:%H:%M}-{self.close_time:%H:%M}"
            )
        self._check_window()
        set_(self, "_days_off", {})
        set_(self, "_shifted", {})
        set_(self, "_formatted", {})
        set_(self, "_starts", {})
        set_(self, "_midnights", {})
        set_(self, "_open", {})
        set_(self, "_hours", {})
        set_(self, "_before", {})

    @staticmethod
    def _load_zone(key: object) -> ZoneInfo:
        if not isinstance(key, str) or not key:
            raise CalendarError(f"time zone must be a non-empty IANA name, got {key!r}")
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise CalendarError(f"unknown time zone {key!r}") from exc

    @staticmethod
    def _check_countries(raw: object) -> tuple[tuple[str, str | None], ...]:
        if isinstance(raw, str) or not isinstance(raw, tuple | list):
            raise CalendarError(f"countries must be a sequence of (code, subdivision), got {raw!r}")
        out: list[tuple[str, str | None]] = []
        for entry in raw:
            if not isinstance(entry, tuple | list) or len(entry) != 2:
                raise CalendarError(f"each country must be a (code, subdivision) pair, got {entry!r}")
            country, subdivision = entry[0], entry[1]
            validate_region(country, subdivision)
            if (country, subdivision) in out:
                raise CalendarError(f"country {region_label(country, subdivision)} listed twice")
            out.append((country, subdivision))
        if not out:
            raise CalendarError("at least one holiday country is required")
        return tuple(out)

    def _check_window(self) -> None:
        window = self.year_window
        if not isinstance(window, tuple | list) or len(window) != 2:
            raise CalendarError(f"year window must be a (first, last) pair, got {window!r}")
        first, last = _int(window[0], "first year"), _int(window[1], "last year")
        if not MIN_YEAR <= first <= last <= MAX_YEAR:
            raise CalendarError(
                f"year window {first}..{last} must be ordered and within {MIN_YEAR}..{MAX_YEAR}"
            )
        object.__setattr__(self, "year_window", (first, last))

    # ------------------------------------------------------------------ days
    def _year_days_off(self, year: int) -> dict[date, str]:
        """Non-weekend days off of one year (holidays per mode + team days), with reasons."""
        cached = self._days_off.get(year)
        if cached is not None:
            return cached
        first, last = self.year_window
        if not first <= year <= last:
            raise CalendarError(
                f"calendar {self.name}: year {year} is outside the supported window {first}..{last}"
            )
        tables = [holidays_in_year(c, s, year) for c, s in self.countries]
        if self.holiday_mode == "any":
            dates = set().union(*tables)
        else:
            dates = set(tables[0]).intersection(*tables[1:])
        labelled = len(self.countries) > 1
        result: dict[date, str] = {}
        for d in sorted(dates):
            parts = [
                f"{region_label(c, s)}: {table[d]}" if labelled else table[d]
                for (c, s), table in zip(self.countries, tables, strict=True)
                if d in table
            ]
            result[d] = "; ".join(parts)
        for d in self.extra_days_off:
            if d.year == year:
                result[d] = f"{result[d]}; {TEAM_DAY_OFF}" if d in result else TEAM_DAY_OFF
        self._days_off[year] = result
        return result

    def is_business_day(self, d: date) -> bool:
        """True unless ``d`` is a weekend day, a public holiday (per mode) or a team day off."""
        d = _plain_date(d, "is_business_day() argument")
        days_off = self._year_days_off(d.year)
        return d.weekday() not in self.weekend and d not in days_off

    def holiday_name(self, d: date) -> str | None:
        """Why a date is a (non-weekend) day off, or None.

        One country: the package's name (``"Thanksgiving Day"``); several: prefixed by the
        country (``"GB: Boxing Day; DE: Second Day of Christmas"``); team days off add
        ``"team day off"``. Independent of the weekday: a holiday on a Saturday has a name.
        """
        d = _plain_date(d, "holiday_name() argument")
        return self._year_days_off(d.year).get(d)

    def _step_business_day(self, d: date, step: int) -> date:
        for _ in range(_MAX_DAYS_WITHOUT_BUSINESS):
            d += timedelta(days=step)
            if self.is_business_day(d):
                return d
        raise CalendarError(
            f"calendar {self.name}: no business day within {_MAX_DAYS_WITHOUT_BUSINESS} days "
            f"of {d.isoformat()}"
        )

    # ------------------------------------------------------------------ instants
    def _localize(self, day: date, wall: time) -> datetime:
        """The instant of wall time ``wall`` on ``day`` in the region's zone.

        Ambiguous (repeated) wall times take the first occurrence (fold=0). Wall times that do
        not exist (skipped by a forward switch) move to the first valid instant: the moment
        the clocks jump, e.g. 02:30 on a US spring-forward day becomes 03:00 EDT.
        """
        naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
        candidate = naive.replace(tzinfo=self._tz)
        if candidate.astimezone(UTC).astimezone(self._tz).replace(tzinfo=None) == naive:
            return candidate
        # In a gap: fold=1 applies the post-switch offset, fold=0 the pre-switch one, and
        # the switch lies between those two readings. Bisect for it (whole seconds).
        readings = sorted(int(naive.replace(tzinfo=self._tz, fold=f).timestamp()) for f in (0, 1))
        lo, hi = readings[0] - 1, readings[1] + 1
        after = datetime.fromtimestamp(hi, self._tz).utcoffset()
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if datetime.fromtimestamp(mid, self._tz).utcoffset() == after:
                hi = mid
            else:
                lo = mid
        return datetime.fromtimestamp(hi, self._tz)

    def midnight(self, day: date) -> datetime:
        """The start of ``day`` in the region's zone (midnight exists in every zone the teams use)."""
        known = self._midnights.get(_plain_date(day, "midnight() argument"))  # close dates repeat
        if known is None:
            self._midnights[day] = known = datetime.combine(day, time(0), tzinfo=self._tz)
        return known

    def clock_start(self, received: datetime) -> datetime:
        """When the SLO clock starts: ``received`` itself if its local date is a business day,
        else the next business day's opening time."""
        # A request's clock starts several SLOs (and each `due`): once per instant.
        instant = _instant(_aware(received, "received"))
        known = self._starts.get(instant)
        if known is not None:
            return known
        local = received.astimezone(self._tz)
        start = local if self.is_business_day(local.date()) else self._localize(
            self._step_business_day(local.date(), 1), self.open_time)
        self._starts[instant] = start
        return start

    def add_business_days(self, start: datetime, n: int) -> datetime:
        """The same local wall-clock time on the n-th business day after (n < 0: before) the
        local date of ``start``. ``n == 0`` returns ``start`` (in the region's zone)."""
        key = (_instant(_aware(start, "start")), _int(n, "number of business days"))
        known = self._shifted.get(key)
        if known is not None:
            return known
        local = start.astimezone(self._tz)
        if n == 0:
            return local
        day, step = local.date(), (1 if n > 0 else -1)
        for _ in range(abs(n)):
            day = self._step_business_day(day, step)
        self._shifted[key] = found = self._localize(day, local.time())
        return found

    def due(self, received: datetime, business_days: int = 1) -> datetime:
        """Deadline for something received at ``received``: ``business_days`` business days
        after :meth:`clock_start`."""
        if _int(business_days, "business_days") < 0:
            raise CalendarError(f"business_days must be >= 0, got {business_days}")
        return self.add_business_days(self.clock_start(received), business_days)

    def is_open(self, at: datetime) -> bool:
        """Within [open_time, close_time) local time on a business day."""
        instant = _instant(_aware(at, "at"))  # a run asks about its own moment for many notes
        known = self._open.get(instant)
        if known is None:
            local = at.astimezone(self._tz)
            known = self._open[instant] = (self.is_business_day(local.date())
                                           and self.open_time <= local.time() < self.close_time)
        return known

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself (in the region's zone) if open, else the next opening time."""
        # Not remembered: on a real board each due level's instant is its own (one call each).
        local = _aware(at, "at").astimezone(self._tz)
        day = local.date()
        if self.is_business_day(day):
            if local.time() < self.open_time:
                return self._localize(day, self.open_time)
            if local.time() < self.close_time:
                return local
        return self._localize(self._step_business_day(day, 1), self.open_time)

    def business_hours_between(self, a: datetime, b: datetime) -> float:
        """Elapsed hours in [a, b) that fall within business hours on business days.

        Real elapsed time (a business day containing a clock switch inside its hours counts
        its true length). Antisymmetric: ``f(b, a) == -f(a, b)``.
        """
        start = _aware(a, "a").astimezone(UTC)
        end = _aware(b, "b").astimezone(UTC)
        if end < start:
            return -self.business_hours_between(end, start)
        first = start.astimezone(self._tz).date()
        last = end.astimezone(self._tz).date()
        seconds = self._within(first, start, end)
        if last > first:
            seconds += self._within(last, start, end) + self._full_days(first + timedelta(days=1), last)
        return seconds / 3600

    def business_day_hours_between(self, a: datetime, b: datetime) -> float:
        """Elapsed hours in [a, b) that fall on business days, each day whole (local midnight to
        midnight): notice given, with weekends and days off not counted (Fri 16:00 to Mon 10:00 is
        18 hours). Antisymmetric. One step per day spanned: callers bound long spans."""
        start = _aware(a, "a").astimezone(UTC)
        end = _aware(b, "b").astimezone(UTC)
        if end < start:
            return -self.business_day_hours_between(end, start)
        day, last = start.astimezone(self._tz).date(), end.astimezone(self._tz).date()
        seconds = 0.0
        while day <= last:
            following = day + timedelta(days=1)
            if self.is_business_day(day):
                # In UTC: two times of one zone subtract as wall clocks (24 hours across a switch).
                lo = max(start, self.midnight(day).astimezone(UTC))
                hi = min(end, self.midnight(following).astimezone(UTC))
                seconds += max(0.0, (hi - lo).total_seconds())
            day = following
        return seconds / 3600

    def _day_hours(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening and closing as UTC instants, or None on a day off."""
        if day in self._hours:
            return self._hours[day]
        hours = ((self._localize(day, self.open_time).astimezone(UTC),
                  self._localize(day, self.close_time).astimezone(UTC))
                 if self.is_business_day(day) else None)
        self._hours[day] = hours
        return hours

    def _within(self, day: date, start: datetime, end: datetime) -> float:
        """Seconds of `day`'s business hours inside [start, end)."""
        hours = self._day_hours(day)
        if hours is None:
            return 0.0
        return max(0.0, (min(end, hours[1]) - max(start, hours[0])).total_seconds())

    def _full_days(self, lo: date, hi: date) -> float:
        """Business seconds of the whole days in [lo, hi)."""
        if lo >= hi:
            return 0.0
        low, high = self._year_prefix(lo.year), self._year_prefix(hi.year)
        if lo.year == hi.year:
            return high[_index(hi)] - low[_index(lo)]
        middle = sum(self._year_prefix(y)[-1] for y in range(lo.year + 1, hi.year))
        return low[-1] - low[_index(lo)] + middle + high[_index(hi)]

    def _year_prefix(self, year: int) -> list[float]:
        known = self._before.get(year)
        if known is None:
            known, day, total = [0.0], date(year, 1, 1), 0.0
            while day.year == year:
                hours = self._day_hours(day)
                total += (hours[1] - hours[0]).total_seconds() if hours else 0.0
                known.append(total)
                day += timedelta(days=1)
            self._before[year] = known
        return known

    def format_local(self, at: datetime) -> str:
        """``"Mon 2 Mar, 16:00 CET"``: English names, no year, the zone's abbreviation then."""
        instant = _instant(_aware(at, "at"))
        known = self._formatted.get(instant)
        if known is not None:
            return known
        local = at.astimezone(self._tz)
        self._formatted[instant] = text = (
            f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, "
            f"{local:%H:%M} {local.tzname()}"
        )
        return text
