"""Field types: each turns the text under one heading into a value, or says how to fix it."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bots import sanitize
from bots.issue_templates import dates, markdown
from bots.issue_templates.money import Money, find_money
from bots.issue_templates.salesforce import SalesforceRecord, find_record

MAX_USERS = 50
EXCERPT = 60  # the most untrusted text a message quotes, and only through `sanitize.inline`
_USER = re.compile(r"(?<![\w@.+\-])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)(/?)")


@dataclass(frozen=True)
class DateRange:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """How many calendar days the range covers."""
        return (self.end - self.start).days + 1


FieldValue = str | date | DateRange | Money | SalesforceRecord | tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What parsing depends on besides the text: the date today and who exists on GitLab."""

    today: date
    known_users: frozenset[str]


@dataclass(frozen=True)
class Invalid:
    """Why a field's text is not acceptable, written as how to fix it."""

    message: str


class Timing(Enum):
    """Where dates may fall relative to today."""

    ANY = "any"
    NOT_PAST = "not past"  # starts today or later
    NOT_OVER = "not over"  # ends today or later (may have started)


def excerpt(text: str) -> str:
    """A short, inert quotation of untrusted text for a message."""
    return f"“{sanitize.inline(text, EXCERPT)}”"


class FieldType(ABC):
    """How one kind of field is written in the template and read back from an issue."""

    @property
    @abstractmethod
    def expects(self) -> str:
        """What to write, as the end of "Replace with …" (no underscores)."""

    @abstractmethod
    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The value in `text` (never empty), or how to fix it."""

    def body(self, placeholder: str) -> list[str]:
        """The lines the template puts under the heading."""
        return [f"_{markdown.PLACEHOLDER_PREFIX}{placeholder}_"]

    def unanswered(self, text: str) -> bool:
        """`text` (not empty) is still the template's, not an answer: an optional field left so is empty."""
        return False


@dataclass(frozen=True)
class Text(FieldType):
    """Free text."""

    expects: str = "your answer"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The text as written."""
        return text


def _check_timing(start: date, end: date, timing: Timing, today: date) -> Invalid | None:
    """Complain if the dates fall before today where that matters."""
    if timing is Timing.NOT_PAST and start < today:
        return Invalid(f"{dates.describe(start)} is in the past; give dates from today on.")
    if timing is Timing.NOT_OVER and end < today:
        return Invalid(f"{dates.describe(end)} is in the past; give dates that end today or later.")
    return None


def _find(text: str) -> list[dates.FoundDate] | Invalid:
    """The dates in `text`, or why they can't be trusted."""
    found = dates.find_dates(text)
    if dates.has_ambiguous_date(text):
        return Invalid(f"Numeric dates like 03/12/2026 are ambiguous. {dates.FORMAT_ADVICE}")
    if dates.lacks_year(text, found):
        return Invalid(f"Write the year on every date. {dates.FORMAT_ADVICE}")
    if not found:
        return Invalid(f"No date found. {dates.FORMAT_ADVICE}")
    for d in found:
        if d.value is None:
            return Invalid(f"{excerpt(d.raw)} is not a real date.")
    return found


@dataclass(frozen=True)
class Date(FieldType):
    """One calendar day."""

    timing: Timing = Timing.ANY
    expects: str = "a date, e.g. `2026-12-03`"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The one date in `text`."""
        found = _find(text)
        if isinstance(found, Invalid):
            return found
        if len(found) > 1:
            return Invalid("Give exactly one date here.")
        day = found[0].value
        assert day is not None
        return _check_timing(day, day, self.timing, context.today) or day


@dataclass(frozen=True)
class DateSpan(FieldType):
    """A range of days (`2026-12-03 to 2026-12-05`) or a single day."""

    timing: Timing = Timing.ANY
    max_days: int | None = None
    expects: str = "the first and last day, e.g. `2026-12-03 to 2026-12-05`"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The range in `text`."""
        found = _find(text)
        if isinstance(found, Invalid):
            return found
        advice = "Give one range as first and last day, e.g. `2026-12-03 to 2026-12-05`."
        if len(found) > 2:
            return Invalid(advice)
        first, last = found[0], found[-1]
        if len(found) == 2 and not dates.is_range_separator(text[first.end : last.start]):
            return Invalid(advice)
        assert first.value is not None and last.value is not None
        span = DateRange(first.value, last.value)
        if span.end < span.start:
            return Invalid(f"The range ends ({span.end}) before it starts ({span.start}).")
        if self.max_days is not None and span.days > self.max_days:
            return Invalid(f"The range covers {span.days} days, more than {self.max_days}.")
        return _check_timing(span.start, span.end, self.timing, context.today) or span


@dataclass(frozen=True)
class Amount(FieldType):
    """A positive amount of money with its currency."""

    expects: str = "the amount with its currency, e.g. `USD 2,400`"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The first amount with a currency in `text`."""
        found = find_money(text)
        return found if isinstance(found, Money) else Invalid(found)


@dataclass(frozen=True)
class SalesforceLink(FieldType):
    """A link to a Salesforce record of one of `kinds`."""

    kinds: tuple[str, ...] = ("Opportunity",)
    expects: str = "the link to the Salesforce opportunity"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The first acceptable Salesforce link in `text`."""
        found = find_record(text, self.kinds)
        return found if isinstance(found, SalesforceRecord) else Invalid(found)


@dataclass(frozen=True)
class Users(FieldType):
    """GitLab users written as `@username`."""

    min_count: int = 1
    max_count: int | None = None
    expects: str = "the `@username` of each person"

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The distinct users mentioned in `text`, in order, as GitLab spells them."""
        names: dict[str, str] = {}  # case-folded -> as written; usernames ignore case
        for m in _USER.finditer(text):
            if m[2]:
                return Invalid(f"Name people, not groups: {excerpt('@' + m[1])}.")
            name = m[1].rstrip(".")
            names.setdefault(name.casefold(), name)
            if len(names) > MAX_USERS:
                return Invalid(f"Name at most {MAX_USERS} people.")
        if len(names) < self.min_count:
            return Invalid("Write each person as `@username` (their GitLab username).")
        if self.max_count is not None and len(names) > self.max_count:
            return Invalid(f"Name at most {self.max_count} person(s) here.")
        spelled = {user.casefold(): user for user in context.known_users}
        unknown = [name for folded, name in names.items() if folded not in spelled]
        if unknown:
            listed = excerpt(", ".join("@" + n for n in unknown))
            return Invalid(f"No such GitLab user: {listed}. Check each `@username`.")
        return tuple(spelled[folded] for folded in names)
