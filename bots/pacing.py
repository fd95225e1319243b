"""Write pacing below GitLab's per-user limits (gitlab.com: 60 notes and 200 issue creations a minute).

Paced per HTTP request, not per action: the gateway's session asks before every request it sends,
so every note and issue create counts in its bucket, those a composite action makes (an issue's
needs-info note) and every retry included. A request is stamped when its answer arrived, which is
after GitLab counted it, so no window of the limit's length ever holds more than the limit, however
GitLab's own windows fall. A 429 without `Retry-After` (gitlab.com's answer to one note too many)
is waited out by `backoff`, a fraction of the window doubling up to the window.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NOTE_CREATE = re.compile(r"/projects/[^/]+/(?:issues|merge_requests)/\d+/(?:notes|discussions)/?$")
ISSUE_CREATE = re.compile(r"/projects/[^/]+/issues/?$")
RATE_LIMIT_RETRIES = 5  # a create answered 429 is sent again at most this many times


@dataclass(frozen=True)
class Limits:
    notes_per_minute: int = 0  # 0: no pacing
    issues_per_minute: int = 0
    writes_per_minute: int = 0
    window: float = 60.0  # seconds; GitLab's limits are per minute (shorter only to test quickly)


def buckets_of(method: str, path: str) -> tuple[str, ...]:
    """The limits a request counts against: every write, and note or issue creation."""
    if method.upper() in READ_METHODS:
        return ()
    if method.upper() != "POST":
        return ("write",)
    if NOTE_CREATE.search(path):
        return ("write", "note")
    if ISSUE_CREATE.search(path):
        return ("write", "issue")
    return ("write",)


class WritePacer:
    """Sleeps just enough before a request to stay under sliding windows of the limits' length."""

    def __init__(self, limits: Limits | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.limits = limits or Limits()
        self._clock, self._sleep = clock, sleep
        self._windows: dict[str, deque[float]] = {"note": deque(), "issue": deque(), "write": deque()}
        self.requests: Counter[str] = Counter()  # requests sent, per bucket
        self.throttled = 0  # answers 429 to writes
        self.slept = 0.0
        self.retry_after: float | None = None  # the last 429's Retry-After, None when it had none

    def _limit(self, bucket: str) -> int:
        return {"note": self.limits.notes_per_minute, "issue": self.limits.issues_per_minute,
                "write": self.limits.writes_per_minute}[bucket]

    def before_request(self, method: str, path: str) -> None:
        for bucket in buckets_of(method, path):
            if self._limit(bucket) > 0:
                self._wait(self._windows[bucket], self._limit(bucket))

    def after_response(self, method: str, path: str, status: int | None,
                       headers: Mapping[str, str]) -> None:
        """Count the request (answered or not: GitLab may have counted it) in its buckets."""
        buckets = buckets_of(method, path)
        now = self._clock()
        for bucket in buckets:
            self.requests[bucket] += 1
            if self._limit(bucket) > 0:
                self._windows[bucket].append(now)
        if status == 429 and buckets:
            self.throttled += 1
            self.retry_after = _retry_after(headers)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after the `attempt`-th 429 in a row (1, 2, ...): its Retry-After, else
        an eighth of the window, doubling, never more than the window (by then GitLab's has rolled)."""
        span = self.limits.window
        if self.retry_after is not None:
            return min(self.retry_after, span)
        return min(span / 8 * 2 ** (attempt - 1), span)

    def wait_after_429(self, attempt: int) -> float:
        delay = self.backoff(attempt)
        self._sleep(delay)
        self.slept += delay
        return delay

    def _wait(self, window: deque[float], limit: int) -> None:
        now = self._clock()
        span = self.limits.window
        while window and now - window[0] >= span:
            window.popleft()
        if len(window) >= limit:  # one sleep: until the oldest request leaves the window
            delay = span - (now - window[0]) + 0.001  # stamped at the answer: no margin needed
            self._sleep(delay)
            self.slept += delay
            window.popleft()


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None  # an HTTP date: not worth trusting a clock for
