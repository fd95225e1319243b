"""Less feed noise (issue 13, item 7), end to end: "changed the description" system notes counted
per issue over several runs at different times, in which suggestions are posted and edited, a
handoff runs its course, and a triage reminder opens, escalates and clears (once, the triage facts,
whatever people do with the `slo::` labels); a re-run writes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from bots.handoff.steps import STEPS
from tests.e2e.conftest import failed_only_on_bad_rows
from tests.e2e.test_handoff_e2e import _bot_notes, _tick_all
from tests.e2e.test_slo_e2e import (
    PROJECT,
    assert_only_the_ledger_written,
    assign,
    human,
    iids,
    notes_read,
    slo_state,
    write_requests,
)

pytestmark = pytest.mark.e2e
NOW = "2026-11-23T15:00:00Z"  # Monday, both regions' business hours
LATER = "2026-11-24T15:30:00Z"
NOTES = "GET /projects/:id/issues/:issue_iid/notes"


def description_edits(env) -> Counter:
    """Per issue, the "changed the description" entries in its feed."""
    return Counter({i["iid"]: sum(n["system"] and n["body"] == "changed the description"
                                  for n in env.sandbox.notes(PROJECT, i["iid"]))
                    for i in env.sandbox.issues(PROJECT)})


def waiting(env) -> list[int]:
    return [i["iid"] for i in env.sandbox.issues(PROJECT) if "triage::new" in i["labels"]
            and not i["assignees"] and "sa-request" in i["labels"] and i["state"] == "opened"]


def note_writes(env) -> int:
    routes = Counter(env.sandbox.log.by_route())
    return routes["POST /projects/:id/issues/:issue_iid/notes"] + routes[
        "PUT /projects/:id/issues/:issue_iid/notes/:note_id"]


def run(env, *args: str) -> str:
    """A run at `--now`, with GitLab's clock at the same time (a note's time is GitLab's); its output."""
    at = datetime.fromisoformat(args[args.index("--now") + 1])
    env.sandbox.clock = lambda: at
    env.sandbox.log.reset()
    result = env.run("run", *args)
    assert failed_only_on_bad_rows(result), result.text  # the sample export has bad rows on purpose
    return result.out


def test_suggestions_edit_the_description_only_with_their_note_and_read_no_notes_of_waiting_requests(env):
    """The suggest record stays in the description, written only with a changed note: moving it into
    the note would cost one notes read per waiting request per run (2,000 at 2,000 waiting)."""
    run(env, "mirror", "--now", NOW)
    base = description_edits(env)
    run(env, "suggest", "--now", NOW)
    posted = {iid: _bot_notes(env, iid, "suggest") for iid in waiting(env)}
    assert posted and all(len(v) == 1 for v in posted.values())
    assert env.sandbox.log.by_route()[NOTES] == note_writes(env)  # the gateway's re-check before each
    first, taken = sorted(posted)[:2]
    assign(env, taken, "lena.fischer", by="maria.garcia")  # workload changes: suggestions follow
    before = description_edits(env)
    run(env, "suggest", "--now", LATER)
    edited = Counter(env.sandbox.log.by_route())["PUT /projects/:id/issues/:issue_iid/notes/:note_id"]
    assert edited >= 1  # edited in place, each with its record
    assert sum((description_edits(env) - before).values()) == edited
    run(env, "suggest", "--now", LATER)
    assert env.writes() == 0 and NOTES not in env.sandbox.log.by_route(), env.sandbox.log.by_route()
    assert sum((description_edits(env) - base).values()) == len(posted) + edited
    assert len(_bot_notes(env, first, "suggest")) == 1


def test_a_handoff_edits_the_description_with_the_reassignment_and_when_done_only(env):
    run(env, "mirror", "handoff", "--now", NOW)
    iid = env.sandbox.issues(PROJECT)[0]["iid"]
    base = description_edits(env)[iid]
    assign(env, iid, "alex.kim", by="maria.garcia")
    run(env, "handoff", "--now", NOW)
    assert description_edits(env)[iid] == base + 1  # the first SA, once per request
    assign(env, iid, "dana.white", by="maria.garcia")
    run(env, "handoff", "--now", NOW)
    (note,) = _bot_notes(env, iid, "handoff")
    assert description_edits(env)[iid] == base + 2  # the handoff, with the reassignment
    run(env, "handoff", "--now", "2026-11-30T16:00:00Z")  # 3 business days on (Thanksgiving aside)
    assert len(_bot_notes(env, iid, "handoff-reminder")) == 1
    assert description_edits(env)[iid] == base + 2  # the reminder edits no description
    _tick_all(env, iid, note)
    run(env, "handoff", "--now", "2026-11-30T17:00:00Z")
    assert len(_bot_notes(env, iid, "handoff-done")) == 1 and all(
        f"- [x] {text}" in _bot_notes(env, iid, "handoff")[0]["body"] for _, text in STEPS)
    assert description_edits(env)[iid] == base + 3  # done: recorded, its notes no longer read
    run(env, "handoff", "--now", "2026-11-30T18:00:00Z")
    assert env.writes() == 0 and NOTES not in env.sandbox.log.by_route()


def slo_run(env, when: str) -> str:
    """`mirror` and `slo` at `when`, then a re-run that changes nothing (its log and output for the
    caller); it may record in the SLO bot's ledger what the notes it read again showed (as `step`)."""
    run(env, "mirror", "slo", "--now", when)
    out = run(env, "mirror", "slo", "--now", when)
    if env.writes():
        assert_only_the_ledger_written(env)
        out = run(env, "mirror", "slo", "--now", when)
    assert env.writes() == 0, (when, env.sandbox.log.by_route())
    return out


def test_a_triage_reminder_opens_escalates_and_clears_with_one_description_edit(env):
    env.sandbox.clock = lambda: datetime.fromisoformat("2026-11-20T10:00:00Z")
    write_requests(env)
    slo_run(env, "2026-11-23T10:00:00Z")  # Mon: Acme (AMER) is not due yet
    acme = iids(env)["Acme Robotics"]
    base = description_edits(env)[acme]
    labels = f"/issues/{acme}"

    slo_run(env, "2026-11-23T21:30:00Z")  # breached: posted and recorded in the bot's ledger
    breach = ("active", ("commercial-sa-amer",))
    assert slo_state(env)["Acme Robotics"]["notes"] == {"triage-breached": breach}
    assert "Acme Robotics" not in notes_read(env)  # the re-run, within GRACE, trusts the ledger's entry
    human(env, "maria.garcia", "PUT", labels, remove_labels="slo::triage-breached")  # a person tidies up
    slo_run(env, "2026-11-23T22:00:00Z")
    state = slo_state(env)["Acme Robotics"]
    assert state["labels"] == ("slo::triage-breached",) and len(state["notes"]) == 1  # back, not again

    # Tue 20:50 UTC: the escalation falls due at 21:00 (Tue 16:00 EST); a person sets its label before
    # the bot's first chance to post it (the run at 21:30)
    env.sandbox.clock = lambda: datetime.fromisoformat("2026-11-24T20:50:00Z")
    human(env, "maria.garcia", "PUT", labels, add_labels="slo::triage-escalated")
    slo_run(env, "2026-11-24T21:30:00Z")  # within engine.GRACE: the notes decide; not silenced
    assert slo_state(env)["Acme Robotics"]["notes"]["triage-escalated"] == ("active", ("maria.garcia",))
    assert description_edits(env)[acme] == base  # opened twice, relabelled twice: no description edit

    env.sandbox.clock = lambda: datetime.fromisoformat("2026-11-25T15:00:00Z")
    assign(env, acme, "alex.kim", by="maria.garcia")
    out = slo_run(env, "2026-11-26T15:00:00Z")  # triaged: both reminders resolved in place
    assert slo_state(env)["Acme Robotics"] == {
        "labels": (), "notes": {"triage-breached": ("resolved", ()), "triage-escalated": ("resolved", ())}}
    assert description_edits(env)[acme] == base + 1  # the triage facts, once per request
    # its meeting reminder is due, waiting for New York, no label: its notes are read once New York opens
    assert "Acme Robotics" not in notes_read(env) and f"#{acme} meeting-prep: due, waiting" in out
    slo_run(env, "2026-11-27T15:00:00Z")
    assert description_edits(env)[acme] == base + 1
