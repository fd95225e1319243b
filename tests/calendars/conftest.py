"""Shared calendars for the business-calendar tests."""

from __future__ import annotations

import pytest

from bots.calendars import BusinessCalendar


@pytest.fixture(scope="session")
def amer() -> BusinessCalendar:
    """US federal holidays, New York time, Mon-Fri 09:00-17:00."""
    return BusinessCalendar("AMER", "America/New_York", (("US", None),))


@pytest.fixture(scope="session")
def emea() -> BusinessCalendar:
    """GB (nation-wide holidays only) + DE, a holiday in either is a day off, Berlin time."""
    return BusinessCalendar("EMEA", "Europe/Berlin", (("GB", None), ("DE", None)))
