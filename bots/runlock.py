"""A run lock in GitLab itself, so two overlapping runs never apply plans at the same time.

Creating a label is atomic (a second create answers 409), so the lock is a label that exists
while a run applies its plan. Its description says who holds it and until when, so a lock left by
a crashed run expires. Only runs that have something to write take it: a no-change run writes nothing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bots.errors import SaTriageError

LOCK_LABEL = "sa-triage-run-lock"


class LockStore(Protocol):
    def create_lock_label(self, name: str, description: str) -> bool: ...  # False: exists
    def read_lock_label(self, name: str) -> str | None: ...
    def update_lock_label(self, name: str, description: str) -> None: ...
    def delete_lock_label(self, name: str) -> None: ...


class RunLock:
    def __init__(self, store: LockStore, *, ttl: timedelta = timedelta(minutes=10),
                 wait: float = 180.0, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.store, self.ttl, self.wait = store, ttl, wait
        self._clock, self._sleep = clock, sleep
        self.run_id = uuid.uuid4().hex[:12]
        self.held = False
        self._renewed = self._clock()

    def _description(self) -> str:
        until = (self._clock() + self.ttl).isoformat(timespec="seconds")
        return f"held by sa-triage run {self.run_id} until {until}; do not use"

    def acquire(self) -> None:
        deadline = self._clock() + timedelta(seconds=self.wait)
        while True:
            if self.store.create_lock_label(LOCK_LABEL, self._description()):
                self.held, self._renewed = True, self._clock()
                return
            holder = self.store.read_lock_label(LOCK_LABEL)
            if holder is not None and _expired(holder, self._clock()):
                self.store.delete_lock_label(LOCK_LABEL)  # left by a run that died
                continue
            if self._clock() >= deadline:
                raise SaTriageError(f"another sa-triage run holds the lock ({holder}); try later")
            self._sleep(2.0)

    def renew_if_due(self) -> None:
        """Extend the lock during long runs (every third of its TTL)."""
        if self.held and self._clock() - self._renewed > self.ttl / 3:
            self.store.update_lock_label(LOCK_LABEL, self._description())
            self._renewed = self._clock()

    def release(self) -> None:
        if self.held:
            self.store.delete_lock_label(LOCK_LABEL)
            self.held = False


def _expired(description: str, now: datetime) -> bool:
    try:
        until = datetime.fromisoformat(description.split(" until ", 1)[1].split(";", 1)[0])
    except (IndexError, ValueError):
        return True  # unreadable: not a lock we wrote in a form we understand
    return until < now
