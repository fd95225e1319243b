"""Parsers for source values (dates, money, checkboxes...) whose errors name the field."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from bots.sanitize import clean, truncate
from bots.sources import sfid
from bots.sources.request import Attendee

E = TypeVar("E")
NO_ZONE = "has no time zone"  # a time without an offset from a source without `timezone:`
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)


class FieldError(ValueError):
    """A bad value in one field: `str()` is "field: problem"."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


def shown(value: object, limit: int = 60) -> str:
    """`value` quoted for an error message: one line, control characters dropped, shortened."""
    return "'" + truncate(" ".join(clean(value).split()), limit) + "'"


def text(field: str, value: object) -> str:
    """Text with `\\n` line ends and outer blanks stripped; "" for a missing value."""
    if isinstance(value, str):
        if "\x00" in value:
            raise FieldError(field, "contains NUL bytes")
        if not value.isascii() and _UNDECODABLE.search(value):
            raise FieldError(field, "invalid UTF-8")
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    raise FieldError(field, f"expected text, got {type(value).__name__}")


def required_text(field: str, value: object) -> str:
    """Non-blank text, or `missing`."""
    result = text(field, value)
    if not result:
        raise FieldError(field, "missing")
    return result


def opportunity_id(field: str, value: object) -> str:
    """The 18-character Opportunity id."""
    raw = required_text(field, value)
    try:
        return sfid.opportunity_id(raw)
    except sfid.BadId as error:
        raise FieldError(field, f"bad id {shown(raw)} ({error})") from None


def email(field: str, value: object) -> str:
    """A lower-cased e-mail address."""
    raw = required_text(field, value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
        raise FieldError(field, f"not an e-mail address {shown(raw)}")
    return raw.lower()


def url(field: str, value: object) -> str | None:
    """An http(s) URL, or None."""
    raw = text(field, value)
    if raw and not re.fullmatch(r"https?://\S+", raw):
        raise FieldError(field, f"not an http(s) URL {shown(raw)}")
    return raw or None


def parse_date(field: str, value: object) -> date:
    """A date written `YYYY-MM-DD` or `MM/DD/YYYY`."""
    raw = required_text(field, value)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
        us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
        if us:
            return date(int(us[3]), int(us[1]), int(us[2]))
    except ValueError:
        pass
    raise FieldError(field, f"unparseable date {shown(raw)}")


_US_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def parse_datetime(field: str, value: object, zone: tzinfo | None = None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 or `MM/DD/YYYY HH:MM [AM]`; a time without an offset is
    in `zone` (the source's `timezone:`), and a FieldError without one: never guessed as UTC."""
    raw = text(field, value)
    if not raw:
        return None
    try:
        us = _US_DATETIME.fullmatch(raw)
        if us:
            hour = int(us[4])
            if us[7]:
                if not 1 <= hour <= 12:
                    raise ValueError(raw)
                hour = hour % 12 + (12 if us[7].upper() == "PM" else 0)
            parsed = datetime(int(us[3]), int(us[1]), int(us[2]), hour, int(us[5]), int(us[6] or 0))
        elif re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", raw):
            parsed = datetime.fromisoformat(raw)
        else:
            raise ValueError(raw)
    except ValueError:
        raise FieldError(field, f"unparseable date/time {shown(raw)}") from None
    if parsed.tzinfo is None:
        if zone is None:
            raise FieldError(field, f"{shown(raw)} {NO_ZONE}: set `timezone:` on its source "
                             "(a report export writes the exporting user's local time)")
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d*)?|\.\d+")


def money(field: str, value: object) -> Decimal:
    """US dollars to the cent from `$1,234.56`, `USD 1234`, `-$500`, `(500)` or a JSON number."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        raw = required_text(field, value)
        s = raw.upper().replace(" ", "")
        negative = s.startswith("(") and s.endswith(")")
        s = s.strip("()")
        for part in ("-", "USD", "US$", "$", "-"):
            if s.startswith(part):
                negative, s = negative or part == "-", s[len(part) :]
        s = s.removesuffix("USD")
        if not _AMOUNT.fullmatch(s):
            raise FieldError(field, f"bad amount {shown(raw)}")
        amount = Decimal(s.replace(",", "")) * (-1 if negative else 1)
    if not amount.is_finite():
        raise FieldError(field, f"bad amount {shown(value)}")
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_TRUE = {"true", "t", "1", "yes", "y", "x", "checked", "on"}
_FALSE = {"false", "f", "0", "no", "n", "", "unchecked", "off"}


def boolean(field: str, value: object) -> bool:
    """A Salesforce checkbox from true/false, 1/0, yes/no, x/blank; missing is False."""
    if isinstance(value, bool):
        return value
    key = text(field, value).lower()
    if key in _TRUE or key in _FALSE:
        return key in _TRUE
    raise FieldError(field, f"not a yes/no value {shown(value)}")


def choice(field: str, value: object, from_text: Callable[[str], E | None], expected: str) -> E | None:
    """One of a closed vocabulary (None when blank); `expected` lists the accepted values."""
    raw = text(field, value)
    if not raw:
        return None
    result = from_text(raw)
    if result is None:
        raise FieldError(field, f"unknown {field.replace('_', ' ')} {shown(raw)} (expected {expected})")
    return result


_ATTENDEE = re.compile(r"(?P<name>[^()]*?)\s*\((?P<title>[^()]*)\)|(?P<n>.*?)\s+[-–—]\s+(?P<t>.*)")


def attendees(field: str, value: object) -> tuple[Attendee, ...]:
    """Attendees from "Name (Title); Name - Title" text, a list, or {name, title} objects."""
    items = value if isinstance(value, list) else re.split(r"[;\n]", text(field, value))
    result = []
    for item in items:
        if isinstance(item, dict):
            name, title = text(field, item.get("name")), text(field, item.get("title"))
        else:
            name, title = _name_and_title(text(field, item))
        if name or title:
            result.append(Attendee(name, title))
    return tuple(result)


def _name_and_title(entry: str) -> tuple[str, str]:
    """("Dana Cruz", "CTO") from "Dana Cruz (CTO)" or "Dana Cruz - CTO"; no title otherwise."""
    m = _ATTENDEE.fullmatch(entry)
    if not m:
        return entry.strip(), ""
    return (m["name"] or m["n"] or "").strip(), (m["title"] or m["t"] or "").strip()
