"""Read an amount of money with its currency: `USD 2,400`, `€1.800,50`, `2400 EUR`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP"}
_CODE_LIST = (
    "USD EUR GBP CAD AUD NZD CHF JPY CNY INR SGD HKD SEK NOK DKK ISK PLN CZK HUF RON BGN"
    " TRY ILS AED SAR ZAR BRL MXN ARS CLP COP KRW TWD THB MYR IDR PHP"
)
CODES = frozenset(_CODE_LIST.split())
_NUMBER = re.compile(r"(?<![\w.,'])\d(?:[\d.,']*\d)?(?!\w|[.,']\d)")  # all of `2.4k` or none
_BEFORE = re.compile(r"(?:^|[^A-Za-z$])(US\$|[€$£]|[A-Za-z]{3})\s*(-|−)?\s*$")
_AFTER = re.compile(r"^\s*([€$£]|[A-Za-z]{3})(?![A-Za-z])")
_WINDOW = 8
EXAMPLE = "`USD 2,400`, `€1.800,50` or `2400 EUR`"


@dataclass(frozen=True)
class Money:
    """A positive amount in one currency."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"


def _currency(token: str | None) -> str | None:
    """ISO code for a symbol or code we know, else None."""
    if token is None:
        return None
    return SYMBOLS.get(token) or (token.upper() if token.upper() in CODES else None)


def _grouped(integer: str, separator: str) -> bool:
    """True if `integer` is digits grouped in threes by `separator` (`1,234,567`)."""
    groups = integer.split(separator)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_number(raw: str) -> Decimal | None:
    """A decimal from `2,400`, `1.800,50`, `1'800.5` or `2400`; None when it can't be read."""
    raw = raw.replace("'", "")
    separators = [s for s in ",." if s in raw]
    if len(separators) == 2:
        decimal_mark = max(separators, key=raw.rfind)
        integer, _, fraction = raw.rpartition(decimal_mark)
        thousands = "," if decimal_mark == "." else "."
        if not (_grouped(integer, thousands) and 1 <= len(fraction) <= 2):
            return None
    elif separators:
        mark = separators[0]
        integer, _, fraction = raw.rpartition(mark)
        if mark not in integer and 1 <= len(fraction) <= 2:
            pass  # one separator followed by one or two digits: a decimal mark
        elif _grouped(raw, mark):
            integer, fraction = raw, ""
        else:
            return None
        thousands = mark
    else:
        integer, fraction, thousands = raw, "", ","
    try:
        return Decimal(f"{integer.replace(thousands, '')}.{fraction or '0'}")
    except InvalidOperation:
        return None


def find_money(text: str) -> Money | str:
    """The first amount with a currency in `text`, or a message saying what is wrong."""
    saw_bare_number = False
    for m in _NUMBER.finditer(text):
        before = _BEFORE.search(text[max(0, m.start() - _WINDOW) : m.start()])
        after = _AFTER.match(text[m.end() : m.end() + _WINDOW])
        currency = _currency(before[1] if before else None) or _currency(after[1] if after else None)
        if currency is None:
            saw_bare_number = True
            continue
        negative = (before is not None and before[2] is not None) or text[
            max(0, m.start() - 1) : m.start()
        ] in ("-", "−")
        amount = parse_number(m.group(0))
        if amount is None:
            return f"The amount can't be read; write it like {EXAMPLE}."
        if negative or amount <= 0:
            return "The amount must be more than zero."
        return Money(amount, currency)
    if saw_bare_number:
        return f"Add the currency to the amount, e.g. {EXAMPLE}."
    return f"Write the amount with its currency, e.g. {EXAMPLE}."
