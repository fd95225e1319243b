"""The shared core: state, lock, clock, tier switch and logs used by every route."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from .faults import Faults, Limits
from .reqlog import RequestLog
from .store import Store
from .timeutil import iso, to_utc, utcnow

DEFAULT_BASE_URL = "http://127.0.0.1"


class Core:
    """State plus everything a request handler needs besides the request itself."""

    def __init__(self, premium: bool = False, seed: int = 0) -> None:
        self.store = Store()
        self.lock = threading.RLock()
        self.premium = premium
        self.seed = seed
        self.log = RequestLog()
        self.faults = Faults(seed=seed)
        self.limits = Limits()
        self.base_url = DEFAULT_BASE_URL
        self.internal_errors: list[str] = []
        self._clock: Callable[[], datetime] = utcnow

    @property
    def clock(self) -> Callable[[], datetime]:
        """The time source for created_at/updated_at (default: real UTC now)."""
        return self._clock

    @clock.setter
    def clock(self, value: Callable[[], datetime] | None) -> None:
        self._clock = utcnow if value is None else value

    def now(self) -> datetime:
        """The current time according to the clock, as aware UTC."""
        return to_utc(self._clock())

    def now_iso(self) -> str:
        """The current time in GitLab's format."""
        return iso(self.now())
