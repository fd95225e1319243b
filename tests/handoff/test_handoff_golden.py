"""Every note the handoff bot posts, compared with its golden file (`UPDATE_GOLDEN=1` rewrites them)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bots.handoff import notes as n
from bots.handoff.record import Handoff
from bots.handoff.steps import STEPS
from tests.factories import ROOT
from tests.golden_files import check, orphans

GOLDEN = ROOT / "tests" / "golden" / "handoff"
H = Handoff(2, ("alex.kim",), ("dana.white",), datetime(2026, 11, 17, 15, 0, tzinfo=UTC))
NOTES = {
    "checklist": lambda: n.checklist(H, 3),
    "reminder": lambda: n.reminder(H, 3, (STEPS[1][1], STEPS[3][1])),
    "done": lambda: n.done(H),
    "checklist-filed": lambda: n.checklist(Handoff(1, H.outgoing, H.incoming, on=31), 3),
}


@pytest.mark.parametrize("name", sorted(NOTES))
def test_note_matches_its_golden_file(name):
    check(GOLDEN, name, NOTES[name]())


def test_every_golden_file_belongs_to_a_note():
    assert orphans(GOLDEN, set(NOTES)) == set()
