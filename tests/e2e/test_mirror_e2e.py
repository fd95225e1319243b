"""The mirror end to end: sample export → issues, idempotent re-runs, changes, hostile rows, overlap."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bots.sources.sfid import checksum
from tests.e2e.conftest import BUSINESS_HOURS

pytestmark = pytest.mark.e2e
SAMPLE = Path("bots/data/sample_requests.csv")
ROSTER_HANDLES = {"jordan.lee", "priya.shah", "sam.taylor", "lukas.weber", "sofia.rossi",
                  "commercial-sa-amer", "commercial-sa-emea"}


def mirrored(env) -> dict[str, dict]:
    """Open and closed issues of the project, keyed by title."""
    return {i["title"]: i for i in env.sandbox.issues("commercial/triage")}


def edit_row(env, account: str, **changes: str) -> None:
    path = env.repo / SAMPLE
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    (row,) = [r for r in rows if r["Account Name"] == account]
    row.update(changes)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def bot_notes(env, iid: int) -> list[dict]:
    return [n for n in env.sandbox.notes("commercial/triage", iid) if not n["system"]]


def writes_by_route(env) -> Counter:
    return Counter({k: v for k, v in env.sandbox.log.by_route().items() if not k.startswith("GET")})


def rerun_writes_nothing(env, *args: str) -> None:
    """The mirror again: it runs to its end with nothing to do (the export's four bad rows aside),
    and writes nothing (not a run that failed before it could write)."""
    env.sandbox.log.reset()
    again = env.run("run", "mirror", *args)
    assert again.code == 1 and "   0 action(s), 4 failure(s), " in again.out, again.text
    assert env.writes() == 0, writes_by_route(env)


def test_sample_export_mirrored_with_labels_and_bad_rows_reported(env):
    result = env.run("run", "mirror")
    assert result.code == 1  # four bad rows
    for row in (8, 14, 28, 32):
        assert f"sample_requests.csv row {row}:" in result.out
    issues = mirrored(env)
    assert len(issues) == 35  # 38 good rows, minus one withdrawn and two closed won
    by_account = {t.split(": ", 1)[1].split(" — ")[0]: i for t, i in issues.items()}
    assert "Silverbirch Retail" not in by_account
    wildflower = set(by_account["Wildflower Media"]["labels"])
    assert {"region::AMER", "segment::first-order", "stage::2-scoping", "triage::new",
            "sa-request"} <= wildflower
    assert any("fast-track" in i["labels"] for i in issues.values())
    tallgrass = by_account["Tallgrass Analytics"]
    assert "needs-info" in tallgrass["labels"]
    (note,) = bot_notes(env, tallgrass["iid"])
    assert "Compelling event" in note["body"] and "@priya.shah" in note["body"]
    for issue in issues.values():
        scoped = [x.split("::")[0] for x in issue["labels"] if "::" in x]
        assert len(scoped) == len(set(scoped)), issue["labels"]


def test_first_mirror_cost_and_second_run_zero_writes(env):
    env.run("run", "mirror")
    routes = writes_by_route(env)
    assert routes["POST /projects/:id/issues"] == 35
    reads_first = env.reads()
    assert reads_first <= 1 + 2 + 2 + 3  # project+user, issue list, lock check, create re-check
    env.sandbox.log.reset()
    second = env.run("run", "mirror")
    assert second.code == 1
    assert env.writes() == 0, writes_by_route(env)
    assert env.reads() <= 2 + 1  # user, project, one page of issues (35 < 100)


def test_changed_stage_is_one_issue_update_and_one_note(env):
    """The change's note is new (the issue's signed state shows the request before it): posted without
    reading the issue's notes, once the bot's ledger issue vouches that no run left notes half-written
    (bots/notes_recheck.py). The first change on a board without a ledger reads them, and makes it."""
    notes_read = "GET /projects/:id/issues/:issue_iid/notes"
    env.run("run", "mirror")
    edit_row(env, "Cedar Ridge Health", Stage="4-Proposal")  # Named: any stage is in scope
    env.sandbox.log.reset()
    env.run("run", "mirror")
    assert env.sandbox.log.by_route()[notes_read] == 1
    assert writes_by_route(env)["POST /projects/:id/issues"] == 1  # the ledger, with its record
    edit_row(env, "Cedar Ridge Health", Stage="5-Negotiating")
    env.sandbox.log.reset()
    env.run("run", "mirror")
    routes = writes_by_route(env)
    assert routes["PUT /projects/:id/issues/:issue_iid"] == 1
    assert routes["POST /projects/:id/issues/:issue_iid/notes"] == 1
    assert sum(v for k, v in routes.items() if "/issues" in k) == 2
    reads = env.sandbox.log.by_route()
    assert notes_read not in reads and "GET /projects/:id/issues/:issue_iid" not in reads
    assert reads["GET /projects/:id/issues"] == 2  # the open list; the issue and the ledger by iid
    issue = next(i for t, i in mirrored(env).items() if "Cedar Ridge" in t)
    assert "stage::5-negotiating" in issue["labels"] and "stage::4-proposal" not in issue["labels"]
    changed = [n["body"] for n in env.sandbox.notes("commercial/triage", issue["iid"])
               if not n["system"] and "Salesforce changed" in n["body"]]
    assert len(changed) == 2
    assert "3-Technical Evaluation → **4-Proposal**" in changed[0]
    assert "4-Proposal → **5-Negotiating**" in changed[1]
    rerun_writes_nothing(env)


def test_a_change_with_two_notes_reads_the_issues_notes_once(env):
    """A stage outside the segment's engagement model: the "changed" note and the needs-info note it
    now needs, one re-check read for both (the run holds the lock: only its own writes came between)."""
    env.run("run", "mirror")
    edit_row(env, "Harborview Credit Union", Stage="4-Proposal")  # Territory: 3 only
    env.sandbox.log.reset()
    env.run("run", "mirror")
    routes = env.sandbox.log.by_route()
    notes = {k: routes.get(f"{k} /projects/:id/issues/:issue_iid/notes", 0) for k in ("GET", "POST")}
    assert notes == {"GET": 1, "POST": 2}, routes
    issue = next(i for t, i in mirrored(env).items() if "Harborview" in t)
    bodies = [n["body"] for n in bot_notes(env, issue["iid"])]
    assert sum("Salesforce changed" in b for b in bodies) == 1, bodies
    assert sum("is outside the" in b and "engagement model" in b for b in bodies) == 1, bodies
    rerun_writes_nothing(env)


def test_every_bot_after_changes_reads_each_issues_notes_at_most_once(env):
    """Under the run lock what one bot read or wrote of an issue's notes is what the next bot plans
    over: no issue's notes are listed twice in a run, however many bots write or decide on them."""
    env.run("run")
    for account, stage in (("Harborview Credit Union", "4-Proposal"), ("Cedar Ridge Health", "4-Proposal")):
        edit_row(env, account, Stage=stage)
    env.sandbox.log.reset()
    env.run("run")
    reads = Counter(e["path"] for e in env.sandbox.log.entries
                    if e["method"] == "GET" and e["path"].endswith("/notes"))
    writes = Counter(e["path"] for e in env.sandbox.log.entries
                     if e["method"] == "POST" and e["path"].endswith("/notes"))
    assert writes and max(reads.values()) == 1, (reads, writes)


def test_hostile_rows_run_no_quick_action_and_mention_nobody(env):
    env.run("run", "mirror")
    assert env.sandbox.log.quick_actions == []
    mentioned = {m["mention"].lstrip("@") for m in env.sandbox.log.mentions}
    assert mentioned <= ROSTER_HANDLES, mentioned
    issues = mirrored(env)
    assert all(i["state"] == "opened" for i in issues.values())
    quill = next(i for t, i in issues.items() if "Quillmark" in t)
    assert set(quill["labels"]) >= {"sa-request"} and '"x"' not in str(quill["labels"])


def test_withdrawn_request_gets_a_note_and_is_closed(env):
    env.run("run", "mirror")
    edit_row(env, "Harborview Credit Union", **{"SA Request Status": "Withdrawn"})
    env.run("run", "mirror")
    issue = next(i for t, i in mirrored(env).items() if "Harborview" in t)
    assert issue["state"] == "closed" and "triage::new" not in issue["labels"]
    assert any("withdrawn" in n["body"] for n in env.sandbox.notes("commercial/triage", issue["iid"]))


def test_two_overlapping_runs_create_no_duplicate(env):
    env.sandbox.faults.configure(latency=0.01)
    # at a time both regions are open (as Env.run): the needs-info notes wait for business hours
    cmd = [sys.executable, "-m", "bots", "--config", str(env.config), "run", "mirror",
           "--now", BUSINESS_HOURS]
    child_env = {**os.environ, "GITLAB_URL": env.url, "GITLAB_TOKEN": env.token}
    runs = [subprocess.Popen(cmd, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [r.communicate(timeout=240)[0] for r in runs]
    assert [r.returncode for r in runs] == [1, 1], outputs
    keys = Counter(checksum_key(i) for i in env.sandbox.issues("commercial/triage"))
    assert len(keys) == 35 and max(keys.values()) == 1
    markers = Counter((i["iid"], n["body"].split("\n")[0])
                      for i in env.sandbox.issues("commercial/triage") for n in bot_notes(env, i["iid"]))
    assert markers and max(markers.values()) == 1


def checksum_key(issue: dict) -> str:
    text = issue["description"]
    key = text.split("sa-triage:key ", 1)[1].split(" ", 1)[0]
    assert len(key) == 18 and checksum(key[:15]) == key[15:]
    return key


def test_max_writes_stops_cleanly_and_the_next_run_continues(env):
    first = env.run("run", "mirror", "--max-writes", "10")
    assert "stopped at --max-writes" in first.out and "action(s) pending for the next run" in first.out
    created_first = len(mirrored(env))
    assert 1 <= created_first < 35
    env.run("run", "mirror")
    keys = Counter(checksum_key(i) for i in env.sandbox.issues("commercial/triage"))
    assert len(keys) == 35 and max(keys.values()) == 1
    rerun_writes_nothing(env)


def test_dry_run_plans_the_mirror_but_writes_nothing(env, tmp_path):
    report = tmp_path / "plan.json"
    result = env.run("run", "mirror", "--dry-run", "--json", str(report))
    assert "would create issue" in result.out and env.writes() == 0
    import json
    data = json.loads(report.read_text())
    (job,) = data["jobs"]
    assert data["dry_run"] and len(job["actions"]) == 35 and len(job["problems"]) == 4
    assert env.token not in report.read_text()


def test_a_5xx_after_gitlab_applied_the_create_makes_no_duplicate(env):
    env.sandbox.faults.configure(fail_next=[
        {"status": 502, "route": "POST /projects/:id/issues", "after": True},
        {"status": 503, "route": "POST /projects/:id/issues/:issue_iid/notes", "after": True},
        {"status": 500, "route": "POST /projects/:id/issues", "after": False},
    ])
    env.run("run", "mirror")
    keys = Counter(checksum_key(i) for i in env.sandbox.issues("commercial/triage"))
    assert len(keys) == 35 and max(keys.values()) == 1
    firsts = Counter((i["iid"], n["body"].split("\n")[0])
                     for i in env.sandbox.issues("commercial/triage") for n in bot_notes(env, i["iid"]))
    assert max(firsts.values()) == 1
    statuses = env.sandbox.log.by_status()
    assert statuses.get(502) == 1 and statuses.get(503) == 1 and statuses.get(500) == 1
    rerun_writes_nothing(env)


def test_paced_writes_stay_under_gitlab_com_limits(env, monkeypatch):
    # gitlab.com: 60 notes and 200 issue creations a minute; here the same shape in 2-second windows.
    env.sandbox.limits.configure(gitlab_com=True, period=2.0, notes=10, issues=20)
    monkeypatch.setenv("SA_TRIAGE_NOTES_PER_MINUTE", "9")
    monkeypatch.setenv("SA_TRIAGE_ISSUES_PER_MINUTE", "18")
    monkeypatch.setenv("SA_TRIAGE_PACING_WINDOW_SECONDS", "2")
    env.run("run", "mirror")
    assert len(mirrored(env)) == 35
    assert 429 not in env.sandbox.log.by_status()


def test_unpaced_writes_do_hit_the_limits(env, monkeypatch):
    # The control: without pacing the same run is throttled; the gateway waits (an eighth of the
    # limits' window, doubling: these 429s carry no Retry-After) and sends the create again.
    env.sandbox.limits.configure(gitlab_com=True, period=2.0, notes=10, issues=20)
    monkeypatch.setenv("SA_TRIAGE_PACING_WINDOW_SECONDS", "2")  # no per-minute limits: no pacing
    env.run("run", "mirror")
    assert env.sandbox.log.by_status().get(429, 0) > 0
    keys = Counter(checksum_key(i) for i in env.sandbox.issues("commercial/triage"))
    assert len(keys) == 35 and max(keys.values()) == 1
