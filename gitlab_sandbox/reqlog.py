"""The request log: every API call, quick action and @mention the sandbox saw."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

READ_METHODS = frozenset({"GET", "HEAD"})


class RequestLog:
    """Thread-safe record of API requests, executed quick actions and notifying mentions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[dict[str, Any]] = []
        self.quick_actions: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []

    def record(self, method: str, route: str, path: str, status: int, user: str | None,
               at: float | None = None) -> None:
        """Append one API request; `at` is when it arrived (time.monotonic(), default now)."""
        entry = {"method": method, "route": route, "path": path, "status": status, "user": user,
                 "at": time.monotonic() if at is None else at}
        with self._lock:
            self.entries.append(entry)

    def quick_action(self, entry: dict[str, Any]) -> None:
        """Append one quick action found in a note or description."""
        with self._lock:
            self.quick_actions.append(entry)

    def mention(self, entry: dict[str, Any]) -> None:
        """Append one @mention that GitLab would turn into a to-do and notification."""
        with self._lock:
            self.mentions.append(entry)

    @property
    def reads(self) -> int:
        """Number of GET/HEAD API requests."""
        with self._lock:
            return sum(1 for entry in self.entries if entry["method"] in READ_METHODS)

    @property
    def writes(self) -> int:
        """Number of POST/PUT/PATCH/DELETE API requests."""
        with self._lock:
            return sum(1 for entry in self.entries if entry["method"] not in READ_METHODS)

    def by_route(self) -> dict[str, int]:
        """Request counts keyed by `METHOD /route/template`."""
        with self._lock:
            counts = Counter(f"{entry['method']} {entry['route']}" for entry in self.entries)
        return dict(sorted(counts.items()))

    def by_status(self) -> dict[int, int]:
        """Request counts keyed by HTTP status."""
        with self._lock:
            return dict(sorted(Counter(entry["status"] for entry in self.entries).items()))

    def reset(self) -> None:
        """Forget everything logged so far."""
        with self._lock:
            self.entries.clear()
            self.quick_actions.clear()
            self.mentions.clear()

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready summary for the admin route."""
        with self._lock:
            entries = list(self.entries)
            quick_actions = list(self.quick_actions)
            mentions = list(self.mentions)
        reads = sum(1 for entry in entries if entry["method"] in READ_METHODS)
        return {
            "reads": reads,
            "writes": len(entries) - reads,
            "by_route": self.by_route(),
            "by_status": {str(key): value for key, value in self.by_status().items()},
            "entries": entries,
            "quick_actions": quick_actions,
            "mentions": mentions,
        }
