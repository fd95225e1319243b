"""A meeting-prep deadline that had passed when the request came in reads "as soon as possible"."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bots.slo.explain import explain_issue
from bots.slo.messages import NoteState, body
from bots.slo.model import Status
from bots.sources.request import Region
from tests.factories import BOT, KEY, config, request
from tests.issue11.helpers import quoted
from tests.slo.helpers import checks_at, mirrored

RULE = quoted("Agenda and list of attendees should be provided in advance")
GOLDEN = Path(__file__).parent / "golden"
CET = ZoneInfo("Europe/Berlin")


def cet(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CET)  # type: ignore[misc]


def early_meeting():
    # Filed Tue 1 Dec 09:30 CET for a meeting at 17:00 that day: one business day before is Mon 30 Nov.
    req = request(region=Region.EMEA, ae_email="lukas.weber@example.com",
                  requested_at=cet(2026, 12, 1, 9, 30), meeting_at=cet(2026, 12, 1, 17, 0))
    return mirrored(req, assignees=("marco.bianchi",))


def test_a_deadline_past_at_entry_asks_as_soon_as_possible_with_the_meeting_time():
    check = checks_at(early_meeting(), cet(2026, 12, 1, 10, 0))["meeting-prep"]
    assert check.status is Status.DUE and RULE in check.level.rule
    text = body(check, NoteState.ACTIVE)
    assert "as soon as possible" in text and "Tue 1 Dec, 16:00 GMT" in text
    assert "30 Nov" not in text and "27 Nov" not in text
    path = GOLDEN / "meeting-prep-asap.active.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"{path} differs (UPDATE_GOLDEN=1 to accept)"


def test_explain_shows_no_due_time_before_the_request():
    issue = early_meeting()
    check = checks_at(issue, cet(2026, 12, 1, 10, 0))["meeting-prep"]
    assert check.due is not None and check.due >= cet(2026, 12, 1, 9, 30)
    lines = explain_issue(issue, (), config(), BOT, KEY, cet(2026, 12, 1, 10, 0))
    prep = "\n".join(x for x in lines if "meeting" in x or "due" in x)
    assert "27 Nov" not in prep and "30 Nov" not in prep
