"""A "Salesforce changed" note proven new from the issue's signed state is posted without reading
the issue's notes, except where an earlier run may have left it half-written (bots/notes_recheck.py):
then the notes are read, and nothing is posted twice."""

from __future__ import annotations

import pytest

from bots import bot_ledger, markers, notes_recheck
from bots.actions import UpsertNote
from bots.errors import SaTriageError
from bots.gateway import Gateway
from bots.runlock import LOCK_LABEL
from gitlab_sandbox.demo import BOT_USERNAME
from tests.e2e.test_mirror_e2e import bot_notes, edit_row, mirrored, writes_by_route
from tests.e2e.test_react_e2e import as_user, enable, pipelines, react_on
from tests.e2e.test_slo_e2e import PROJECT, human

pytestmark = pytest.mark.e2e
ACCOUNT = "Cedar Ridge Health"  # Named: any stage is in scope, so a stage change needs one note
STAGES = ("4-Proposal", "5-Negotiating", "3-Technical Evaluation", "4-Proposal")
NOTES_READ = "GET /projects/:id/issues/:issue_iid/notes"
ISSUE_PUT = "PUT /projects/:id/issues/:issue_iid"


def ledger(env) -> dict:
    """The open ledger issue (a person may have closed an earlier one)."""
    (found,) = [i for i in env.sandbox.issues(PROJECT)
                if i["title"] == bot_ledger.TITLE and i["state"] == "opened"]
    return found


def record(env) -> notes_recheck.Recheck:
    return notes_recheck.read(ledger(env)["description"], markers.state_key(env.token))


def the_issue(env) -> dict:
    (issue,) = [i for t, i in mirrored(env).items() if ACCOUNT in t]
    return issue


def changed_notes(env) -> list[str]:
    return [n["body"] for n in bot_notes(env, the_issue(env)["iid"]) if "Salesforce changed" in n["body"]]


def change(env, stage: str, *args: str):
    edit_row(env, ACCOUNT, Stage=stage)
    env.sandbox.log.reset()
    return env.run("run", "mirror", *args)


@pytest.fixture
def settled(env):
    """A mirrored board whose ledger says that no run left notes half-written: the first change made
    the ledger (no ledger, no trust: a person may have closed it with its record)."""
    env.run("run", "mirror")
    change(env, STAGES[0])
    assert env.sandbox.log.by_route()[NOTES_READ] == 1
    assert record(env) == notes_recheck.NONE
    return env


def test_a_change_on_a_settled_board_posts_its_note_without_reading_notes(settled):
    env = settled
    result = change(env, STAGES[1])
    assert NOTES_READ not in env.sandbox.log.by_route()
    assert "sa-triage:changed" in result.out and "posted (new by the issue's record" in result.out
    assert len(changed_notes(env)) == 2
    assert record(env) == notes_recheck.NONE


def test_an_update_that_failed_after_its_note_is_recorded_and_the_next_run_reads_the_notes(settled):
    env = settled
    env.sandbox.faults.configure(fail_next=[{"status": 403, "route": ISSUE_PUT}])  # the issue's update
    result = change(env, STAGES[1])
    assert result.code == 1 and "GitLab answered 403" in result.out
    iid = the_issue(env)["iid"]
    assert record(env) == notes_recheck.Recheck(False, frozenset({iid}))  # the ledger's PUT went through
    assert len(changed_notes(env)) == 2 and "stage::4-proposal" in the_issue(env)["labels"]
    env.sandbox.log.reset()
    env.run("run", "mirror")  # the same change again: its note is there, found by reading the notes
    assert env.sandbox.log.by_route()[NOTES_READ] == 1
    assert len(changed_notes(env)) == 2 and "stage::5-negotiating" in the_issue(env)["labels"]
    assert record(env) == notes_recheck.NONE  # settled: the next change is trusted again
    change(env, STAGES[2])
    assert NOTES_READ not in env.sandbox.log.by_route() and len(changed_notes(env)) == 3


def test_a_run_stopped_after_the_note_is_recorded(settled):
    env = settled
    change(env, STAGES[1], "--max-writes", "1")
    assert len(changed_notes(env)) == 2 and record(env).covers(the_issue(env)["iid"])
    env.sandbox.log.reset()
    env.run("run", "mirror")
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2


def test_a_run_that_died_after_the_note_has_every_issue_read_again(settled, monkeypatch):
    """Killed between the note and the update: its lock stays, and the run that clears it records that
    any issue may be half-written, before it clears it. The notes are read until a run settles that."""
    env = settled

    def die(self, x):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:  # the process dies: no record written, the lock left held
        m.setattr(Gateway, "_apply_UpdateIssue", die)
        m.setattr("bots.runner.Runner.close", lambda self: None)
        m.setenv("SA_TRIAGE_LOCK_TTL_SECONDS", "0")  # and its time-to-live has run out since
        assert change(env, STAGES[1]).code == 1  # click's "Aborted!"
    assert len(changed_notes(env)) == 2
    assert LOCK_LABEL in {x["name"] for x in env.sandbox.labels(PROJECT)}
    env.sandbox.log.reset()
    assert env.run("run", "mirror").code == 1  # the export's four bad rows
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2
    assert "stage::5-negotiating" in the_issue(env)["labels"]
    # Recorded after this run's snapshot, so this run does not settle it: the next change's run does.
    assert record(env) == notes_recheck.EVERY
    change(env, STAGES[2])
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and record(env) == notes_recheck.NONE
    change(env, STAGES[3])
    assert NOTES_READ not in env.sandbox.log.by_route() and len(changed_notes(env)) == 4


def test_a_run_interrupted_after_the_note_records_every_issue_before_it_lets_go(settled, monkeypatch):
    """An exception between the note and the update (here Ctrl-C): the run cannot tell which issues
    it left half-written, so it records every one, then releases the lock."""
    env = settled
    update = Gateway._apply_UpdateIssue
    calls: list[int] = []

    def interrupted(self, x):
        calls.append(x.iid)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return update(self, x)  # the ledger's record, as the run lets go

    with monkeypatch.context() as m:
        m.setattr(Gateway, "_apply_UpdateIssue", interrupted)
        assert change(env, STAGES[1]).code == 1
    assert calls == [the_issue(env)["iid"], ledger(env)["iid"]]
    assert record(env) == notes_recheck.EVERY and len(changed_notes(env)) == 2
    assert LOCK_LABEL not in {x["name"] for x in env.sandbox.labels(PROJECT)}
    env.sandbox.log.reset()
    env.run("run", "mirror")  # the same change: read, found, not posted again; settled
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2
    assert record(env) == notes_recheck.NONE


def test_a_ledger_without_the_record_vouches_for_nothing_until_a_run_settles_it(env):
    """A ledger issue of the release before this record: any issue may be half-written."""
    env.run("run", "mirror")
    env.sandbox.add_issue(PROJECT, bot_ledger.TITLE, author=BOT_USERNAME, description=(
        markers.owned_block(markers.issue_key_marker(bot_ledger.KEY)) + "\n"))
    assert record(env) == notes_recheck.EVERY
    change(env, STAGES[0])
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and record(env) == notes_recheck.NONE
    change(env, STAGES[1])
    assert NOTES_READ not in env.sandbox.log.by_route()


def test_a_closed_ledger_vouches_for_nothing_and_a_new_one_is_made(settled):
    env = settled
    human(env, "maria.garcia", "PUT", f"/issues/{ledger(env)['iid']}", state_event="close")
    change(env, STAGES[1])
    assert env.sandbox.log.by_route()[NOTES_READ] == 1
    assert writes_by_route(env)["POST /projects/:id/issues"] == 1
    assert record(env) == notes_recheck.NONE  # on the new one


def test_an_issue_written_since_the_planners_snapshot_is_not_trusted(settled):
    """Another run (or a person) wrote the issue after the plan's snapshot: its notes are read."""
    env = settled
    gateway = Gateway(env.url, env.token, PROJECT)
    gateway.connect()
    gateway.state_key = markers.state_key(env.token)
    issue, book = the_issue(env), ledger(env)
    marker = markers.note_marker("changed", "0" * 16)
    note = UpsertNote(issue["iid"], marker, markers.with_marker(marker, "changed"), proven_absent=True,
                      seen="2020-01-01T00:00:00+00:00")
    gateway.hold_exclusive(True)
    gateway.begin_plan((note,), book["iid"])
    env.sandbox.log.reset()
    assert gateway.apply(note) == "posted"
    routes = env.sandbox.log.by_route()
    assert routes[NOTES_READ] == 1 and routes["GET /projects/:id/issues"] == 1  # the issue and ledger
    assert gateway.notes_rechecked == {issue["iid"]}
    # The same, as the issue is now, in a run that has not read its notes: posted without a read.
    trusted = UpsertNote(issue["iid"], marker + "x", "body", proven_absent=True,
                         seen=env.sandbox.issue(PROJECT, issue["iid"])["updated_at"])
    gateway.hold_exclusive(False)
    gateway.hold_exclusive(True)
    gateway.begin_plan((trusted,), book["iid"])
    env.sandbox.log.reset()
    assert gateway.apply(trusted).startswith("posted (new by the issue's record")
    assert NOTES_READ not in env.sandbox.log.by_route()


def test_a_one_issue_run_that_fails_after_the_note_records_it_on_the_ledger_it_looks_up(settled, tmp_path):
    """`sa-triage react` sees only its issue, so it trusts no proof (no ledger in its snapshot) and
    reads the notes; when its update fails after the note, it finds the ledger with one search and
    records the issue there (not on a second ledger)."""
    env = settled
    enable(env)
    assert env.run("setup").code == 0
    issue = the_issue(env)
    edit_row(env, ACCOUNT, Stage=STAGES[1])
    count = len(pipelines(env))
    as_user("maria.garcia", env).issues.update(issue["iid"], {"add_labels": "customer-call"})
    (event,) = pipelines(env)[count:]
    env.sandbox.faults.configure(fail_next=[{"status": 403, "route": ISSUE_PUT}])
    env.sandbox.log.reset()
    result, _, _ = react_on(env, event["variables"]["TRIGGER_PAYLOAD"], tmp_path)
    assert result.code == 1 and "GitLab answered 403" in result.out, result.text
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2
    assert record(env) == notes_recheck.Recheck(False, frozenset({issue["iid"]}))  # one open ledger
    env.sandbox.log.reset()
    env.run("run", "mirror")
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2
    assert record(env) == notes_recheck.NONE


@pytest.mark.parametrize("route", [ISSUE_PUT, "GET /projects/:id/issues/:issue_iid"])
def test_a_dead_runs_lock_stays_when_its_record_cannot_be_written(settled, route):
    """Clearing the lock of a run that died without recording it would let the next runs trust what
    that run may have left half-written: the lock stays, and the run says why (the ledger's read or
    its update refused)."""
    env = settled
    env.sandbox.add_label(PROJECT, LOCK_LABEL, description=(
        "held by sa-triage run deadbeef0000 (run mirror) until 2020-01-01T00:00:00+00:00; do not use"))
    env.sandbox.faults.configure(fail_next=[{"status": 403, "route": route}])
    result = change(env, STAGES[1])
    assert result.code == 1
    assert "expired" in result.out and "was not cleared" in result.out and "403" in result.out, result.out
    assert LOCK_LABEL in {x["name"] for x in env.sandbox.labels(PROJECT)}
    assert len(changed_notes(env)) == 1 and record(env) == notes_recheck.NONE  # nothing written
    env.sandbox.log.reset()
    env.run("run", "mirror")
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and len(changed_notes(env)) == 2
    assert record(env) == notes_recheck.EVERY  # recorded after this run's snapshot: the next settles it


@pytest.mark.parametrize(("fault", "posted_at_once"), [
    ({"status": 503, "after": True}, True),  # applied, the reply lost: found by the look that follows
    ({"status": 502}, True),  # not applied: looked for, then sent again
    ({"status": 429, "headers": False}, True),  # gitlab.com's note limit: sent again after a backoff
    ({"status": 404}, False),  # the issue gone or hidden meanwhile: a located error, nothing posted
    ({"status": 403}, False),
])
def test_a_proven_note_survives_each_answer_to_its_post_once(settled, monkeypatch, fault, posted_at_once):
    """Posted without a notes read, GitLab answers its POST each way it can: never two notes. A POST
    refused is a located error, and the issue is recorded, so the next run reads its notes before
    trusting anything about it (the update after the note still records the change: as with a note
    posted after a read, the refused note is not sent again)."""
    env = settled
    monkeypatch.setenv("SA_TRIAGE_PACING_WINDOW_SECONDS", "0.4")  # a 429's backoff: an eighth of it
    env.sandbox.faults.configure(fail_next=[{**fault, "route": "POST /projects/:id/issues/:issue_iid/notes"}])
    result = change(env, STAGES[1])
    assert env.sandbox.log.by_status().get(fault["status"]) == 1
    assert len(changed_notes(env)) == (2 if posted_at_once else 1), result.text
    assert "stage::5-negotiating" in the_issue(env)["labels"]
    iid = the_issue(env)["iid"]
    left = notes_recheck.NONE if posted_at_once else notes_recheck.Recheck(False, frozenset({iid}))
    assert record(env) == left
    if not posted_at_once:
        assert f"GitLab answered {fault['status']}" in result.out
    change(env, STAGES[2])
    assert env.sandbox.log.by_route().get(NOTES_READ, 0) == (0 if posted_at_once else 1)
    assert len(changed_notes(env)) == (3 if posted_at_once else 2) and record(env) == notes_recheck.NONE


@pytest.mark.parametrize(("fault", "read"), [
    ({"status": 502}, True),  # python-gitlab's bounded retries of a read
    ({"status": 429, "headers": False}, True),
    ({"status": 404}, False),
    ({"status": 403}, False),
])
def test_the_batch_read_before_the_writes_survives_each_answer(settled, fault, read):
    """The plan's issues read again in one `iids[]` list: a refusal is a located error before
    anything is written; a transient answer is retried."""
    env = settled
    gateway = Gateway(env.url, env.token, PROJECT)
    gateway.connect()
    gateway.state_key = markers.state_key(env.token)
    issue = env.sandbox.issue(PROJECT, the_issue(env)["iid"])
    marker = markers.note_marker("changed", "1" * 16)
    note = UpsertNote(issue["iid"], marker, markers.with_marker(marker, "changed"), proven_absent=True,
                      seen=issue["updated_at"])
    gateway.hold_exclusive(True)
    gateway.begin_plan((note,), ledger(env)["iid"])
    env.sandbox.faults.configure(fail_next=[{**fault, "route": "GET /projects/:id/issues"}])
    env.sandbox.log.reset()
    if read:
        assert gateway.apply(note).startswith("posted (new by the issue's record")
        assert env.sandbox.log.by_route()["GET /projects/:id/issues"] == 2
    else:
        with pytest.raises(SaTriageError, match=f"GitLab answered {fault['status']}"):
            gateway.apply(note)
        assert env.writes() == 0


def test_the_record_goes_on_the_ledger_made_earlier_in_the_run(env):
    """No ledger issue at the snapshot: clearing a dead run's lock makes it (with its record), and
    the run's own record is then read from that one (the board as its writes left it), not made
    again on a second ledger issue."""
    env.run("run", "mirror")
    env.sandbox.add_label(PROJECT, LOCK_LABEL, description=(
        "held by sa-triage run deadbeef0000 (run mirror) until 2020-01-01T00:00:00+00:00; do not use"))
    result = change(env, STAGES[0])
    assert [i["iid"] for i in env.sandbox.issues(PROJECT) if i["title"] == bot_ledger.TITLE] \
        == [ledger(env)["iid"]]
    assert "every issue (created #" in result.out and "skipped" not in result.out, result.out
    assert env.sandbox.log.by_route()[NOTES_READ] == 1 and record(env) == notes_recheck.EVERY
