"""A quiet go-live end to end: a board with reminders already due; `run --baseline` posts none of them
(the sandbox's log), records them as held back and says so; a second baseline writes nothing; a later
run posts only the breach that fell due after go-live."""

from __future__ import annotations

import json

import pytest

from bots.markers import state_key
from bots.slo import record
from tests.e2e.test_slo_e2e import AMER_TEAM, PROJECT, at, iids, seed_board, slo_state

pytestmark = pytest.mark.e2e
NOTE_POSTS = "POST /projects/:id/issues/:issue_iid/notes"


def test_baseline_holds_back_what_is_due_and_later_only_new_breaches_ping(env, tmp_path):
    seed_board(env, mirror_at="2026-11-23T10:00:00")

    env.sandbox.log.reset()
    report = tmp_path / "report.json"
    result = env.run("run", "slo", "--baseline", "--now", "2026-11-23T10:00:00Z", "--json", str(report))
    assert result.code == 0, result.text
    assert env.sandbox.log.by_route().get(NOTE_POSTS, 0) == 0 and env.sandbox.log.mentions == []
    assert "held back 4 reminder(s) on 3 request(s) (go-live: recorded, not posted)" in result.out
    assert "go-live: reminders due by 2026-11-23T10:00+00:00 are recorded as held back" in result.out
    data = json.loads(report.read_text())
    (slo,) = data["jobs"]
    ids = iids(env)
    assert slo["held_back"] == data["go_live"]["held_back"] == {
        "reminders": 4, "requests": 3, "items": sorted([
            {"issue": ids["Slack"], "reminder": "slack-heads-up"},
            {"issue": ids["Birchwood Energy"], "reminder": "fast-track"},
            {"issue": ids["Birchwood Energy"], "reminder": "meeting-prep"},
            {"issue": ids["Cobalt Systems"], "reminder": "triage-breached"}],
            key=lambda x: (x["issue"], x["reminder"]))}
    assert data["go_live"]["held_before"] == "2026-11-23T10:00:00+00:00"
    held = {
        "Slack": {"labels": ("slo::slack-channel-expiring",), "notes": {}},
        "Acme Robotics": {"labels": (), "notes": {}},
        "Birchwood Energy": {"labels": ("slo::fast-track-notified", "slo::meeting-prep-missing"),
                             "notes": {}},
        "Cobalt Systems": {"labels": ("slo::triage-breached",), "notes": {}},
    }
    assert slo_state(env) == held
    description = env.sandbox.issue(PROJECT, ids["Cobalt Systems"])["description"]
    cobalt = record.read(description, state_key(env.token))
    assert cobalt is not None and cobalt.held == ("triage-breached",)
    explained = env.run("explain", str(ids["Cobalt Systems"]), "--json", "--now", "2026-11-23T10:00:00Z")
    assert explained.code == 0, explained.text
    slos = {s["level"]: s for s in json.loads(explained.out)["slos"]}  # JSON only on stdout
    assert slos["triage-breached"]["reminder"] == "held-back" and slos["triage-breached"]["state"] == "due"
    assert slos["triage-breached"]["due"] == "2026-11-20T12:00:00+00:00"

    env.sandbox.log.reset()
    again = env.run("run", "slo", "--baseline", "--now", "2026-11-23T10:05:00Z")
    assert again.code == 0 and env.writes() == 0, env.sandbox.log.by_route()
    assert "held back 0 reminder(s) on 0 request(s)" in again.out

    # Mon 21:30: New York open; Acme's triage breach fell due after go-live: the one note posted.
    # Birchwood's meeting is over, its fast track no longer applies: both held reminders clear, no note
    # to edit. Cobalt's escalation (a new breach) waits for London's business hours.
    env.sandbox.clock = lambda: at("2026-11-23T21:30:00")
    env.sandbox.log.reset()
    later = env.run("run", "slo", "--now", "2026-11-23T21:30:00Z")
    assert later.code == 0, later.text
    assert env.sandbox.log.by_route().get(NOTE_POSTS) == 1, later.out
    # held reminders clear without looking for a note (Birchwood's notes are not read); Acme's breach
    # is due with no label: its notes say whether it went out. Cobalt's escalation can go out only
    # once London opens: its notes are read then
    assert "read the notes of 1" in later.out
    labels_only = (f"update #{ids['Birchwood Energy']}: -slo::fast-track-notified "
                   "-slo::meeting-prep-missing: updated")
    assert labels_only in later.out  # what was held back stays recorded: the description is not edited
    assert "held back" not in later.out
    held["Acme Robotics"] = {"labels": ("slo::triage-breached",),
                             "notes": {"triage-breached": ("active", AMER_TEAM)}}
    held["Birchwood Energy"] = {"labels": (), "notes": {}}
    assert slo_state(env) == held
    assert f"#{ids['Cobalt Systems']} triage-escalated: due, waiting for business hours" in later.out

    env.sandbox.clock = lambda: at("2026-11-24T09:30:00")
    assert env.run("run", "slo", "--now", "2026-11-24T09:30:00Z").code == 0
    cobalt_notes = slo_state(env)["Cobalt Systems"]["notes"]
    assert cobalt_notes["triage-escalated"][0] == "active" and "triage-breached" not in cobalt_notes
