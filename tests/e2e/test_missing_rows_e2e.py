"""Issue 11 end to end: a row gone from the export is counted for `mirror.missing_runs` runs, then its
issue is flagged and closed with one note; a row back resets the count, or reopens the issue the bot
closed; reruns write nothing."""

from __future__ import annotations

import csv

import pytest

from bots import bot_ledger, markers
from bots.mirror import closed_known
from gitlab_sandbox.demo import BOT_USERNAME
from tests.e2e.test_mirror_e2e import SAMPLE, bot_notes, mirrored, rerun_writes_nothing, writes_by_route
from tests.e2e.test_slo_e2e import PROJECT, human

pytestmark = pytest.mark.e2e
RUNS = ("2026-12-01T15:00:00Z", "2026-12-01T15:15:00Z", "2026-12-01T15:30:00Z", "2026-12-01T15:45:00Z")


def drop_row(env, account: str) -> list[str]:
    """Remove `account`'s row from the export; the file's lines before, to put it back."""
    path = env.repo / SAMPLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if f",{account}," not in x and not x.startswith(f"{account},")),
                    encoding="utf-8")
    return lines


def account_issue(env, account: str) -> dict:
    (issue,) = [i for t, i in mirrored(env).items() if f": {account} — " in t]
    return issue


def issue_writes(env) -> dict[str, int]:
    """Writes to issues and notes (the run lock's label aside)."""
    return {k: v for k, v in writes_by_route(env).items() if "/labels" not in k}


def run_mirror(env, at: str):
    env.sandbox.log.reset()
    return env.run("run", "mirror", "--now", at)


def test_a_row_missing_three_runs_is_flagged_and_closed_once(env):
    run_mirror(env, RUNS[0])
    account = "Wildflower Media"
    with (env.repo / SAMPLE).open(encoding="utf-8") as f:
        assert any(r["Account Name"] == account for r in csv.DictReader(f))
    drop_row(env, account)
    for at in RUNS[1:3]:
        run_mirror(env, at)
        assert issue_writes(env) == {"PUT /projects/:id/issues/:issue_iid": 1}  # the count only
        assert account_issue(env, account)["state"] == "opened"
        rerun_writes_nothing(env, "--now", at)  # a rerun of the same run counts nothing
    run_mirror(env, RUNS[3])
    issue = account_issue(env, account)
    assert issue["state"] == "closed" and "not-in-source" in issue["labels"]
    assert "triage::new" not in issue["labels"]
    (note,) = [n for n in bot_notes(env, issue["iid"]) if "left-source" in n["body"]]
    assert "Not in the export for 3 runs in a row" in note["body"]
    assert "@" not in note["body"]
    assert "sa-triage:absent" in issue["description"]
    rerun_writes_nothing(env, "--now", "2026-12-01T16:00:00Z")


def test_a_row_back_after_its_issue_was_closed_reopens_it_once(env):
    run_mirror(env, RUNS[0])
    account = "Wildflower Media"
    lines = drop_row(env, account)
    for at in RUNS[1:]:
        run_mirror(env, at)
    assert account_issue(env, account)["state"] == "closed"
    (env.repo / SAMPLE).write_text("".join(lines), encoding="utf-8")
    run_mirror(env, "2026-12-01T16:00:00Z")
    assert issue_writes(env) == {"POST /projects/:id/issues/:issue_iid/notes": 1,
                                 "PUT /projects/:id/issues/:issue_iid": 1}
    issue = account_issue(env, account)
    assert issue["state"] == "opened" and "not-in-source" not in issue["labels"]
    assert "triage::new" in issue["labels"] and "sa-triage:absent" not in issue["description"]
    (note,) = [n for n in bot_notes(env, issue["iid"]) if "Back in the source" in n["body"]]
    assert "@" not in note["body"]
    rerun_writes_nothing(env, "--now", "2026-12-01T16:15:00Z")


def test_a_row_back_before_the_last_run_resets_the_count(env):
    run_mirror(env, RUNS[0])
    account = "Wildflower Media"
    lines = drop_row(env, account)
    run_mirror(env, RUNS[1])
    run_mirror(env, RUNS[2])
    (env.repo / SAMPLE).write_text("".join(lines), encoding="utf-8")
    run_mirror(env, RUNS[3])
    assert issue_writes(env) == {"PUT /projects/:id/issues/:issue_iid": 1}  # the reset
    issue = account_issue(env, account)
    assert "sa-triage:absent" not in issue["description"] and issue["state"] == "opened"
    rerun_writes_nothing(env, "--now", "2026-12-01T16:00:00Z")


def test_a_truncated_export_closes_nothing_and_says_so(env):
    """A download cut at half its rows, for more runs than `mirror.missing_runs`: nothing is counted,
    flagged or closed, and every run names the export and how many rows it lacks."""
    run_mirror(env, RUNS[0])
    before = {t: (i["state"], tuple(i["labels"])) for t, i in mirrored(env).items()}
    path = env.repo / SAMPLE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:len(lines) // 2]), encoding="utf-8")
    for at in RUNS[1:]:
        result = run_mirror(env, at)
        assert result.code == 1 and "missing at once" in result.out and "looks truncated" in result.out
        assert issue_writes(env) == {}
    assert {t: (i["state"], tuple(i["labels"])) for t, i in mirrored(env).items()} == before
    path.write_text("".join(lines), encoding="utf-8")  # the next download is whole: nothing to undo
    assert run_mirror(env, "2026-12-01T16:00:00Z").code in (0, 1) and issue_writes(env) == {}


ACCOUNTS = ("Wildflower Media", "Ironleaf Robotics")


def person_closed(env, *, ledger_issue: bool = True) -> dict | None:
    """Two live requests' issues closed by a person, 250 closed ones of history, a ledger issue (none
    yet with `ledger_issue=False`: an install without the SLO bot, which would have made it)."""
    run_mirror(env, RUNS[0])
    ledger = env.sandbox.add_issue(PROJECT, "sa-triage: ledger", author=BOT_USERNAME, description=(
        markers.owned_block(markers.issue_key_marker(bot_ledger.KEY)) + "\n")) if ledger_issue else None
    for n in range(250):  # closed history: listing it (3 pages) costs more than two searches
        env.sandbox.add_issue(PROJECT, f"old request {n}", author=BOT_USERNAME, state="closed")
    for account in ACCOUNTS:
        iid = account_issue(env, account)["iid"]
        human(env, "maria.garcia", "PUT", f"/issues/{iid}", state_event="close")
    return ledger


def test_a_live_request_whose_issue_a_person_closed_is_looked_up_once_then_fetched_by_iid(env):
    """The closed issue of a live request is searched for once and recorded on the ledger issue;
    the runs after fetch them all with one `iids[]` list instead of a search each, and write nothing."""
    ledger = person_closed(env)
    assert ledger is not None
    accounts = ACCOUNTS
    lists = "GET /projects/:id/issues"
    run_mirror(env, RUNS[1])
    # The open list, the closed count, one search per request; then the ledger's record, its
    # description read again right before the edit by an `iids[]` list (bots/gateway/fresh.py).
    assert env.sandbox.log.by_route()[lists] == 1 + 1 + len(accounts) + 1
    assert "GET /projects/:id/issues/:issue_iid" not in env.sandbox.log.by_route()
    assert issue_writes(env) == {"PUT /projects/:id/issues/:issue_iid": 1}
    record = env.sandbox.issue(PROJECT, ledger["iid"])["description"]
    assert f"sa-triage:{closed_known.KIND}" in record
    for at in RUNS[2:]:
        run_mirror(env, at)
        assert env.sandbox.log.by_route()[lists] == 1 + 1  # the open list, and both by iid at once
        assert env.writes() == 0
    assert all(account_issue(env, a)["state"] == "closed" for a in accounts)


def test_without_a_ledger_issue_the_mirror_makes_it_with_its_record_and_fetches_by_iid_after(env):
    """No SLO bot has made the ledger issue: the first record makes it (one issue create, with the
    ledger's key, so the SLO bot would find and share it), and the runs after fetch by iid."""
    person_closed(env, ledger_issue=False)
    lists = "GET /projects/:id/issues"
    run_mirror(env, RUNS[1])
    assert issue_writes(env) == {"POST /projects/:id/issues": 1}
    (made,) = [i for i in env.sandbox.issues(PROJECT) if markers.issue_key_marker(bot_ledger.KEY)
               in (i["description"] or "")]
    assert made["title"] == bot_ledger.TITLE and made["author"]["username"] == BOT_USERNAME
    assert f"sa-triage:{closed_known.KIND}" in made["description"] and made["labels"] == []
    for at in RUNS[2:]:
        run_mirror(env, at)
        assert env.sandbox.log.by_route()[lists] == 1 + 1 and env.writes() == 0
    assert len([i for i in env.sandbox.issues(PROJECT) if i["title"] == bot_ledger.TITLE]) == 1


@pytest.mark.parametrize("fault", [
    {"status": 503, "after": True},  # made, the reply lost: found by its key, not made twice
    {"status": 502},
    {"status": 429, "headers": False},
    {"status": 403},
    {"status": 404},
])
def test_the_ledger_issue_the_mirror_makes_survives_each_answer_and_is_made_once(env, fault):
    person_closed(env, ledger_issue=False)
    env.sandbox.faults.configure(fail_next=[{**fault, "route": "POST /projects/:id/issues"}])
    first = run_mirror(env, RUNS[1])
    assert env.sandbox.log.by_status().get(fault["status"]) == 1
    if fault["status"] in (403, 404):
        assert f"{fault['status']}" in first.text  # refused: said, and made by the next run
    run_mirror(env, RUNS[2])
    made = [i for i in env.sandbox.issues(PROJECT) if i["title"] == bot_ledger.TITLE]
    assert len(made) == 1 and f"sa-triage:{closed_known.KIND}" in made[0]["description"]
    rerun_writes_nothing(env, "--now", RUNS[3])


@pytest.mark.parametrize("fault", [
    {"status": 503, "after": True},  # applied, the reply lost: sent again, the same record
    {"status": 502},
    {"status": 429, "headers": False},
    {"status": 404},  # the ledger gone meanwhile: a located error, the searches go on
    {"status": 403},
])
def test_the_ledger_record_survives_each_answer_and_is_written_once(env, fault):
    ledger = person_closed(env)
    assert ledger is not None
    env.sandbox.faults.configure(fail_next=[{**fault, "route": "PUT /projects/:id/issues/:issue_iid"}])
    first = run_mirror(env, RUNS[1])
    assert env.sandbox.log.by_status().get(fault["status"]) == 1
    assert first.code == 1  # the export's bad rows, or them and the write GitLab refused
    written = f"sa-triage:{closed_known.KIND}" in env.sandbox.issue(PROJECT, ledger["iid"])["description"]
    assert written is (fault["status"] not in (403, 404)), first.text
    if not written:
        assert f"{fault['status']}" in first.text
    run_mirror(env, RUNS[2])  # records it now if the write was refused
    record = env.sandbox.issue(PROJECT, ledger["iid"])["description"]
    assert record.count(f"sa-triage:{closed_known.KIND}") == 1
    rerun_writes_nothing(env, "--now", RUNS[3])
