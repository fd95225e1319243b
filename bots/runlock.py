"""A run lock in GitLab itself, so two overlapping runs never apply plans at the same time.

Creating a label is atomic (a second create answers 409), so the lock is a label that exists
while a run applies its plan. Its description says who holds it and until when, so a lock left by
a crashed run expires. Only runs that have something to write take it: a no-change run writes nothing.

Every loop here is bounded in attempts and in time, and says what it saw when it gives up: a lock
still there after its DELETE (GitLab answered 404, 403 or 5xx, or a success that was not applied)
is an error naming the label and how to clear it, never a retry loop, and a release that leaves the
label behind is a warning for the run's output and report.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bots.errors import SaTriageError

LOCK_LABEL = "sa-triage-run-lock"
MAX_ATTEMPTS = 12  # creates per acquire, whatever the clock says (the wait bounds the time)
DELETE_ATTEMPTS = 2  # a second DELETE only after a transient answer (5xx, 429, no answer)
BACKOFF = (2.0, 30.0)  # first pause between attempts, doubling up to the second
HOW_TO_CLEAR = (f"if no sa-triage run is going, delete the label {LOCK_LABEL!r} by hand (project → "
                "Manage → Labels; a group label of that name, in the group) and run again")


class LockStoreError(SaTriageError):
    """A lock request GitLab refused or did not answer: `status` is None when there was no answer."""

    def __init__(self, request: str, status: int | None, detail: str) -> None:
        self.request, self.status = request, status
        self.answer = f"answered {status} ({detail})" if status is not None else f"got no answer ({detail})"
        super().__init__(f"{request} {self.answer}")

    @property
    def transient(self) -> bool:
        return self.status is None or self.status >= 500 or self.status == 429


class LockStore(Protocol):
    def create_lock_label(self, name: str, description: str) -> bool: ...  # False: exists (409)
    def read_lock_label(self, name: str) -> str | None: ...  # its description; None: no such label
    def update_lock_label(self, name: str, description: str) -> None: ...
    def delete_lock_label(self, name: str) -> int: ...  # the 2xx or 404 it answered

    # Each raises LockStoreError for any other answer (or none).


class RunLock:
    def __init__(self, store: LockStore, *, ttl: timedelta = timedelta(minutes=10),
                 wait: float = 180.0, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 sleep: Callable[[float], None] = time.sleep, run_id: str | None = None,
                 owner: str = "", before_clear: Callable[[str], None] = lambda holder: None) -> None:
        self.store, self.ttl, self.wait = store, ttl, wait
        # Called with the description of a lock left by a run that died, before it is cleared: that
        # run may have left writes half done (bots.notes_recheck); if it raises, the lock stays.
        self.before_clear = before_clear
        self._clock, self._sleep = clock, sleep
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.owner = " ".join(owner.replace(";", ",").replace(" until ", " ").split())
        self.held = False
        self._renewed = self._clock()

    def _description(self) -> str:
        until = (self._clock() + self.ttl).isoformat(timespec="seconds")
        who = f" ({self.owner})" if self.owner else ""
        return f"held by sa-triage run {self.run_id}{who} until {until}; do not use"

    def _ours(self, description: str) -> bool:
        return description.startswith(f"held by sa-triage run {self.run_id} ")

    def acquire(self) -> None:
        """Take the lock, waiting at most `wait` seconds (and MAX_ATTEMPTS creates) for another run."""
        started = self._clock()
        deadline = started + timedelta(seconds=self.wait)
        seen: Counter[str] = Counter()
        holder: str | None = None
        for attempt in range(MAX_ATTEMPTS):
            try:
                if self.store.create_lock_label(LOCK_LABEL, self._description()):
                    self.held, self._renewed = True, self._clock()
                    return
                seen["POST 409"] += 1
            except LockStoreError as e:
                seen[f"POST {e.status or 'no answer'}"] += 1
                if not e.transient:
                    raise SaTriageError(f"cannot take the run lock: {e}") from None
                # A create answered 5xx (or not at all) may have landed: the read below tells.
            try:
                holder = self.store.read_lock_label(LOCK_LABEL)
                seen["GET 200"] += 1
            except LockStoreError as e:
                seen[f"GET {e.status or 'no answer'}"] += 1
                holder = None
            if holder is not None and self._ours(holder):
                # Ours already: a create whose answer was lost, or an earlier bot of this run.
                self.held = True
                self.renew()
                return
            if holder is not None and _expired(holder, self._clock()):
                self._clear_stale(holder)  # left by a run that died; raises if it stays
                continue
            now = self._clock()
            if now >= deadline:
                break
            self._sleep(min(BACKOFF[0] * 2**attempt, BACKOFF[1], (deadline - now).total_seconds()))
        waited = (self._clock() - started).total_seconds()
        saw = ", ".join(f"{k} ×{v}" for k, v in seen.items())
        attempts = sum(v for k, v in seen.items() if k.startswith("POST"))
        until = _until(holder) if holder is not None else None
        expires = f"it expires at {until.isoformat()}; " if until else ""
        raise SaTriageError(
            f"another sa-triage run holds the run lock (label {LOCK_LABEL!r}: "
            f"{holder if holder is not None else 'unread'}); waited {waited:.0f} s over {attempts} "
            f"attempt(s) ({saw}); {expires}{HOW_TO_CLEAR}")

    def _clear_stale(self, holder: str) -> None:
        try:
            self.before_clear(holder)
        except SaTriageError as e:
            raise SaTriageError(f"the run lock (label {LOCK_LABEL!r}) expired ({holder}) but was not "
                                f"cleared: {e}") from None
        failed = self._delete_until_gone(lambda now: now != holder)
        if failed:
            raise SaTriageError(f"the run lock (label {LOCK_LABEL!r}) expired ({holder}) but could not "
                                f"be cleared: {failed}; {HOW_TO_CLEAR}")

    def _delete_until_gone(self, gone: Callable[[str | None], bool]) -> str | None:
        """DELETE the label, then read it back; a second DELETE only after a transient answer.

        None when `gone(description read back)`, else what was seen, e.g. "DELETE answered 404
        (404 Label Not Found) and the label is still there".
        """
        answers: list[str] = []
        for _ in range(DELETE_ATTEMPTS):
            transient = False
            try:
                answers.append(f"DELETE answered {self.store.delete_lock_label(LOCK_LABEL)}")
            except LockStoreError as e:
                answers.append(str(e))
                transient = e.transient
            try:
                if gone(self.store.read_lock_label(LOCK_LABEL)):
                    return None
            except LockStoreError as e:
                return f"{', then '.join(answers)}, and reading the label back {e.answer}"
            if not transient:
                break
        return f"{', then '.join(answers)} and the label is still there"

    def renew(self) -> None:
        self.store.update_lock_label(LOCK_LABEL, self._description())
        self._renewed = self._clock()

    def renew_if_due(self) -> None:
        """Extend the lock during long runs (every third of its TTL)."""
        if self.held and self._clock() - self._renewed > self.ttl / 3:
            self.renew()

    def release(self) -> str | None:
        """Delete the lock if held; a warning (what GitLab answered, how to clear it) if it stays."""
        if not self.held:
            return None
        self.held = False
        failed = self._delete_until_gone(lambda now: now is None or not self._ours(now))
        if not failed:
            return None
        until = (self._renewed + self.ttl).isoformat(timespec="seconds")
        return (f"the run lock (label {LOCK_LABEL!r}) was not released: {failed}; other runs wait "
                f"for it until it expires at {until}; {HOW_TO_CLEAR}")


def _until(description: str) -> datetime | None:
    """The expiry a lock's description names, None when it names none we can read."""
    try:
        until = datetime.fromisoformat(description.split(" until ", 1)[1].split(";", 1)[0])
    except (IndexError, ValueError):
        return None
    return until if until.tzinfo else None


def _expired(description: str, now: datetime) -> bool:
    until = _until(description)
    return until is None or until < now  # unreadable: not a lock we wrote in a form we understand
