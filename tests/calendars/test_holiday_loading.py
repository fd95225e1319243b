"""`holidays` loads only the countries a calendar asks for, and gives the same holidays as when it
loads all 250 (its `holidays.countries` package imports every country; bots.calendars.holiday_data
puts a bare package of the same path in its place). Each case runs in a fresh interpreter: which
modules are imported is a property of the whole process."""

from __future__ import annotations

import json
import subprocess
import sys

ASKED = (("US", None), ("US", "CA"), ("GB", "ENG"), ("DE", "BY"), ("FR", None), ("NL", None), ("IE", None))

HOLIDAYS = """
import json, sys
SETUP
from bots.calendars import holiday_data
days = {f"{c}-{s} {y}": sorted((str(d), n) for d, n in holiday_data.holidays_in_year(c, s, y).items())
        for c, s in ASKED for y in (2026, 2027)}
package = sys.modules["holidays.countries"]
print(json.dumps({"days": days, "loaded": sum(m.startswith("holidays.countries.") for m in sys.modules),
                  "bare": getattr(package, "__file__", None) is None,
                  "supported": len(holiday_data._supported_countries())}))
""".replace("ASKED", repr(ASKED))


def script(setup: str) -> str:
    return HOLIDAYS.replace("SETUP", setup)


def run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_only_the_countries_asked_for_are_imported_and_their_holidays_are_the_packages_own():
    alone = run(script(""))
    every = run(script("import holidays.countries  # the package's own: all countries"))
    assert alone["bare"] and not every["bare"]
    assert alone["loaded"] <= 2 * len({c for c, _ in ASKED}) < every["loaded"]
    assert alone["days"] == every["days"]
    assert all(alone["days"][f"{c}-{s} {y}"] for c, s in ASKED for y in (2026, 2027))  # none empty
    assert alone["days"]["US-CA 2026"] != alone["days"]["US-None 2026"]  # subdivisions load too
    assert alone["supported"] == every["supported"] > 200  # codes and aliases, without loading any


def test_a_country_that_does_not_load_alone_brings_the_whole_package_back():
    code = script("""
from bots.calendars import holiday_data as h
real, failed = h.country_holidays, []
def once(country, **kw):  # as if a release's country module needed the whole package
    if not failed:
        failed.append(country)
        raise ImportError("cannot import name 'X' from 'holidays.countries'")
    return real(country, **kw)
h.country_holidays = once
""")
    found = run(code)
    assert not found["bare"] and found["loaded"] > 200
    assert found["days"] == run(script("import holidays.countries"))["days"]
