"""Suggestions, the digest and the dashboard end to end: the sample export in the sandbox, run twice."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bots.issue_templates import PTO_COVERAGE
from tests.issue_templates.helpers import fill

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
NOW = "2026-11-23T15:00:00Z"  # Monday: the W47 digests are due (10:00 in New York, 15:00 in London)
LATER = "2026-11-24T15:30:00Z"  # the same week


def writes_by_route(env) -> Counter:
    return Counter({k: v for k, v in env.sandbox.log.by_route().items() if not k.startswith("GET")})


def issues(env) -> list[dict]:
    return env.sandbox.issues(PROJECT)


def suggestion_notes(env) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for issue in issues(env):
        found = [n for n in env.sandbox.notes(PROJECT, issue["iid"])
                 if n["body"].startswith("<!-- sa-triage:suggest -->")]
        if found:
            out[issue["iid"]] = found
    return out


def digests(env) -> list[dict]:
    return [i for i in issues(env) if "sa-digest" in i["labels"]]


def mirrored_once(env) -> None:
    env.sandbox.add_issue(PROJECT, "PTO: Marco", author="marco.bianchi", labels=[PTO_COVERAGE.label],
                          description=fill(PTO_COVERAGE, dates="2026-11-23 to 2026-12-04",
                                           coverage="@lena.fischer"))
    assert env.run("run", "mirror", "--now", NOW).code == 1  # the sample export has four bad rows
    env.sandbox.log.reset()


def test_first_run_suggests_for_every_waiting_request_and_writes_one_digest_per_region(env):
    mirrored_once(env)
    result = env.run("run", "suggest", "digest", "--now", NOW)
    assert result.code == 0, result.text
    waiting = [i for i in issues(env) if "triage::new" in i["labels"] and not i["assignees"]
               and "sa-request" in i["labels"]]
    notes = suggestion_notes(env)
    assert sorted(notes) == sorted(i["iid"] for i in waiting) and all(len(v) == 1 for v in notes.values())
    routes = writes_by_route(env)
    assert routes["POST /projects/:id/issues/:issue_iid/notes"] == len(waiting)
    assert routes["POST /projects/:id/issues"] == 2
    assert env.sandbox.log.mentions == [] and env.sandbox.log.quick_actions == []
    made = {i["title"]: i for i in digests(env)}
    assert sorted(made) == ["SA triage digest: AMER, 2026-W47", "SA triage digest: EMEA, 2026-W47"]
    assert "```mermaid" in made["SA triage digest: EMEA, 2026-W47"]["description"]
    emea = [n[0]["body"] for iid, n in notes.items()
            if "region::EMEA" in next(i for i in waiting if i["iid"] == iid)["labels"]]
    assert emea and all("`@marco.bianchi`" in body for body in emea)
    assert any("**Watch out:** away Mon 23 Nov to Fri 4 Dec" in body for body in emea)


def test_rerun_makes_no_write_and_later_the_same_week_no_new_digest(env):
    mirrored_once(env)
    env.run("run", "suggest", "digest", "--now", NOW)
    env.sandbox.log.reset()
    again = env.run("run", "mirror", "suggest", "digest", "--now", NOW)
    assert again.code == 1  # the bad rows again
    assert env.writes() == 0, writes_by_route(env)
    env.sandbox.log.reset()
    later = env.run("run", "suggest", "digest", "--now", LATER)
    routes = writes_by_route(env)
    assert routes["POST /projects/:id/issues"] == 0 and len(digests(env)) == 2, later.text
    digest_paths = {f"/issues/{d['iid']}" for d in digests(env)}
    digest_edits = [e for e in env.sandbox.log.entries
                    if e["method"] == "PUT" and any(e["path"].endswith(p) for p in digest_paths)]
    assert len(digest_edits) <= 2  # at most one edit per region's digest (suggestions may change)
    assert routes["POST /projects/:id/issues/:issue_iid/notes"] == 0


def test_suggestion_follows_the_request_until_someone_is_assigned(env):
    mirrored_once(env)
    env.run("run", "suggest", "--now", NOW)
    iid, (note,) = next(iter(sorted(suggestion_notes(env).items())))
    env.sandbox.add_issue(PROJECT, "other work", author="sa-triage-bot", labels=["sa-request"],
                          assignees=[m for m in re.findall(r"^1\. `@([^`]+)`", note["body"], re.M)])
    env.sandbox.log.reset()
    env.run("run", "suggest", "--now", NOW)
    routes = writes_by_route(env)
    assert routes["POST /projects/:id/issues/:issue_iid/notes"] == 0
    assert routes["PUT /projects/:id/issues/:issue_iid/notes/:note_id"] >= 1  # workload changed: edited
    assert len(suggestion_notes(env)[iid]) == 1


def test_dashboard_writes_static_pages_and_nothing_to_gitlab(env, tmp_path: Path):
    mirrored_once(env)
    result = env.run("dashboard", "--out", str(tmp_path / "public"), "--now", NOW)
    assert result.code == 0, result.text
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == ["amer.html", "emea.html", "index.html"]
    assert env.writes() == 0
    html = (tmp_path / "public" / "emea.html").read_text(encoding="utf-8")
    assert html.count('<svg class="chart') == 4 and "<script" not in html


def test_auto_assign_when_configured_assigns_and_then_leaves_the_request_alone(env):
    env.config.write_text(env.config.read_text() + "\nsuggestions:\n  auto_assign: true\n")
    mirrored_once(env)
    env.run("run", "suggest", "--now", NOW)
    assigned = [i for i in env.sandbox.issues("commercial/triage") if i["assignees"]]
    assert assigned
    roster_sas = {"alex.kim", "dana.white", "chris.ng", "lena.fischer", "marco.bianchi", "sophie.martin"}
    assert all(i["assignees"][0]["username"] in roster_sas for i in assigned)
    env.sandbox.log.reset()
    again = env.run("run", "suggest", "--now", NOW)
    assert again.code == 0 and "   0 action(s), 0 failure(s), " in again.out, again.text
    assert env.writes() == 0
