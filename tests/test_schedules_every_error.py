"""schedules/*.yml: every bad value of a schedule reported at once, each at its key, and the schedule
still read for the checks across schedules (which bot runs where)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bots.schedules import BOTS_VARIABLE, KEY_VARIABLE, bots_of, read_schedules
from tests.factories import ROOT


def test_every_bad_variable_and_value_is_reported_and_the_schedule_still_counts(tmp_path: Path):
    shutil.copytree(ROOT / "schedules", tmp_path / "schedules")
    slo = tmp_path / "schedules" / "slo.yml"
    slo.write_text(slo.read_text() + '  "bad name": x\n  "also-bad": y\n  SA_TRIAGE_SCHEDULE: mine\n'
                   "active: maybe\n")
    specs, found = read_schedules(tmp_path / "schedules", "main")
    assert [(e.key_path, e.problem) for e in found if e.file.endswith("slo.yml")] == [
        ("variables", "invalid variable name 'bad name'"),
        ("variables", "invalid variable name 'also-bad'"),
        ("variables", f"{KEY_VARIABLE} is set by sa-triage itself"),
        ("active", "expected true or false, got str 'maybe'"),
    ]
    (mine,) = [s for s in specs if s.key == "slo"]
    assert bots_of(mine) == ("slo",) and dict(mine.variables) == {BOTS_VARIABLE: "slo", KEY_VARIABLE: "slo"}
