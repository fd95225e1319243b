"""The SLO bot end to end: a week of Thanksgiving 2026 stepped through the sandbox with the real CLI.

Three Salesforce requests (a small CSV written here) and one ephemeral Slack channel form. After each
step: the exact SLO notes (by marker, active or resolved, and whom they mention) and `slo::` labels of
every issue; then the same step again, which must write nothing. Overlapping runs post no duplicate.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from bots.markers import read_signed_comment, state_key
from bots.slo import ledger, record
from gitlab_sandbox.demo import user_token
from gitlab_sandbox.mentions import find_mentions
from tests.factories import ROOT

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
CSV = Path("bots/data/sample_requests.csv")
BOT = "sa-triage-bot"

ACME = {"Account Name": "Acme Robotics", "Opportunity Name": "Acme - CI/CD consolidation",
        "Opportunity Owner": "Jordan Lee", "Owner Email": "jordan.lee@example.com", "Region": "AMER",
        "Segment": "Named", "Stage": "3-Technical Evaluation", "Close Date": "2027-02-26",
        "Net ARR": "$40,000.00", "SA Request Date": "2026-11-20T21:00:00Z",
        "Meeting Date": "2026-11-30T17:00:00Z", "Meeting Type": "Demo"}
BIRCH = {"Account Name": "Birchwood Energy", "Opportunity Name": "Birchwood - DevSecOps",
         "Opportunity Owner": "Lukas Weber", "Owner Email": "lukas.weber@example.com", "Region": "EMEA",
         "Segment": "Named", "Stage": "3-Technical Evaluation", "Close Date": "2027-01-29",
         "Net ARR": "$80,000.00", "SA Request Date": "2026-11-23T09:30:00Z",
         "Meeting Date": "2026-11-23T15:00:00Z", "Meeting Type": "Demo",
         "SA Validated Tech Eval Close Details": ""}
COBALT = {"Account Name": "Cobalt Systems", "Opportunity Name": "Cobalt - Jenkins replacement",
          "Opportunity Owner": "Sofia Rossi", "Owner Email": "sofia.rossi@example.com", "Region": "EMEA",
          "Segment": "Mid-Market Territory", "Stage": "3-Technical Evaluation", "Close Date": "2026-12-31",
          "Net ARR": "$30,000.00", "SA Request Date": "2026-11-19T12:00:00Z", "Meeting Date": "",
          "Meeting Type": ""}
SLACK_FORM = ("### Account\n\nNorthwind Logistics\n\n### Purpose\n\nPOV for an Ultimate upgrade\n\n"
              "### Approving SA\n\n@marco.bianchi\n\n### Creation Date\n\n2026-09-04\n\n"
              "### Close-By Date\n\n2026-12-01\n")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_requests(env, *changes: dict[str, str]) -> None:
    """Our three requests, on top of real rows of the sample export (valid ids, full Command Plan)."""
    with (ROOT / CSV).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    template = next(r for r in rows if r["Account Name"] == "Cedar Ridge Health")
    fields = list(rows[0])
    out = []
    for source, overrides in zip(rows[:3], (ACME, BIRCH, COBALT), strict=True):
        row = {**template, "Opportunity ID": source["Opportunity ID"],
               "Opportunity URL": source["Opportunity URL"], **overrides}
        for change in changes:
            if change["Account Name"] == row["Account Name"]:
                row.update(change)
        out.append(row)
    with (env.repo / CSV).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(out)


def human(env, username: str, method: str, path: str, **payload) -> None:
    url = f"{env.url}/api/v4/projects/{PROJECT.replace('/', '%2F')}{path}"
    response = requests.request(method, url, headers={"PRIVATE-TOKEN": user_token(username)}, json=payload,
                                timeout=10)
    response.raise_for_status()


def assign(env, iid: int, username: str, by: str) -> None:
    human(env, by, "PUT", f"/issues/{iid}", assignee_ids=[env.sandbox.store.user_by_username(username)["id"]])


def iids(env) -> dict[str, int]:
    return {("Slack" if "Slack" in i["title"] else i["title"].split(": ", 1)[1].split(" — ")[0]): i["iid"]
            for i in env.sandbox.issues(PROJECT)}


def slo_state(env) -> dict[str, dict]:
    """Per issue: its slo:: labels, and each SLO note as state and the people it mentions."""
    names = {v: k for k, v in iids(env).items()}
    state = {}
    for issue in env.sandbox.issues(PROJECT):
        if issue["title"] == ledger.TITLE:
            continue  # the SLO bot's own state (ledger_state)
        notes = {}
        for n in env.sandbox.notes(PROJECT, issue["iid"]):
            if n["author"]["username"] != BOT or not n["body"].startswith("<!-- sa-triage:slo "):
                continue
            key = n["body"].split(" ", 2)[2].split(" -->", 1)[0]
            assert key not in notes, f"two notes {key} on #{issue['iid']}"
            text = n["body"]
            kind = ("resolved" if "**Resolved:**" in text else "lapsed" if "**No longer applies:**" in text
                    else "active")
            notes[key] = (kind, tuple(find_mentions(text)))
        labels = tuple(sorted(x for x in issue["labels"] if x.startswith("slo::")))
        state[names[issue["iid"]]] = {"labels": labels, "notes": notes}
    return state


def notes_read(env) -> set[str]:
    """The requests (by account) whose notes the logged run read."""
    names = {v: k for k, v in iids(env).items()}
    return {names.get(int(e["path"].split("/issues/")[1].split("/")[0]), "?") for e in env.sandbox.log.entries
            if e["method"] == "GET" and e["route"] == "/projects/:id/issues/:issue_iid/notes"}


def ledger_state(env) -> set[tuple[str, str]]:
    """The (request, level) pairs the SLO bot's ledger issue lists."""
    names = {v: k for k, v in iids(env).items()}
    (issue,) = [i for i in env.sandbox.issues(PROJECT) if i["title"] == ledger.TITLE]
    data = read_signed_comment(issue["description"], ledger.KIND, state_key(env.token)) or {}
    return {(names[int(iid)], level) for iid, levels in data["e"].items() for level in levels}


def ledger_quiet(env) -> dict[str, list[int]]:
    """The requests whose notes the SLO bot's ledger vouches showed no review or follow-up."""
    names = {v: k for k, v in iids(env).items()}
    (issue,) = [i for i in env.sandbox.issues(PROJECT) if i["title"] == ledger.TITLE]
    data = read_signed_comment(issue["description"], ledger.KIND, state_key(env.token)) or {}
    return {names[int(iid)]: at for iid, at in data.get("q", {}).items()}


def seed_board(env, mirror_at: str | None = None) -> None:
    """The Slack-channel form (created 4 Sep) and the sample requests; mirrored at `mirror_at` if given."""
    env.sandbox.clock = lambda: at("2026-09-04T10:00:00")
    env.sandbox.add_issue(PROJECT, "Ephemeral Slack channel: Northwind", author="lena.fischer",
                          description=SLACK_FORM, labels=["form::ephemeral-slack-channel"])
    write_requests(env)
    if mirror_at is not None:
        env.sandbox.clock = lambda: at(mirror_at)
        assert env.run("run", "mirror", "--now", mirror_at + "Z").code == 0


def step(env, when: str) -> None:
    """Run the bots at `when` (GitLab's clock too), then again: the re-run changes nothing (its reads stay
    in the log for the caller to check: user and project, the mirror's list, the SLO bot's two lists,
    plus one notes list per issue the SLO engine must look into). The re-run may write one thing, the
    ledger: the requests the first run wrote to have their notes read again, and those that show no
    review or follow-up are recorded (bots.slo.ledger's quiet entries); then a third run writes nothing."""
    env.sandbox.clock = lambda: at(when)
    result = env.run("run", "mirror", "slo", "--now", when + "Z")
    assert result.code == 0, result.text
    env.sandbox.log.reset()
    again = env.run("run", "mirror", "slo", "--now", when + "Z")
    assert again.code == 0, again.text
    if env.writes():
        assert_only_the_ledger_written(env)
        env.sandbox.log.reset()
        assert env.run("run", "mirror", "slo", "--now", when + "Z").code == 0
    assert env.writes() == 0, (when, env.sandbox.log.by_route())


def assert_only_the_ledger_written(env) -> None:
    """The logged run wrote the SLO bot's ledger issue (and took the run lock to do so), nothing else."""
    (book,) = [i["iid"] for i in env.sandbox.issues(PROJECT) if i["title"] == ledger.TITLE]
    written = {(e["method"], e["path"].split("/api/v4/projects/", 1)[-1].split("/", 1)[-1])
               for e in env.sandbox.log.entries if e["method"] not in ("GET", "HEAD")}
    assert {w for w in written if not w[1].startswith("labels")} == {("PUT", f"issues/{book}")}, written


EMEA_TEAM, AMER_TEAM = ("commercial-sa-emea",), ("commercial-sa-amer",)


def test_a_week_of_slo_reminders_each_posted_once_and_cleared(env):
    seed_board(env)

    # S1 Mon 23 Nov 10:00 UTC: London open, New York closed.
    step(env, "2026-11-23T10:00:00")
    # user, project; the run's one list of open issues; slo: closed this week. No notes: Birchwood's
    # reminders are within the bot's first chance to post them (engine.GRACE), but the run that posted
    # them recorded them in the bot's ledger (bots.slo.ledger); Cobalt's breach (due Fri 12:00) is long
    # past that: its label is trusted
    assert (env.reads(), notes_read(env)) == (2 + 1 + 1, set())
    assert ledger_state(env) == {("Birchwood Energy", "fast-track"), ("Birchwood Energy", "meeting-prep")}
    expected = {
        "Slack": {"labels": ("slo::slack-channel-expiring",),
                  "notes": {"slack-heads-up": ("active", ("marco.bianchi", "lena.fischer"))}},
        "Acme Robotics": {"labels": (), "notes": {}},
        "Birchwood Energy": {"labels": ("slo::fast-track-notified", "slo::meeting-prep-missing"),
                             "notes": {"fast-track": ("active", EMEA_TEAM),
                                       "meeting-prep": ("active", ("lukas.weber",))}},
        "Cobalt Systems": {"labels": ("slo::triage-breached",),
                           "notes": {"triage-breached": ("active", EMEA_TEAM)}},
    }
    assert slo_state(env) == expected
    ids = iids(env)

    env.sandbox.clock = lambda: at("2026-11-23T11:00:00")
    assign(env, ids["Cobalt Systems"], "sophie.martin", by="anna.schmidt")
    assign(env, ids["Birchwood Energy"], "marco.bianchi", by="anna.schmidt")

    # S2 Mon 12:30: both triaged; breach and fast track resolved in place; no escalation for Cobalt.
    step(env, "2026-11-23T12:30:00")
    expected["Cobalt Systems"] = {"labels": (), "notes": {"triage-breached": ("resolved", ())}}
    expected["Birchwood Energy"] = {"labels": ("slo::meeting-prep-missing",),
                                    "notes": {"fast-track": ("resolved", ()),
                                              "meeting-prep": ("active", ("lukas.weber",))}}
    assert slo_state(env) == expected
    key = state_key(env.token)
    cobalt = env.sandbox.issue(PROJECT, ids["Cobalt Systems"])
    t = record.time_to_triage(cobalt["description"], key)
    assert (t.business_hours, t.by, t.breached) == (15.0, "assignment", True)
    assert record.time_to_triage(env.sandbox.issue(PROJECT, ids["Birchwood Energy"])["description"],
                                 key).business_hours == 1.5

    # S3 Mon 21:30: New York open; Acme breached. Birchwood's meeting is over: its reminder lapses.
    step(env, "2026-11-23T21:30:00")
    expected["Acme Robotics"] = {"labels": ("slo::triage-breached",),
                                 "notes": {"triage-breached": ("active", AMER_TEAM)}}
    expected["Birchwood Energy"] = {"labels": (), "notes": {"fast-track": ("resolved", ()),
                                                            "meeting-prep": ("lapsed", ())}}
    assert slo_state(env) == expected

    # S4 Tue 24 09:30: Cobalt's evaluation (deadline Tue 1 Dec) is 5 business days away.
    step(env, "2026-11-24T09:30:00")
    expected["Cobalt Systems"] = {"labels": ("slo::tech-eval-at-risk",),
                                  "notes": {"triage-breached": ("resolved", ()),
                                            "tech-eval-at-risk": ("active", ("sophie.martin",))}}
    assert slo_state(env) == expected

    env.sandbox.clock = lambda: at("2026-11-24T10:00:00")
    human(env, "sophie.martin", "POST", f"/issues/{ids['Cobalt Systems']}/notes",
          body="@lena.fischer could you give the Command Plan a second look?")
    human(env, "sophie.martin", "PUT", f"/issues/{ids['Cobalt Systems']}", add_labels="triage::assigned",
          remove_labels="triage::new")  # she let the AE know (triage step 6)

    # S5 Tue 16:00: Cobalt had its second pair of eyes (recorded, no note) and is on `triage::assigned`;
    # Birchwood needs its SA Judgment (EMEA, $80K, stage 3), its meeting follow-up, and its SA to let
    # the AE know (assigned Mon 11:00: due Tue 11:00).
    step(env, "2026-11-24T16:00:00")
    # Birchwood's notes (is the follow-up there yet?) showed none when last read, and the issue has
    # not changed since: the ledger vouches for them. Acme's breach and Cobalt's evaluation are long
    # past their first chance to be posted: their labels are the bot's
    assert (env.reads(), notes_read(env)) == (4, set())
    assert set(ledger_quiet(env)) == {"Birchwood Energy"}
    expected["Birchwood Energy"] = {
        "labels": ("slo::ae-contact-reminded", "slo::follow-up-missing", "slo::judgment-missing"),
        "notes": {"fast-track": ("resolved", ()), "meeting-prep": ("lapsed", ()),
                  "ae-contact": ("active", ("marco.bianchi",)), "judgment": ("active", ("marco.bianchi",)),
                  "follow-up": ("active", ("marco.bianchi",))}}
    assert slo_state(env) == expected
    assert record.read(env.sandbox.issue(PROJECT, ids["Cobalt Systems"])["description"], key).reviewed

    env.sandbox.clock = lambda: at("2026-11-24T16:30:00")
    human(env, "marco.bianchi", "POST", f"/issues/{ids['Birchwood Energy']}/notes",
          body="## Follow-up\n\nDemo done; POC scoped with the platform team.")
    human(env, "marco.bianchi", "PUT", f"/issues/{ids['Birchwood Energy']}", add_labels="triage::engaged",
          remove_labels="triage::new")
    write_requests(env, {"Account Name": "Birchwood Energy", "Stage": "5-Negotiating",
                         "SA Validated Tech Eval Close Details": "[GREEN] Strong champion, clear use case"})

    # S6 Wed 25 10:00: Salesforce caught up: judgment and follow-up resolved, CSM transition due; the
    # AE contact resolved by the move to `triage::engaged` (a list after `triage::assigned`).
    # Acme's escalation is due (Tue 16:00 EST) but New York is closed: it waits.
    step(env, "2026-11-25T10:00:00")
    # Acme's escalation is due and not shown, but nothing can go out before New York opens: its notes
    # are read then, not now
    assert (env.reads(), notes_read(env)) == (4, set())
    expected["Birchwood Energy"] = {
        "labels": ("slo::csm-transition",),
        "notes": {"fast-track": ("resolved", ()), "meeting-prep": ("lapsed", ()),
                  "ae-contact": ("resolved", ()), "judgment": ("resolved", ()), "follow-up": ("resolved", ()),
                  "csm-transition": ("active", ("marco.bianchi", "lukas.weber"))}}
    assert slo_state(env) == expected

    # S7 Wed 14:00: New York open: Acme escalated to the AMER manager.
    step(env, "2026-11-25T14:00:00")
    expected["Acme Robotics"] = {"labels": ("slo::triage-breached", "slo::triage-escalated"),
                                 "notes": {"triage-breached": ("active", AMER_TEAM),
                                           "triage-escalated": ("active", ("maria.garcia",))}}
    assert slo_state(env) == expected

    env.sandbox.clock = lambda: at("2026-11-25T15:00:00")
    assign(env, ids["Acme Robotics"], "alex.kim", by="maria.garcia")

    # S8 Thanksgiving, 15:00 UTC: both triage notes resolved (edits ping nobody, so they need no
    # business hours); Acme's meeting reminder (due Wed 12:00 EST) waits for New York to reopen.
    step(env, "2026-11-26T15:00:00")
    expected["Acme Robotics"] = {"labels": (), "notes": {"triage-breached": ("resolved", ()),
                                                         "triage-escalated": ("resolved", ())}}
    assert slo_state(env) == expected
    acme = env.sandbox.issue(PROJECT, ids["Acme Robotics"])
    assert record.time_to_triage(acme["description"], key).business_hours == 18.0

    # S9 Fri 27 15:30 UTC (10:30 EST): the AE is asked for the agenda; one gentle second-review nudge
    # and one to let the AE know (assigned Wed 10:00 EST, due Fri 10:00 EST: Thanksgiving skipped).
    step(env, "2026-11-27T15:30:00")
    # Acme's notes (has a reviewer joined? its reminders were just posted) were read by the re-run and
    # showed none: the ledger vouches for them until the issue changes. Cobalt's evaluation reminder
    # is long past its first chance: its label is the bot's
    assert (env.reads(), notes_read(env)) == (4, set())
    assert "Acme Robotics" in ledger_quiet(env)
    expected["Acme Robotics"] = {
        "labels": ("slo::ae-contact-reminded", "slo::meeting-prep-missing", "slo::second-review-reminded"),
        "notes": {"triage-breached": ("resolved", ()), "triage-escalated": ("resolved", ()),
                  "meeting-prep": ("active", ("jordan.lee",)), "second-review": ("active", ("alex.kim",)),
                  "ae-contact": ("active", ("alex.kim",))}}
    assert slo_state(env) == expected
    assert env.sandbox.log.quick_actions == []


def test_overlapping_runs_post_no_duplicate_reminder(env):
    seed_board(env, mirror_at="2026-11-23T10:00:00")
    env.sandbox.faults.configure(latency=0.01)
    cmd = [sys.executable, "-m", "bots", "--config", str(env.config), "run", "slo", "--now",
           "2026-11-23T10:00:00Z"]
    child_env = {**os.environ, "GITLAB_URL": env.url, "GITLAB_TOKEN": env.token}
    runs = [subprocess.Popen(cmd, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(3)]
    outputs = [r.communicate(timeout=240)[0] for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], outputs
    markers = Counter((i["iid"], n["body"].split("\n", 1)[0]) for i in env.sandbox.issues(PROJECT)
                      for n in env.sandbox.notes(PROJECT, i["iid"])
                      if n["body"].startswith("<!-- sa-triage:slo"))
    assert len(markers) == 4 and max(markers.values()) == 1, markers
    env.sandbox.log.reset()
    assert env.run("run", "slo", "--now", "2026-11-23T10:00:00Z").code == 0
    assert env.writes() == 0


def test_explain_prints_each_slo_of_one_issue_and_writes_nothing(env):
    write_requests(env)
    env.sandbox.clock = lambda: at("2026-11-23T10:00:00")
    assert env.run("run", "mirror", "slo", "--now", "2026-11-23T10:00:00Z").code == 0
    cobalt = iids(env)["Cobalt Systems"]
    env.sandbox.log.reset()
    result = env.run("explain", str(cobalt), "--now", "2026-11-23T10:30:00Z")
    assert result.code == 0, result.text
    assert env.writes() == 0 and env.reads() == 2 + 1 + 1  # user, project, the issue, its notes
    lines = result.out.splitlines()
    assert lines[0].startswith(f"#{cobalt} SA Request: Cobalt Systems")
    assert "  triage-breached     DUE  (label slo::triage-breached)" in lines
    assert "                      due          Fri 20 Nov, 12:00 GMT" in lines
    assert "                      reminder     posted, open" in lines
    assert "  tech-eval-at-risk   PENDING" in lines
    missing = env.run("explain", "999")
    assert missing.code == 2 and "issue #999 not found in commercial/triage" in missing.err


def test_notes_read_under_the_run_lock_are_not_read_again_before_the_reminder(env):
    """Mon 23 Nov 21:30 UTC, Acme's triage (due 16:00 EST) is breached while Cobalt's stage changed in
    Salesforce: the mirror writes first and takes the run lock, so the notes the SLO bot then reads
    for Acme's plan are as read when it posts (no other run writes meanwhile): one notes read, one
    reminder, and none again on the re-run."""
    seed_board(env, mirror_at="2026-11-20T22:00:00")
    write_requests(env, {"Account Name": "Cobalt Systems", "Stage": "4-Proposal"})
    env.sandbox.clock = lambda: at("2026-11-23T21:30:00")
    env.sandbox.log.reset()
    assert env.run("run", "mirror", "slo", "--now", "2026-11-23T21:30:00Z").code == 0
    acme = iids(env)["Acme Robotics"]
    calls = [(e["method"], e["route"]) for e in env.sandbox.log.entries
             if e["path"].split("?")[0].endswith(f"/issues/{acme}/notes")]
    assert calls == [("GET", "/projects/:id/issues/:issue_iid/notes"),
                     ("POST", "/projects/:id/issues/:issue_iid/notes")], calls
    assert slo_state(env)["Acme Robotics"]["notes"] == {"triage-breached": ("active", AMER_TEAM)}
    env.sandbox.log.reset()
    assert env.run("run", "mirror", "slo", "--now", "2026-11-23T21:30:00Z").code == 0
    assert env.writes() == 0


@pytest.mark.parametrize(("fault", "posted_at_once"), [
    ({"status": 503, "after": True}, True),  # applied, the reply lost: found by the look that follows
    ({"status": 502}, True),  # not applied: looked for, then sent again
    ({"status": 429, "headers": False}, True),  # gitlab.com's note limit: sent again after a backoff
    ({"status": 404}, False),  # the issue gone or hidden meanwhile: a located error, nothing posted
    ({"status": 403}, False),
])
def test_a_reminder_whose_notes_were_read_under_the_lock_survives_each_answer_once(env, monkeypatch, fault,
                                                                                   posted_at_once):
    """The re-check skipped (the plan's notes read under the run lock), GitLab answers the first
    reminder's POST each way it can: never two notes of one level, and the next run completes it."""
    monkeypatch.setenv("SA_TRIAGE_PACING_WINDOW_SECONDS", "0.4")  # a 429's backoff: an eighth of it
    seed_board(env, mirror_at="2026-11-20T22:00:00")
    write_requests(env, {"Account Name": "Cobalt Systems", "Net ARR": "$45,000.00"})  # a write, no note
    env.sandbox.clock = lambda: at("2026-11-23T21:30:00")
    env.sandbox.faults.configure(fail_next=[{**fault, "route": "POST /projects/:id/issues/:issue_iid/notes"}])
    first = env.run("run", "mirror", "slo", "--now", "2026-11-23T21:30:00Z")
    assert first.code == (0 if posted_at_once else 1), first.text
    assert env.sandbox.log.by_status().get(fault["status"]) == 1
    log = env.sandbox.log.entries
    (hit,) = [n for n, e in enumerate(log) if e["status"] == fault["status"]]
    notes = log[hit]["path"].split("?")[0]
    # the plan's read of that issue's notes, then the POST: no re-check between them
    assert [e["method"] for e in log[:hit] if e["path"].split("?")[0] == notes] == ["GET"]
    state = slo_state(env)  # raises on two notes of one level on an issue
    if posted_at_once:
        assert state["Acme Robotics"]["notes"] == {"triage-breached": ("active", AMER_TEAM)}
    else:
        assert f"{fault['status']}" in first.text
    env.run("run", "mirror", "slo", "--now", "2026-11-23T21:30:00Z")
    assert slo_state(env)["Acme Robotics"]["notes"] == {"triage-breached": ("active", AMER_TEAM)}
    env.sandbox.log.reset()
    assert env.run("run", "mirror", "slo", "--now", "2026-11-23T21:30:00Z").code == 0
    assert env.writes() == 0
