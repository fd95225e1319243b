"""The run lock against the sandbox: a lock that will not go away costs a bounded, exact number of
requests and says so; a release that fails is a warning; one lock (and one wait) per run."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bots import bot_ledger, notes_recheck
from bots.errors import SaTriageError
from bots.gateway import Gateway
from bots.markers import state_key
from bots.runlock import LOCK_LABEL, RunLock

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
STALE = "held by sa-triage run deadbeef0000 (setup) until 2020-01-01T00:00:00+00:00; do not use"
DELETE = "DELETE /projects/:id/labels/:label_id"
# Each way a DELETE can fail to remove the label: how many DELETEs the lock then tries.
DELETE_FAILURES = [
    pytest.param({"status": 404}, 1, "DELETE answered 404 and", id="404"),
    pytest.param({"status": 403}, 1, "DELETE answered 403 (403 Forbidden) and", id="403"),
    pytest.param({"status": 502}, 2, "DELETE answered 502 (502 Bad Gateway), then DELETE answered 502",
                 id="5xx"),
    pytest.param({"status": 204}, 1, "DELETE answered 204 and", id="answered-not-applied"),
]


class Clock:
    def __init__(self) -> None:
        self.t = datetime.now(UTC)
        self.slept = 0.0

    def __call__(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.t += timedelta(seconds=seconds)


def lock_requests(env) -> Counter:
    return Counter({k: v for k, v in env.sandbox.log.by_route().items() if "/labels" in k})


def connected(env) -> Gateway:
    gateway = Gateway(env.url, env.token, PROJECT)
    gateway.connect()
    return gateway


@pytest.mark.parametrize(("fault", "deletes", "saw"), DELETE_FAILURES)
def test_a_stale_lock_whose_delete_fails_costs_a_bounded_number_of_requests(env, fault, deletes, saw):
    env.sandbox.add_label(PROJECT, LOCK_LABEL, description=STALE)
    env.sandbox.faults.configure(fail_next=[{**fault, "route": DELETE}] * 50)  # it keeps failing
    gateway, clock = connected(env), Clock()
    env.sandbox.log.reset()
    with pytest.raises(SaTriageError) as caught:
        RunLock(gateway, clock=clock, sleep=clock.sleep).acquire()
    assert lock_requests(env) == {"POST /projects/:id/labels": 1, "GET /projects/:id/labels": 1 + deletes,
                                  DELETE: deletes}
    assert env.sandbox.log.writes + env.sandbox.log.reads == 2 + 2 * deletes and clock.slept == 0
    message = str(caught.value)
    assert f"the run lock (label '{LOCK_LABEL}') expired ({STALE}) but could not be cleared" in message
    assert saw in message and "the label is still there" in message
    assert f"delete the label '{LOCK_LABEL}' by hand" in message
    assert [x["description"] for x in env.sandbox.labels(PROJECT) if x["name"] == LOCK_LABEL] == [STALE]


def test_a_stale_lock_is_cleared_and_taken_in_four_requests(env):
    env.sandbox.add_label(PROJECT, LOCK_LABEL, description=STALE)
    gateway, clock = connected(env), Clock()
    env.sandbox.log.reset()
    lock = RunLock(gateway, clock=clock, sleep=clock.sleep)
    lock.acquire()
    assert lock.held and lock_requests(env) == {"POST /projects/:id/labels": 2, "GET /projects/:id/labels": 2,
                                                DELETE: 1}
    assert lock.release() is None
    assert LOCK_LABEL not in {x["name"] for x in env.sandbox.labels(PROJECT)}


@pytest.mark.parametrize(("fault", "deletes", "saw"), DELETE_FAILURES)
def test_a_release_whose_delete_fails_is_a_warning_after_bounded_requests(env, fault, deletes, saw):
    gateway, clock = connected(env), Clock()
    lock = RunLock(gateway, clock=clock, sleep=clock.sleep)
    lock.acquire()
    env.sandbox.faults.configure(fail_next=[{**fault, "route": DELETE}] * 50)
    env.sandbox.log.reset()
    warning = lock.release()
    assert warning is not None and saw in warning and "by hand" in warning
    assert lock_requests(env) == {DELETE: deletes, "GET /projects/:id/labels": deletes}


def test_a_lock_that_cannot_be_cleared_fails_the_run_at_once_and_only_once(env):
    now = "2026-11-23T15:00:00Z"  # slo and suggest both have notes to write then
    env.run("run", "mirror", "--now", now)
    env.sandbox.add_label(PROJECT, LOCK_LABEL, description=STALE)
    env.sandbox.faults.configure(fail_next=[{"status": 404, "route": DELETE}] * 50)
    env.sandbox.log.reset()
    result = env.run("run", "slo", "suggest", "--now", now)
    assert result.code == 1
    assert "! slo: the run lock (label 'sa-triage-run-lock') expired" in result.out
    assert "! suggest: not applied: this run could not take the run lock (see slo)" in result.out
    assert lock_requests(env) == {"POST /projects/:id/labels": 1, "GET /projects/:id/labels": 2,
                                  DELETE: 1}
    # The lock's POST and DELETE, and before the DELETE, on the ledger issue (made for it), the
    # record that the run that died may have left any issue's notes half-written: nothing else.
    assert env.sandbox.log.writes == 3
    assert env.sandbox.log.by_route().get("POST /projects/:id/issues") == 1
    ledger = next(i for i in env.sandbox.issues(PROJECT) if i["title"] == bot_ledger.TITLE)
    assert notes_recheck.read(ledger["description"], state_key(env.token)) == notes_recheck.EVERY


def test_a_failed_release_is_a_warning_and_the_next_run_names_the_holder(env, tmp_path, monkeypatch):
    env.sandbox.faults.configure(fail_next=[{"status": 404, "route": DELETE}])
    report = tmp_path / "report.json"
    first = env.run("run", "mirror", "--json", str(report))
    warning = "warning: the run lock (label 'sa-triage-run-lock') was not released: DELETE answered 404"
    assert warning in first.out
    (noted,) = json.loads(report.read_text())["warnings"]
    assert noted.startswith("the run lock (label 'sa-triage-run-lock') was not released")
    monkeypatch.setenv("SA_TRIAGE_LOCK_WAIT_SECONDS", "0")
    env.sandbox.log.reset()
    edit = env.repo / "bots/data/sample_requests.csv"
    edit.write_text(edit.read_text().replace("3-Technical Evaluation", "4-Proposal", 1))
    second = env.run("run", "mirror")
    assert "another sa-triage run holds the run lock" in second.out
    assert "(run mirror) until" in second.out and "over 1 attempt(s) (POST 409 ×1, GET 200 ×1)" in second.out
    assert lock_requests(env) == {"POST /projects/:id/labels": 1, "GET /projects/:id/labels": 1}
