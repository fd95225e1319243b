"""An SA request filed from the form, end to end: overdue for triage, then escalated, each note once;
assigned, then both notes say so and the label goes; a run with nothing to do reads no notes.

Handbook (#1: Triage within One Business Day, copied into tests/fixtures): "If it comes in at 4pm, the
Team has until 4pm the next day to triage."
"""

from __future__ import annotations

import pytest

from bots.issue_templates import SA_REQUEST
from tests.e2e.test_forms_e2e import bot_notes, labels
from tests.e2e.test_handoff_e2e import NOW, _run_twice
from tests.e2e.test_slo_e2e import PROJECT, assign
from tests.issue_templates.helpers import fill, ticked

pytestmark = pytest.mark.e2e
NOTES = "GET /projects/:id/issues/:issue_iid/notes"


def slo_notes(env, iid: int) -> dict[str, str]:
    return {n["body"].split()[2]: n["body"] for n in bot_notes(env, iid)
            if n["body"].startswith("<!-- sa-triage:slo")}


def test_a_filed_request_is_reminded_escalated_then_cleared_by_assignment(env):
    assert env.run("setup").code == 0
    text = fill(SA_REQUEST, region=ticked(SA_REQUEST, "region", "EMEA"))
    # Thursday 10:00 GMT: due Friday 10:00, escalated Monday 10:00; NOW is Monday 15:00 GMT
    iid = env.sandbox.add_issue(PROJECT, "SA request: Northwind", author="jordan.lee", description=text,
                                labels=["form::sa-request"], created_at="2026-11-19T10:00:00Z")["iid"]
    assert NOW == "2026-11-23T15:00:00Z"
    _run_twice(env, "slo")  # the second run writes nothing
    notes = slo_notes(env, iid)
    assert sorted(notes) == ["form-triage-breached", "form-triage-escalated"]
    assert "@commercial-sa-emea" in notes["form-triage-breached"]
    assert "due for triage by **Fri 20 Nov, 10:00 GMT**" in notes["form-triage-breached"]
    assert "@anna.schmidt" in notes["form-triage-escalated"]
    assert {x for x in labels(env, iid) if x.startswith("slo::")} == {"slo::form-triage-escalated"}
    assert NOTES not in env.sandbox.log.by_route()  # nothing to clear: its notes are not read

    assign(env, iid, "marco.bianchi", by="marco.bianchi")
    _run_twice(env, "slo")
    cleared = slo_notes(env, iid)
    assert sorted(cleared) == sorted(notes)  # edited in place, none added
    assert all("**Resolved:** triaged (assigned to `@marco.bianchi`)" in b for b in cleared.values())
    assert not {x for x in labels(env, iid) if x.startswith("slo::")}
    assert NOTES not in env.sandbox.log.by_route()  # settled: the second run read no notes
