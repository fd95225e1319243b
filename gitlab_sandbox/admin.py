"""Admin routes under /-/sandbox (no auth, loopback only) for a separate observing process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import errors
from .context import Reply
from .core import Core
from .timeutil import iso, parse_time


def _clock(core: Core, body: dict[str, Any]) -> Reply:
    """Fix the clock at `now` (ISO), shift it by `advance_seconds`, or clear it with null."""
    if "advance_seconds" in body:
        fixed = core.now() + timedelta(seconds=float(body["advance_seconds"]))
        core.clock = lambda: fixed
    elif body.get("now") is None:
        core.clock = None
    else:
        try:
            fixed = parse_time(str(body["now"]))
        except ValueError:
            raise errors.invalid("now") from None
        core.clock = lambda: fixed
    return Reply(200, {"now": iso(core.now())})


def _faults(core: Core, body: dict[str, Any]) -> Reply:
    """Configure faults (same keys as Faults.configure), `reset`, and `limits`."""
    options = dict(body)
    if options.pop("reset", False):
        core.faults.reset()
    limits = options.pop("limits", None)
    try:
        if options:
            core.faults.configure(**options)
        if isinstance(limits, dict):
            core.limits.configure(**limits)
    except (TypeError, ValueError) as problem:
        raise errors.ApiError(400, {"error": str(problem)}) from None
    return Reply(200, {"faults": core.faults.settings(), "limits": {
        "enabled": core.limits.enabled, "period": core.limits.period, **core.limits.quotas}})


def handle(core: Core, method: str, path: str, body: dict[str, Any]) -> Reply:
    """Dispatch one admin request."""
    if (method, path) == ("GET", "/-/sandbox/log"):
        return Reply(200, core.log.snapshot())
    if (method, path) == ("POST", "/-/sandbox/log/reset"):
        core.log.reset()
        return Reply(200, {"ok": True})
    if (method, path) == ("GET", "/-/sandbox/state"):
        with core.lock:
            return Reply(200, {"premium": core.premium, **core.store.dump()})
    if (method, path) == ("POST", "/-/sandbox/faults"):
        return _faults(core, body)
    if (method, path) == ("POST", "/-/sandbox/clock"):
        return _clock(core, body)
    if (method, path) == ("GET", "/-/sandbox/health"):
        return Reply(200, {"ok": True, "base_url": core.base_url})
    raise errors.route_not_found()
