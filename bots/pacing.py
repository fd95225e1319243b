"""Write pacing below GitLab's per-user limits (gitlab.com: 60 notes and 200 issue creations a minute)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bots import actions as a


@dataclass(frozen=True)
class Limits:
    notes_per_minute: int = 0  # 0: no pacing
    issues_per_minute: int = 0
    writes_per_minute: int = 0
    window: float = 60.0  # seconds; GitLab's limits are per minute (shorter only to test quickly)


class WritePacer:
    """Sleeps just enough before a write to stay under sliding one-minute windows."""

    def __init__(self, limits: Limits | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.limits = limits or Limits()
        self._clock, self._sleep = clock, sleep
        self._windows: dict[str, deque[float]] = {"note": deque(), "issue": deque(), "write": deque()}
        self.slept = 0.0

    def before_write(self, action: a.Action) -> None:
        buckets = [("write", self.limits.writes_per_minute)]
        if action.is_note:
            buckets.append(("note", self.limits.notes_per_minute))
        if isinstance(action, a.CreateIssue):
            buckets.append(("issue", self.limits.issues_per_minute))
        for name, limit in buckets:
            if limit > 0:
                self._wait(self._windows[name], limit)
        now = self._clock()
        for name, limit in buckets:
            if limit > 0:
                self._windows[name].append(now)

    def _wait(self, window: deque[float], limit: int) -> None:
        now = self._clock()
        span = self.limits.window
        while window and now - window[0] >= span:
            window.popleft()
        if len(window) >= limit:
            delay = span - (now - window[0]) + 0.01
            self._sleep(delay)
            self.slept += delay
            window.popleft()
