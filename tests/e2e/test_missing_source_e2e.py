"""Issue 13: a missing export stops the run's bots that plan on the source's data, by name and key."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e
SAMPLE = "bots/data/sample_requests.csv"
WHERE = f"sources[0].path: {SAMPLE}: file not found"


def gone(env) -> None:
    (env.repo / SAMPLE).unlink()
    env.sandbox.log.reset()


def digests(env) -> list[dict]:
    return [i for i in env.sandbox.issues("commercial/triage") if "sa-digest" in i["labels"]]


def test_a_missing_export_fails_the_run_and_no_bot_that_needs_it_writes(env):
    gone(env)
    result = env.run("run")
    assert result.code == 1
    assert f"! mirror: {env.config}: {WHERE}" in result.out
    for bot in ("slo", "suggest", "digest"):
        assert f"! {bot}: not run, it plans on the sources' data: {WHERE}" in result.out
    assert "! forms" not in result.out and "! handoff" not in result.out  # they run on
    assert "0 open, 0 waiting" not in result.out
    assert digests(env) == []
    # Only the meetings bot, which plans on the board and the calendar, writes: its agendas (and
    # the run lock it takes); nothing is written to a request.
    writes = {route: n for route, n in env.sandbox.log.by_route().items() if not route.startswith("GET")}
    agendas = [i for i in env.sandbox.issues("commercial/triage") if "meeting-agenda" in i["labels"]]
    assert agendas and writes == {"POST /projects/:id/issues": len(agendas), "POST /projects/:id/labels": 1,
                                  "DELETE /projects/:id/labels/:label_id": 1}, writes
    assert env.reads() <= 2 + 1 + 1 + 1 + 1  # user, project, open issues, forms' list, agendas, lock


def test_the_digest_on_its_own_schedule_stops_on_a_missing_export_without_reading_the_board(env):
    gone(env)
    result = env.run("run", "digest")
    assert result.code == 1
    assert f"! digest: not run, it plans on the sources' data: {WHERE}" in result.out
    assert digests(env) == [] and env.writes() == 0
    assert env.reads() == 2  # user and project, when the gateway connects: nothing of the board


def test_bots_that_do_not_need_the_source_run_on_their_own_schedule(env):
    gone(env)
    result = env.run("run", "forms")
    assert result.code == 0, result.text
    assert "not run" not in result.out


def test_validate_reports_the_missing_export_offline(env):
    gone(env)
    result = env.run("validate")
    assert result.code == 2
    assert f"error: {env.config}: {WHERE} (looked in {env.repo})" in result.out
    assert env.reads() == 0 and env.writes() == 0  # no network


def test_the_export_back_the_next_run_mirrors_and_digests_as_usual(env):
    path = env.repo / SAMPLE
    saved = path.read_bytes()
    gone(env)
    env.run("run")
    path.write_bytes(saved)
    result = env.run("run")
    assert "not run" not in result.out
    assert len(digests(env)) == 2
