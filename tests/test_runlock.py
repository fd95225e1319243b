"""The run lock: exclusive, expires when its holder died, waits a bounded time, never spins."""

from datetime import UTC, datetime, timedelta

import pytest

from bots.errors import SaTriageError
from bots.runlock import LOCK_LABEL, MAX_ATTEMPTS, LockStoreError, RunLock

STALE = "held by sa-triage run deadbeef0000 until 2020-01-01T00:00:00+00:00; do not use"


class Store:
    """Labels in memory; `delete_answer` makes the DELETE answer without deleting."""

    def __init__(self, delete_answer=None, create_fails=None):
        self.labels = {}
        self.calls = []
        self.delete_answer, self.create_fails = delete_answer, create_fails

    def create_lock_label(self, name, description):
        self.calls.append("POST")
        if self.create_fails is not None:  # (status, landed)
            status, landed = self.create_fails
            if landed:
                self.labels.setdefault(name, description)
            raise LockStoreError("POST", status, "injected")
        if name in self.labels:
            return False
        self.labels[name] = description
        return True

    def read_lock_label(self, name):
        self.calls.append("GET")
        return self.labels.get(name)

    def update_lock_label(self, name, description):
        self.calls.append("PUT")
        self.labels[name] = description

    def delete_lock_label(self, name):
        self.calls.append("DELETE")
        if isinstance(self.delete_answer, int):
            return self.delete_answer  # answered, not applied
        if self.delete_answer is not None:
            raise LockStoreError("DELETE", self.delete_answer[0], self.delete_answer[1])
        return 204 if self.labels.pop(name, None) is not None else 404


class Clock:
    def __init__(self):
        self.t = datetime(2026, 11, 2, 12, tzinfo=UTC)
        self.sleeps = []

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.sleeps.append(s)
        self.t += timedelta(seconds=s)


def lock(store, clock, **options):
    return RunLock(store, clock=clock, sleep=clock.sleep, **options)


def test_second_run_waits_with_backoff_then_gives_up_saying_what_it_saw():
    store, clock = Store(), Clock()
    first = lock(store, clock, owner="setup")
    first.acquire()
    second = lock(store, clock, wait=10)
    store.calls.clear()
    with pytest.raises(SaTriageError) as caught:
        second.acquire()
    assert clock.sleeps == [2, 4, 4]  # backoff, cut at the deadline
    assert store.calls == ["POST", "GET"] * 4
    message = str(caught.value)
    assert f"label '{LOCK_LABEL}'" in message and f"sa-triage run {first.run_id} (setup) until" in message
    assert "waited 10 s over 4 attempt(s) (POST 409 ×4, GET 200 ×4)" in message
    assert "it expires at 2026-11-02T12:10:00+00:00" in message and "delete the label" in message
    assert first.release() is None
    second.acquire()
    assert second.held and first.run_id != second.run_id
    assert second.run_id in store.labels[LOCK_LABEL]


def test_the_default_wait_is_a_few_attempts_not_a_poll_every_two_seconds():
    store, clock = Store(), Clock()
    lock(store, clock).acquire()
    store.calls.clear()
    with pytest.raises(SaTriageError, match="waited 180 s over 10 attempt"):
        lock(store, clock).acquire()
    assert store.calls.count("POST") == 10 and sum(clock.sleeps) == 180
    assert max(clock.sleeps) == 30


def test_attempts_are_bounded_even_when_the_clock_does_not_move():
    store, clock = Store(), Clock()
    lock(store, clock).acquire()
    store.calls.clear()
    stuck = RunLock(store, clock=clock, sleep=lambda s: None)
    with pytest.raises(SaTriageError, match=f"over {MAX_ATTEMPTS} attempt"):
        stuck.acquire()
    assert store.calls.count("POST") == MAX_ATTEMPTS


def test_lock_of_a_dead_run_expires():
    store, clock = Store(), Clock()
    lock(store, clock).acquire()  # never released
    clock.t += timedelta(minutes=11)
    late = lock(store, clock)
    store.calls.clear()
    late.acquire()
    assert late.run_id in store.labels[LOCK_LABEL]
    assert store.calls == ["POST", "GET", "DELETE", "GET", "POST"]


@pytest.mark.parametrize(("answer", "saw", "deletes"), [
    (404, "DELETE answered 404 and the label is still there", 1),
    (204, "DELETE answered 204 and the label is still there", 1),
    ((403, "403 Forbidden"), "DELETE answered 403 (403 Forbidden) and the label is still there", 1),
    ((502, "502 Bad Gateway"), "DELETE answered 502 (502 Bad Gateway), then DELETE answered 502 "
                               "(502 Bad Gateway) and the label is still there", 2),
    ((None, "ConnectionError"), "DELETE got no answer (ConnectionError), then", 2),
])
def test_a_stale_lock_that_stays_after_its_delete_is_a_clear_error_not_a_loop(answer, saw, deletes):
    store, clock = Store(delete_answer=answer), Clock()
    store.labels[LOCK_LABEL] = STALE
    with pytest.raises(SaTriageError) as caught:
        lock(store, clock).acquire()
    message = str(caught.value)
    assert f"the run lock (label '{LOCK_LABEL}') expired ({STALE}) but could not be cleared" in message
    assert saw in message and "delete the label 'sa-triage-run-lock' by hand" in message
    assert store.calls == ["POST", "GET"] + ["DELETE", "GET"] * deletes
    assert clock.sleeps == []


def test_a_create_whose_answer_was_lost_is_ours():
    store, clock = Store(create_fails=(502, True)), Clock()
    mine = lock(store, clock)
    mine.acquire()
    assert mine.held and store.calls == ["POST", "GET", "PUT"]  # read back, then renewed


def test_a_lock_held_by_this_same_run_id_is_ours():
    store, clock = Store(), Clock()
    lock(store, clock, run_id="abc123abc123").acquire()  # an earlier bot of this run, crashed
    again = lock(store, clock, run_id="abc123abc123")
    again.acquire()
    assert again.held and clock.sleeps == []


def test_a_create_gitlab_refuses_is_an_error_at_once():
    store, clock = Store(create_fails=(403, False)), Clock()
    with pytest.raises(SaTriageError, match=r"cannot take the run lock: POST answered 403 \(injected\)"):
        lock(store, clock).acquire()
    assert store.calls == ["POST"]


def test_renewal_only_when_a_third_of_the_ttl_has_passed():
    store, clock = Store(), Clock()
    held = lock(store, clock)
    held.acquire()
    before = len(store.calls)
    held.renew_if_due()
    assert len(store.calls) == before
    clock.t += timedelta(minutes=4)
    held.renew_if_due()
    assert store.calls[before:] == ["PUT"]


@pytest.mark.parametrize("answer", [404, 204, (403, "403 Forbidden"), (500, "500 Internal Server Error")])
def test_a_release_that_leaves_the_lock_is_a_warning(answer):
    store, clock = Store(), Clock()
    held = lock(store, clock)
    held.acquire()
    store.delete_answer = answer
    warning = held.release()
    assert warning is not None and not held.held
    assert warning.startswith(f"the run lock (label '{LOCK_LABEL}') was not released: DELETE answered")
    assert "until it expires at 2026-11-02T12:10:00+00:00" in warning and "by hand" in warning
    assert held.release() is None  # once


def test_a_release_that_works_or_finds_another_runs_lock_says_nothing():
    store, clock = Store(), Clock()
    held = lock(store, clock)
    held.acquire()
    assert held.release() is None and LOCK_LABEL not in store.labels
    held.acquire()
    store.delete_answer = 404
    store.labels[LOCK_LABEL] = STALE.replace("deadbeef0000", "0123456789ab")  # another run's, taken since
    assert held.release() is None
