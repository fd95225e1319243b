"""The run lock: exclusive, expires when its holder died, waits a bounded time."""

from datetime import UTC, datetime, timedelta

import pytest

from bots.errors import SaTriageError
from bots.runlock import LOCK_LABEL, RunLock


class Store:
    def __init__(self):
        self.labels = {}
        self.writes = 0

    def create_lock_label(self, name, description):
        self.writes += 1
        if name in self.labels:
            return False
        self.labels[name] = description
        return True

    def read_lock_label(self, name):
        return self.labels.get(name)

    def update_lock_label(self, name, description):
        self.writes += 1
        self.labels[name] = description

    def delete_lock_label(self, name):
        self.writes += 1
        self.labels.pop(name, None)


class Clock:
    def __init__(self):
        self.t = datetime(2026, 11, 2, 12, tzinfo=UTC)

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.t += timedelta(seconds=s)


def test_second_run_waits_then_gives_up_with_a_clear_message():
    store, clock = Store(), Clock()
    first = RunLock(store, clock=clock, sleep=clock.sleep)
    first.acquire()
    second = RunLock(store, clock=clock, sleep=clock.sleep, wait=10)
    with pytest.raises(SaTriageError, match="another sa-triage run holds the lock"):
        second.acquire()
    first.release()
    second.acquire()
    assert second.held and first.run_id != second.run_id
    assert second.run_id in store.labels[LOCK_LABEL]


def test_lock_of_a_dead_run_expires():
    store, clock = Store(), Clock()
    RunLock(store, clock=clock, sleep=clock.sleep).acquire()  # never released
    clock.t += timedelta(minutes=11)
    late = RunLock(store, clock=clock, sleep=clock.sleep)
    late.acquire()
    assert late.run_id in store.labels[LOCK_LABEL]


def test_renewal_only_when_a_third_of_the_ttl_has_passed():
    store, clock = Store(), Clock()
    lock = RunLock(store, clock=clock, sleep=clock.sleep)
    lock.acquire()
    before = store.writes
    lock.renew_if_due()
    assert store.writes == before
    clock.t += timedelta(minutes=4)
    lock.renew_if_due()
    assert store.writes == before + 1
