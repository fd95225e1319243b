"""Validated, cached access to public holidays from the ``holidays`` package.

Coverage, as found in ``holidays`` 0.109 (and checked by the tests): every country class has
``start_year`` / ``end_year`` attributes (default 1901..2100; e.g. US 1777, GB 1872, DE 1991,
FR 1803, NL 1966, IE 1872, all ending 2100). Outside that range the package does **not** raise:
it silently returns no holidays at all. :func:`holidays_in_year` therefore refuses such years
with a :class:`CalendarError` naming the year and the country.

Holiday names are requested in ``en_US`` when the country supports it, because the package
otherwise picks the language from the process environment (``LANGUAGE``, ``LC_ALL``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from types import MappingProxyType

import holidays
from holidays import HolidayBase, country_holidays

from .errors import CalendarError

NAME_LANGUAGE = "en_US"


def region_label(country: str, subdivision: str | None) -> str:
    """``"US"`` or ``"US-CA"``: how a (country, subdivision) pair is named in messages."""
    return country if subdivision is None else f"{country}-{subdivision}"


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@cache
def _entity(country: str, subdivision: str | None) -> HolidayBase:
    """An unpopulated holiday object; raises CalendarError for unknown country/subdivision."""
    supported = _supported_countries()
    if country not in supported:
        hint = f" (did you mean {country.upper()!r}?)" if country.upper() in supported else ""
        raise CalendarError(f"unknown country code {country!r}{hint}")
    base = country_holidays(country)
    if subdivision is None:
        return base
    try:
        return country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        pass
    names = list(base.subdivisions)
    for aliases in base.get_subdivision_aliases().values():
        names.extend(aliases)
    close = [n for n in names if n.casefold() == subdivision.casefold()]
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise CalendarError(
        f"unknown subdivision {subdivision!r} for country {country!r}{hint}; "
        f"known subdivisions: {', '.join(base.subdivisions) or 'none'}"
    )


def validate_region(country: object, subdivision: object) -> None:
    """Raise CalendarError unless the ``holidays`` package knows this country/subdivision."""
    if not isinstance(country, str) or not country:
        raise CalendarError(f"country code must be a non-empty string, got {country!r}")
    if subdivision is not None and (not isinstance(subdivision, str) or not subdivision):
        raise CalendarError(
            f"subdivision of {country!r} must be a non-empty string or null, got {subdivision!r}"
        )
    _entity(country, subdivision)


def covered_years(country: str, subdivision: str | None) -> tuple[int, int]:
    """The inclusive (first, last) year the ``holidays`` package has data for."""
    entity = _entity(country, subdivision)
    return int(entity.start_year), int(entity.end_year)


@lru_cache(maxsize=8192)
def _load_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    entity = _entity(country, subdivision)
    language = NAME_LANGUAGE if NAME_LANGUAGE in entity.supported_languages else None
    data = country_holidays(country, subdiv=subdivision, years=year, language=language)
    # Observed days never leave their year in practice; filter anyway so a lookup keyed by
    # (country, subdivision, year) only ever answers for dates of that year.
    return MappingProxyType({d: str(n) for d, n in data.items() if d.year == year})


def holidays_in_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """Public holidays (date -> English name) of one year, cached per (country, subdiv, year).

    Raises CalendarError for a year the package has no data for, instead of the package's
    silent empty answer.
    """
    first, last = covered_years(country, subdivision)
    if not first <= year <= last:
        label = region_label(country, subdivision)
        raise CalendarError(
            f"no public-holiday data for {label} in {year}: the holidays package "
            f"{holidays.__version__} covers {label} only for {first}..{last}"
        )
    return _load_year(country, subdivision, year)
