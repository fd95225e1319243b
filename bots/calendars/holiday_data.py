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

import importlib.util
import sys
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from types import MappingProxyType, ModuleType


def _countries_one_by_one() -> None:
    """Let each country's module of ``holidays`` load alone.

    ``holidays`` loads a country lazily, by its module (``holidays.countries.united_states``), but
    importing any of them runs ``holidays/countries/__init__.py``, which imports all 250 countries
    (≈ 8 MB and 280 modules, for the two or three a team's regions use). A bare package of the same
    path stands in for it, so only the countries asked for are imported; `_entity` puts the real
    package back if a country does not load that way (a release that changes its layout).
    """
    if "holidays.countries" in sys.modules:
        return
    spec = importlib.util.find_spec("holidays.countries")
    if spec is None or not spec.submodule_search_locations:
        return
    bare = ModuleType("holidays.countries", "holidays' countries, each imported on first use")
    bare.__path__ = list(spec.submodule_search_locations)
    bare.__package__ = "holidays.countries"
    sys.modules["holidays.countries"] = bare


def _all_countries() -> None:
    """The real ``holidays.countries`` package, in place of the bare one."""
    module = sys.modules.get("holidays.countries")
    if module is not None and getattr(module, "__file__", None) is None:
        del sys.modules["holidays.countries"]
        import holidays.countries  # noqa: F401  (the real package, every country)


_countries_one_by_one()

import holidays  # noqa: E402  (after the bare package is in place)
from holidays import HolidayBase, country_holidays  # noqa: E402

from .errors import CalendarError  # noqa: E402

NAME_LANGUAGE = "en_US"


def region_label(country: str, subdivision: str | None) -> str:
    """``"US"`` or ``"US-CA"``: how a (country, subdivision) pair is named in messages."""
    return country if subdivision is None else f"{country}-{subdivision}"


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    """The country codes ``holidays`` knows (aliases included), from its registry: its own
    `list_supported_countries` loads every country to list their subdivisions."""
    codes = getattr(getattr(holidays, "registry", None), "EntityLoader", None)
    if codes is not None and hasattr(codes, "get_country_codes"):
        return frozenset(codes.get_country_codes())
    return frozenset(holidays.list_supported_countries())


def _load(country: str) -> HolidayBase:
    """The country's unpopulated holidays; with every country imported if it does not load alone."""
    try:
        return country_holidays(country)
    except (ImportError, AttributeError):
        _all_countries()
        return country_holidays(country)


@cache
def _entity(country: str, subdivision: str | None) -> HolidayBase:
    """An unpopulated holiday object; raises CalendarError for unknown country/subdivision."""
    supported = _supported_countries()
    if country not in supported:
        hint = f" (did you mean {country.upper()!r}?)" if country.upper() in supported else ""
        raise CalendarError(f"unknown country code {country!r}{hint}")
    base = _load(country)
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
