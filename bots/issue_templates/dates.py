"""Find calendar dates in free text: ISO `2026-12-03`, `3 Dec 2026` and `Dec 3, 2026`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
DATE_PATTERN = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
    rf"|(?P<dmy_d>\d{{1,2}}){_ORDINAL}[ \t]+(?P<dmy_m>{_MONTH})\.?,?[ \t]+(?P<dmy_y>\d{{4}})"
    rf"|(?P<mdy_m>{_MONTH})\.?[ \t]+(?P<mdy_d>\d{{1,2}}){_ORDINAL},?[ \t]+(?P<mdy_y>\d{{4}})"
    rf")(?![\w-])",
    re.IGNORECASE,
)
# A day and a month name without a year (`Dec 3`, `3 Dec`): the year must be written.
_DAY_MONTH = re.compile(
    rf"(?<![\w-])(?:\d{{1,2}}{_ORDINAL}[ \t]+(?:{_MONTH})\b|(?:{_MONTH})\.?[ \t]+\d{{1,2}}(?!\d))",
    re.IGNORECASE,
)
# Numeric forms we refuse to guess at: is 03/12/2026 March or December?
AMBIGUOUS_PATTERN = re.compile(r"(?<!\d)\d{1,4}[/.]\d{1,2}[/.]\d{2,4}(?!\d)")
RANGE_SEPARATORS = frozenset(
    {"to", "-", "–", "—", "->", "→", "until", "till", "through", "thru", "..", "and"}
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FORMAT_ADVICE = "Write dates as `2026-12-03`, `3 Dec 2026` or `Dec 3, 2026`."


@dataclass(frozen=True)
class FoundDate:
    """One date found in text, with where it was found."""

    value: date | None  # None: shaped like a date but not a real one (`2026-02-30`)
    start: int
    end: int
    raw: str


def _build(year: str, month: str, day: str) -> date | None:
    """A real date from its parts, or None (`2026-02-30`)."""
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date-shaped token in `text`, in order."""
    found = []
    for m in DATE_PATTERN.finditer(text):
        if m["iso_y"]:
            value = _build(m["iso_y"], m["iso_m"], m["iso_d"])
        elif m["dmy_y"]:
            value = _build(m["dmy_y"], m["dmy_m"], m["dmy_d"])
        else:
            value = _build(m["mdy_y"], m["mdy_m"], m["mdy_d"])
        found.append(FoundDate(value, m.start(), m.end(), m.group(0)))
    return found


def has_ambiguous_date(text: str) -> bool:
    """True if `text` holds a numeric date like `03/12/2026` that we won't guess at."""
    return AMBIGUOUS_PATTERN.search(text) is not None


def lacks_year(text: str, found: list[FoundDate]) -> bool:
    """True if `text` names a day and month somewhere without its year (`Dec 3 - Dec 5, 2026`)."""
    named = sum(1 for d in found if not d.raw[:4].isdigit())
    return len(_DAY_MONTH.findall(text)) > named


def is_range_separator(text: str) -> bool:
    """True if `text` (what stands between two dates) reads as "to"."""
    words = text.strip().lower().split()
    return len(words) == 1 and words[0] in RANGE_SEPARATORS


def describe(day: date) -> str:
    """A date as we print it in messages: `2026-12-03 (Thu)`."""
    return f"{day.isoformat()} ({WEEKDAYS[day.weekday()]})"
