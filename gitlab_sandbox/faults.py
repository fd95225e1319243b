"""Injected faults (latency, 5xx, 429) and gitlab.com-like per-user rate limits."""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

RETRY_LATER = "Retry later\n"
TOO_MANY = {"message": {"error": "This endpoint has been requested too many times. Try again later."}}
ERROR_BODIES = {
    403: {"message": "403 Forbidden"},
    404: {"message": "404 Not Found"},
    500: {"message": "500 Internal Server Error"},
    502: {"message": "502 Bad Gateway"},
    503: {"message": "503 Service Unavailable"},
    504: {"message": "504 Gateway Timeout"},
}


@dataclass
class Fault:
    """One injected answer; `after` means the request is applied first, then the answer sent.

    A 2xx status answers success with an empty body; without `after` the request is not applied
    (a write lost behind a success). `headers=False` sends a 429 without `Retry-After` and
    `RateLimit-*` headers.
    """

    status: int
    body: str = "text"
    after: bool = False
    route: str | None = None
    retry_after: int | None = None
    headers: bool = True

    def matches(self, method: str, route: str) -> bool:
        """Whether this fault applies to `METHOD /route`."""
        return self.route is None or self.route in (route, f"{method} {route}")


def _fault(spec: Any) -> Fault:
    """Build a Fault from 502, "429:json" or {"status": 429, "body": "json", ...}."""
    if isinstance(spec, Fault):
        return spec
    if isinstance(spec, int):
        return Fault(spec)
    if isinstance(spec, str):
        status, _, body = spec.partition(":")
        return Fault(int(status), body or "text")
    return Fault(
        int(spec["status"]),
        str(spec.get("body", "text")),
        bool(spec.get("after", False)),
        spec.get("route"),
        spec.get("retry_after"),
        bool(spec.get("headers", True)),
    )


class Faults:
    """Deterministic (seeded) fault injection, configured from Python or the admin route."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self.reset()

    def reset(self) -> None:
        """Turn every fault off."""
        with self._lock:
            self.latency = 0.0
            self.error_rate = 0.0
            self.rate_limit_rate = 0.0
            self.retry_after = 0
            self.rate_limit_body = "text"
            self.error_statuses = [500, 502, 503]
            self.fail_next: list[Fault] = []
            self._random = random.Random(self._seed)

    def configure(self, *, latency: float | None = None, error_rate: float | None = None,
                  rate_limit_rate: float | None = None, retry_after: int | None = None,
                  seed: int | None = None, fail_next: list[Any] | None = None,
                  rate_limit_body: str | None = None,
                  error_statuses: list[int] | None = None) -> None:
        """Change the given settings (None keeps one); `fail_next` is appended to the queue."""
        faults = [_fault(spec) for spec in fail_next or []]
        if rate_limit_body not in (None, "text", "json"):
            raise ValueError("rate_limit_body must be 'text' or 'json'")
        with self._lock:
            self.latency = self.latency if latency is None else float(latency)
            self.error_rate = self.error_rate if error_rate is None else float(error_rate)
            if rate_limit_rate is not None:
                self.rate_limit_rate = float(rate_limit_rate)
            self.retry_after = self.retry_after if retry_after is None else int(retry_after)
            self.rate_limit_body = rate_limit_body or self.rate_limit_body
            if error_statuses is not None:
                self.error_statuses = [int(code) for code in error_statuses]
            if seed is not None:
                self._seed = int(seed)
                self._random = random.Random(self._seed)
            self.fail_next.extend(faults)

    def pick(self, method: str, route: str) -> Fault | None:
        """The fault for this request, if any: queued ones first, then the random rates."""
        with self._lock:
            for index, fault in enumerate(self.fail_next):
                if fault.matches(method, route):
                    return self.fail_next.pop(index)
            roll = self._random.random()
            if roll < self.rate_limit_rate:
                return Fault(429, self.rate_limit_body)
            if roll < self.rate_limit_rate + self.error_rate:
                return Fault(self._random.choice(self.error_statuses))
        return None

    def settings(self) -> dict[str, Any]:
        """The current configuration, JSON-ready."""
        with self._lock:
            return {
                "latency": self.latency, "error_rate": self.error_rate,
                "rate_limit_rate": self.rate_limit_rate, "retry_after": self.retry_after,
                "rate_limit_body": self.rate_limit_body, "error_statuses": self.error_statuses,
                "fail_next": [fault.__dict__ for fault in self.fail_next],
            }


def rate_limit_headers(name: str, limit: int, observed: int, reset_in: float) -> dict[str, str]:
    """GitLab's RateLimit-* headers plus an integer Retry-After."""
    wait = max(math.ceil(reset_in), 0)
    reset_at = time.time() + wait
    return {
        "RateLimit-Name": name,
        "RateLimit-Limit": str(limit),
        "RateLimit-Observed": str(observed),
        "RateLimit-Remaining": str(max(limit - observed, 0)),
        "RateLimit-Reset": str(int(reset_at)),
        "RateLimit-ResetTime": formatdate(reset_at, usegmt=True),
        "Retry-After": str(wait),
    }


class Limits:
    """Per-user fixed-window throttles like gitlab.com (Rack::Attack and ApplicationRateLimiter)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.enabled = False
        self.period = 60.0
        self.quotas = {"throttle_authenticated_api": 2000, "notes_create": 60, "issues_create": 200}
        self._counts: dict[tuple[str, int, int], int] = {}
        self._origin = time.monotonic()

    def configure(self, gitlab_com: bool | None = None, period: float | None = None,
                  **quotas: int) -> None:
        """Enable gitlab.com limits; optionally change the period or a quota (api, notes, issues)."""
        aliases = {"api": "throttle_authenticated_api", "notes": "notes_create",
                   "issues": "issues_create"}
        with self._lock:
            if gitlab_com is not None:
                self.enabled = gitlab_com
            if period is not None:
                self.period = float(period)
            for key, value in quotas.items():
                name = aliases.get(key, key)
                if name not in self.quotas:
                    raise ValueError(f"unknown limit: {key}")
                self.quotas[name] = int(value)
            self._counts.clear()
            self._origin = time.monotonic()

    def hit(self, name: str, user_id: int) -> tuple[bool, dict[str, str]]:
        """Count one request against `name`; return (throttled, headers)."""
        elapsed = time.monotonic() - self._origin  # windows start when the limits were set
        window = int(elapsed // self.period)
        reset_in = self.period - (elapsed % self.period)
        with self._lock:
            key = (name, user_id, window)
            self._counts[key] = observed = self._counts.get(key, 0) + 1
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if k[2] == window}
        limit = self.quotas[name]
        return observed > limit, rate_limit_headers(name, limit, observed, reset_in)
