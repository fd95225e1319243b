"""`sa-triage calendar due REGION TIME`: the region's calendar asked directly (no network)."""

import json

import pytest

from bots.cli import main
from tests.factories import ROOT

CONFIG = str(ROOT / "sa-triage.yml")


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        main(["--config", CONFIG, "calendar", "due", *args])
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def test_due_prints_iso_with_zone_and_the_local_wording(capsys):
    code, out, _ = run(capsys, "EMEA", "2026-11-20T16:00")  # a Friday, London time
    assert code == 0
    assert out.splitlines() == [
        "EMEA (Europe/London), 1 business day(s)",
        "  received     2026-11-20T16:00:00+00:00  Fri 20 Nov, 16:00 GMT",
        "  clock start  2026-11-20T16:00:00+00:00  Fri 20 Nov, 16:00 GMT",
        "  due          2026-11-23T16:00:00+00:00  Mon 23 Nov, 16:00 GMT"]


def test_business_days_skip_holidays_and_a_utc_time_reads_in_the_region(capsys):
    code, out, _ = run(capsys, "AMER", "2026-11-25T21:00Z", "--business-days", "2", "--json")
    assert code == 0
    assert json.loads(out) == {
        "region": "AMER", "timezone": "America/New_York", "business_days": 2,
        "received": "2026-11-25T16:00:00-05:00", "received_local": "Wed 25 Nov, 16:00 EST",
        "clock_start": "2026-11-25T16:00:00-05:00", "clock_start_local": "Wed 25 Nov, 16:00 EST",
        "due": "2026-11-30T16:00:00-05:00", "due_local": "Mon 30 Nov, 16:00 EST",
        "days_off": ["Thu 26 Nov: Thanksgiving Day"]}


def test_a_weekend_request_starts_its_clock_at_the_next_opening(capsys):
    code, out, _ = run(capsys, "amer", "2026-11-21T10:00", "--business-days", "0")
    assert code == 0
    assert "  clock start  2026-11-23T09:00:00-05:00  Mon 23 Nov, 09:00 EST" in out
    assert "  due          2026-11-23T09:00:00-05:00  Mon 23 Nov, 09:00 EST" in out


@pytest.mark.parametrize(("args", "message"), [
    (("APAC", "2026-11-20T16:00"), "error: calendar due: unknown region 'APAC'; known: AMER, EMEA"),
    (("EMEA", "friday 4pm"), "error: calendar due: TIME is not an ISO-8601 time: 'friday 4pm'"),
    (("EMEA", "1800-01-01T10:00"), "error: calendar due EMEA 1800-01-01T10:00: calendar EMEA: year 1800"),
])
def test_errors_name_the_bad_region_or_time_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and err.startswith(message)


def test_business_days_must_not_be_negative(capsys):
    code, _, err = run(capsys, "EMEA", "2026-11-20T16:00", "--business-days", "-1")
    assert code == 2 and "--business-days" in err
