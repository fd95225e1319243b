"""Demo data: issues filed from the template text by roster people, which the bot then checks; and the
demo's simulated history (a week of it here; `make demo` plays six)."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE, SA_REQUEST, validate
from bots.markers import note_marker
from bots.output import Output
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import DEMO_NOW, run_demo, seed
from gitlab_sandbox.demo_forms import fill_template, seed_demo_forms
from gitlab_sandbox.demo_history import export_at, ticks
from tests.factories import ROOT, config

NOW = datetime(2026, 11, 17, 15, tzinfo=UTC)


def seeded() -> list[dict]:
    cfg = config()
    sandbox = Sandbox()
    sandbox.clock = lambda: NOW
    seed(sandbox, cfg)
    seed_demo_forms(sandbox, cfg)
    return sandbox.issues(cfg.gitlab.project)


def test_seeds_two_on_site_requests_a_pto_issue_and_an_sa_request_by_roster_people():
    cfg = config()
    issues = seeded()
    assert [(i["author"]["username"], i["labels"]) for i in issues] == [
        ("jordan.lee", [ON_SITE_REQUEST.label]), ("alex.kim", [ON_SITE_REQUEST.label]),
        ("alex.kim", [PTO_COVERAGE.label]), ("lukas.weber", [SA_REQUEST.label])]
    known = frozenset(p.username for p in cfg.roster)
    today = NOW.date()
    incomplete, complete, pto, filed = (
        validate(form, i["description"], today=today, known_users=known)
        for form, i in zip((ON_SITE_REQUEST, ON_SITE_REQUEST, PTO_COVERAGE, SA_REQUEST), issues, strict=True))
    assert not incomplete.complete and complete.complete
    assert [f.key for f in pto.findings] == ["coverage"]
    assert filed.complete and filed.values["region"] == "EMEA"
    # filed at 14:00 London on the business day before the demo's now (Tue 17 Nov): Mon 16 Nov
    assert issues[3]["created_at"].startswith("2026-11-16T14:00:00")
    assert all("/label" not in i["description"] for i in issues)


def test_fill_template_leaves_unanswered_sections_as_the_template_has_them():
    text = fill_template(ON_SITE_REQUEST, {"agenda": "Day 1: demo", "prerequisites": "ticked"})
    assert "Day 1: demo" in text and "_Replace with the agenda" not in text
    assert "_Replace with the link to the Salesforce opportunity_" in text
    assert text.count("- [x] ") == 2


def test_the_export_grows_as_requests_arrive_and_says_when_opportunities_closed():
    rows = [{"Opportunity ID": "A", "SA Request Date": "2026-11-02T09:00:00Z", "Stage": "2-Scoping"},
            {"Opportunity ID": "B", "SA Request Date": "2026-11-05T09:00:00Z", "Stage": "2-Scoping"}]
    closed = {"A": datetime(2026, 11, 4, tzinfo=UTC)}
    before_b = export_at(rows, closed, datetime(2026, 11, 3, tzinfo=UTC))
    assert before_b.splitlines()[1:] == ["A,2026-11-02T09:00:00Z,2-Scoping"]
    assert export_at(rows, closed, datetime(2026, 11, 6, tzinfo=UTC)).splitlines()[1:] == [
        "A,2026-11-02T09:00:00Z,Closed Won", "B,2026-11-05T09:00:00Z,2-Scoping"]
    gone = {"B": (datetime(2026, 11, 6, tzinfo=UTC), datetime(2026, 11, 7, tzinfo=UTC))}  # deleted, restored
    assert [export_at(rows, {}, datetime(2026, 11, d, h, tzinfo=UTC), gone).count("\nB,") for d, h in (
        (5, 23), (6, 0), (6, 23), (7, 0))] == [1, 0, 0, 1]


def test_the_bots_run_five_times_a_business_day():
    monday = datetime(2026, 11, 16, tzinfo=UTC)
    runs = ticks(monday, monday + timedelta(weeks=1))
    assert len(runs) == 25 and {t.weekday() for t in runs} == {0, 1, 2, 3, 4}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict, Path]:
    out_dir = tmp_path_factory.mktemp("demo")
    buf = io.StringIO()
    code = run_demo(str(ROOT / "sa-triage.yml"), Output(buf), env={}, out_dir=out_dir, now=DEMO_NOW, weeks=1)
    assert code == 0, buf.getvalue()
    return buf.getvalue(), json.loads((out_dir / "sandbox-state.json").read_text()), out_dir


def _issues(out_dir: Path) -> list[dict]:
    return Sandbox.from_file(out_dir / "sandbox-state.json").issues(config().gitlab.project)


def test_the_simulated_history_fills_every_board_list(demo_run):
    text, _, _ = demo_run
    board = re.search(r"On the board: (\d+) in triage::new, (\d+) in triage::in-review, "
                       r"(\d+) in triage::assigned, (\d+) in triage::engaged; (\d+) closed", text)
    assert board, text
    assert all(int(n) > 0 for n in board.groups()), board.group(0)
    assert re.search(r"\d+ triaged by roster SAs", text)


def test_the_digest_shows_time_to_triage_from_the_history(demo_run):
    _, _, out_dir = demo_run
    (digest,) = [i for i in _issues(out_dir) if i["title"] == "SA triage digest: EMEA, 2026-W47"]
    row = re.search(r"\| W47 \(reporting week\) \| 16–22 Nov 2026 \| (\d+) \| ([\d.]+) \| ([\d.]+) \|",
                     digest["description"])
    assert row and int(row.group(1)) > 0, digest["description"][-1500:]
    assert "```mermaid" in digest["description"] and "p50" in digest["description"]


def test_the_demo_prints_a_summary_per_bot_and_a_rerun_writes_nothing(demo_run):
    text, _, out_dir = demo_run
    # one screen: a line per bot of each run, the history, the handoff and the react event; the
    # actions, failures and per-run banners only with --verbose
    assert len(text.splitlines()) <= 60 and "   + " not in text and "sa-triage on " not in text, text
    runs = text.split("### run every bot")[1:]
    assert len(runs) == 2
    for run in runs:
        for bot in ("mirror", "forms", "handoff", "slo", "suggest", "digest", "meetings"):
            assert re.search(rf"^  {bot} +\d+ action\(s\)", run, re.M), (bot, run)
    # the bad rows; the open issues' list, and the iids[] fetch of the issue its SA closed
    assert re.search(r"^  mirror +0 action\(s\), \d+ failed .*, 2 read\(s\)", runs[1], re.M)
    assert "AMER 2026-W47" in runs[0]  # what a bot saw, on its line
    assert re.search(r"\d+ quick action\(s\) executed, 0 by the bot", text)
    assert "filed 8 agenda(s) for 23 Nov–7 Dec: Global Mon 23 (Peer Review), " in runs[0]  # two weeks ahead
    again = text.split("### run every bot again")[1]
    assert "(sandbox saw 0 write request(s))" in again
    assert (out_dir / "dashboard" / "emea.html").is_file()


def test_a_request_back_in_the_export_is_reopened_once_and_one_its_sa_closed_stays_closed(demo_run):
    text, _, out_dir = demo_run
    back = re.search(r"^#(\d+) left the export for a business day .*: the mirror closed it while it was "
                     r"missing, and reopened it with a note when it came back\.$", text, re.M)
    kept = re.search(r"^#(\d+) was closed by @([\w.]+) while its opportunity stays open: the mirror leaves "
                     r"it closed, recorded on the ledger", text, re.M)
    assert back and kept, text
    sandbox, project = Sandbox.from_file(out_dir / "sandbox-state.json"), config().gitlab.project
    issues = {i["iid"]: i for i in sandbox.issues(project)}
    reopened, closed = issues[int(back.group(1))], issues[int(kept.group(1))]
    assert reopened["state"] == "opened" and closed["state"] == "closed"
    assert closed["closed_by"]["username"] == kept.group(2) != "sa-triage-bot"
    bodies = [n["body"] for n in sandbox.notes(project, reopened["iid"])
              if n["author"]["username"] == "sa-triage-bot"]
    # over the many runs since: one note when it went missing, one when it came back
    assert sum(b.startswith(note_marker("left-source", "back")) for b in bodies) == 1, bodies


def test_a_request_that_moves_on_twice_gets_two_changed_notes_the_second_without_a_notes_read(demo_run):
    """The first change after the ledger issue exists reads the notes (its record is not there yet)
    and writes the record; the second is posted on the issue's signed state alone."""
    text, _, out_dir = demo_run
    moved = re.search(r"^#(\d+)'s opportunity moved on twice in Salesforce: 2 \"changed\" note\(s\), "
                      r"1 posted on its signed state alone, its notes not read "
                      r"\(the ledger's notes-recheck record names none to read first\)\.$", text, re.M)
    assert moved, text
    sandbox, project = Sandbox.from_file(out_dir / "sandbox-state.json"), config().gitlab.project
    notes = sandbox.notes(project, int(moved.group(1)))
    bodies = [n["body"] for n in notes if "Salesforce changed" in n["body"]]
    assert len(bodies) == 2 and "→ **4-Proposal**" in bodies[0] and "→ **5-Negotiating**" in bodies[1]
