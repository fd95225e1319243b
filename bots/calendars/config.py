"""Build a :class:`BusinessCalendar` from a YAML-loaded mapping, with key-path errors.

Accepted shape (every key but ``timezone`` and ``holidays.countries`` is optional)::

    timezone: Europe/Berlin                  # IANA name
    holidays:
      countries: [GB, DE, {country: US, subdivision: CA}]
      mode: any                              # any (default) | all
      years: {first: 2020, last: 2040}       # optional; default 1970..2100
    extra_days_off: [2026-12-24, "2026-12-31"]
    business_hours: {open: "09:00", close: "17:00"}   # quote times, see below
    weekend: [sat, sun]                      # default; names or 3-letter abbreviations

Every error message starts with the key path of the offending value, built from the
``path`` the caller passes (``regions.EMEA`` -> ``regions.EMEA.timezone: unknown time zone
'Europe/Pariss'``). Unknown keys are errors too, so typos do not silently fall back to
defaults. YAML 1.1 (PyYAML) reads an unquoted ``17:00`` as the base-60 integer 1020; such
integers are rejected with a hint to quote the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, NoReturn, TypeVar

from .business import HOLIDAY_MODES, MAX_YEAR, MIN_YEAR, BusinessCalendar
from .errors import CalendarError
from .holiday_data import validate_region

_TOP_KEYS = ("timezone", "holidays", "extra_days_off", "business_hours", "weekend")
_HOLIDAY_KEYS = ("countries", "mode", "years")
_COUNTRY_KEYS = ("country", "subdivision")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
T = TypeVar("T")
D = TypeVar("D")


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _fail(path: str, message: str) -> NoReturn:
    raise CalendarError(f"{path}: {message}" if path else message)


def _mapping(value: object, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        _fail(path, f"expected a mapping, got {type(value).__name__}")
    for key in value:
        if key not in allowed:
            _fail(_key(path, str(key)), f"unknown key (expected one of: {', '.join(allowed)})")
    return value


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        _fail(path, f"expected a list, got {type(value).__name__}")
    return list(value)


def _zone(raw: Mapping[str, Any], path: str) -> str:
    p = _key(path, "timezone")
    if "timezone" not in raw:
        _fail(p, "required (an IANA time zone such as 'Europe/Berlin')")
    value = raw["timezone"]
    try:
        BusinessCalendar._load_zone(value)
    except CalendarError as exc:
        _fail(p, str(exc))
    return str(value)


def _country(entry: object, path: str) -> tuple[str, str | None]:
    if isinstance(entry, str):
        country, subdivision, cpath = entry, None, path
    elif isinstance(entry, Mapping):
        _mapping(entry, path, _COUNTRY_KEYS)
        if "country" not in entry:
            _fail(_key(path, "country"), "required")
        country, subdivision = entry["country"], entry.get("subdivision")
        cpath = _key(path, "country")
        if subdivision is not None and not isinstance(subdivision, str):
            _fail(_key(path, "subdivision"), f"expected a string, got {subdivision!r}")
    else:
        _fail(path, f"expected a country code or {{country, subdivision}}, got {entry!r}")
    try:
        validate_region(country, None)
    except CalendarError as exc:
        _fail(cpath, str(exc))
    try:
        validate_region(country, subdivision)
    except CalendarError as exc:
        _fail(_key(path, "subdivision"), str(exc))
    return country, subdivision


def _year(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, f"expected a year, got {value!r}")
    if not MIN_YEAR <= value <= MAX_YEAR:
        _fail(path, f"year {value} is outside {MIN_YEAR}..{MAX_YEAR}")
    return value


def _holidays(
    raw: Mapping[str, Any], path: str
) -> tuple[tuple[tuple[str, str | None], ...], str, tuple[int, int]]:
    p = _key(path, "holidays")
    if "holidays" not in raw:
        _fail(p, "required (a mapping with a 'countries' list)")
    section = _mapping(raw["holidays"], p, _HOLIDAY_KEYS)
    cp = _key(p, "countries")
    if "countries" not in section:
        _fail(cp, "required (a list such as [US] or [GB, DE])")
    entries = _list(section["countries"], cp)
    if not entries:
        _fail(cp, "must list at least one country")
    countries: list[tuple[str, str | None]] = []
    problems: list[str] = []  # every country's, the mode's and the years': reported together
    for i, entry in enumerate(entries):
        try:
            pair = _country(entry, f"{cp}[{i}]")
            if pair in countries:
                _fail(f"{cp}[{i}]", f"{entry!r} is listed twice")
            countries.append(pair)
        except CalendarError as e:
            problems.extend(e.problems)
    mode = section.get("mode", "any")
    if mode not in HOLIDAY_MODES:
        problems.append(f"{_key(p, 'mode')}: expected 'any' or 'all', got {mode!r}")
    window = (MIN_YEAR, MAX_YEAR)
    if "years" in section:
        try:
            window = _years(section["years"], _key(p, "years"))
        except CalendarError as e:
            problems.extend(e.problems)
    if problems:
        raise CalendarError(*problems)
    return tuple(countries), str(mode), window


def _years(value: object, yp: str) -> tuple[int, int]:
    years = _mapping(value, yp, ("first", "last"))
    first = _year(years.get("first", MIN_YEAR), _key(yp, "first"))
    last = _year(years.get("last", MAX_YEAR), _key(yp, "last"))
    if first > last:
        _fail(yp, f"first year {first} is after last year {last}")
    return first, last


def _days_off(raw: Mapping[str, Any], path: str) -> frozenset[date]:
    p = _key(path, "extra_days_off")
    days: set[date] = set()
    bad: list[str] = []  # every invalid entry, each at its index
    for i, value in enumerate(_list(raw.get("extra_days_off", []), p)):
        if isinstance(value, date) and not isinstance(value, datetime):
            days.add(value)
            continue
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                days.add(date.fromisoformat(value))
                continue
            except ValueError:
                pass
        bad.append(f"{p}[{i}]: invalid date {value!r} (expected YYYY-MM-DD)")
    if bad:
        raise CalendarError(*bad)
    return frozenset(days)


def _time(value: object, path: str) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        _fail(
            path,
            f"got the integer {value}: YAML reads an unquoted H:MM as a base-60 number; "
            f'quote the time, e.g. "{value // 60:02d}:{value % 60:02d}"',
        )
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match is None:
        _fail(path, f"invalid time {value!r} (expected HH:MM, 24-hour)")
    return time(int(match.group(1)), int(match.group(2)))


def _hours(raw: Mapping[str, Any], path: str) -> tuple[time, time]:
    if "business_hours" not in raw:
        return time(9, 0), time(17, 0)
    p = _key(path, "business_hours")
    section = _mapping(raw["business_hours"], p, ("open", "close"))
    for key in ("open", "close"):
        if key not in section:
            _fail(_key(p, key), "required")
    opens = _time(section["open"], _key(p, "open"))
    closes = _time(section["close"], _key(p, "close"))
    if not opens < closes:
        _fail(p, f"must open before closing, got {opens:%H:%M}-{closes:%H:%M}")
    return opens, closes


def _weekend(raw: Mapping[str, Any], path: str) -> frozenset[int]:
    if "weekend" not in raw:
        return frozenset({5, 6})
    p = _key(path, "weekend")
    days: set[int] = set()
    for i, value in enumerate(_list(raw["weekend"], p)):
        name = value.strip().lower() if isinstance(value, str) else None
        matches = [n for n, day in enumerate(_DAYS) if name and name in (day, day[:3])]
        if not matches:
            _fail(f"{p}[{i}]", f"unknown weekday {value!r} (expected mon..sun or monday..sunday)")
        if matches[0] in days:
            _fail(f"{p}[{i}]", f"{value!r} is listed twice")
        days.add(matches[0])
    if len(days) == 7:
        _fail(p, "covers all seven days: there would be no business day")
    return frozenset(days)


def calendar_from_config(name: str, raw: dict[str, Any], path: str) -> BusinessCalendar:
    """Parse one region's calendar section. Errors start with the key path (``path.key``); a problem
    of each key is reported at once (``CalendarError.problems``)."""
    section = _mapping(raw, path, _TOP_KEYS)
    problems: list[str] = []

    def part(read: Callable[[Mapping[str, Any], str], T], default: D) -> T | D:
        """One key's value, or `default` with its problem kept: one reading reports every key's."""
        try:
            return read(section, path)
        except CalendarError as exc:
            problems.extend(exc.problems)
            return default

    timezone = part(_zone, "UTC")
    countries, mode, window = part(_holidays, ((), "any", (MIN_YEAR, MAX_YEAR)))
    days_off = part(_days_off, frozenset())
    opens, closes = part(_hours, (time(9, 0), time(17, 0)))
    weekend = part(_weekend, frozenset({5, 6}))
    if problems:
        raise CalendarError(*problems)
    try:
        return BusinessCalendar(
            name=name,
            timezone=timezone,
            countries=countries,
            holiday_mode=mode,
            extra_days_off=days_off,
            weekend=weekend,
            open_time=opens,
            close_time=closes,
            year_window=window,
        )
    except CalendarError as exc:  # anything the field checks above did not catch
        _fail(path, str(exc))
