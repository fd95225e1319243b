"""Every note that mentions someone waits for their business hours: the forms bot's status note too."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import context
from tests.forms.helpers import form_issue, plan


def test_a_status_note_that_mentions_its_author_waits_for_their_business_hours() -> None:
    issue = form_issue()  # an on-site request: its status note mentions the author
    saturday = plan(issue, context(now=datetime(2026, 11, 28, 15, tzinfo=UTC)))  # weekend in both regions
    assert "UpsertNote" not in [x.kind for x in saturday.actions]
    assert any("status note" in i and "waiting for business hours" in i for i in saturday.info), saturday.info
    monday = plan(issue, context(now=datetime(2026, 11, 30, 15, tzinfo=UTC)))
    assert [x.kind for x in monday.actions].count("UpsertNote") == 1
