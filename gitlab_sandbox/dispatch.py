"""The API pipeline: route, authenticate, inject faults, throttle, handle, log."""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from . import errors
from .context import Ctx, Reply
from .core import Core
from .faults import ERROR_BODIES, RETRY_LATER, TOO_MANY, Fault, rate_limit_headers
from .params import Params, parse_body, parse_query
from .router import Router

API_PREFIX = "/api/v4"
THROTTLED_ROUTES = {
    ("POST", "/projects/:id/issues"): "issues_create",
    ("POST", "/projects/:id/issues/:issue_iid/notes"): "notes_create",
}


@dataclass
class Request:
    """What the HTTP layer hands over."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


def _token(headers: dict[str, str]) -> str | None:
    lowered = {key.lower(): value for key, value in headers.items()}
    if "private-token" in lowered:
        return lowered["private-token"]
    auth = lowered.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return None


def fault_reply(core: Core, fault: Fault) -> Reply:
    """The answer for an injected fault."""
    if 200 <= fault.status < 300:
        return Reply(fault.status, None if fault.status == 204 else {})
    if fault.status == 429:
        wait = core.faults.retry_after if fault.retry_after is None else fault.retry_after
        headers = rate_limit_headers("throttle_authenticated_api", 2000, 2001, wait) \
            if fault.headers else {}
        if fault.body == "json":
            return Reply(429, TOO_MANY, headers)
        return Reply(429, RETRY_LATER, headers, "text/plain")
    body = ERROR_BODIES.get(fault.status, {"message": f"{fault.status} Error"})
    return Reply(fault.status, body)


def _throttle(core: Core, method: str, template: str, user_id: int) -> tuple[Reply | None, dict[str, str]]:
    """gitlab.com limits: the API-wide throttle (plain text), then per-endpoint ones (JSON).

    A per-endpoint 429 carries no `Retry-After` (`check_rate_limit!` renders a plain API error),
    only the API-wide throttle's informational `RateLimit-*` headers that every answer carries.
    """
    if not core.limits.enabled:
        return None, {}
    throttled, headers = core.limits.hit("throttle_authenticated_api", user_id)
    if throttled:
        return Reply(429, RETRY_LATER, headers, "text/plain"), headers
    info = {key: value for key, value in headers.items() if key != "Retry-After"}
    name = THROTTLED_ROUTES.get((method, template))
    if name is not None:
        throttled, _ = core.limits.hit(name, user_id)
        if throttled:
            return Reply(429, TOO_MANY, dict(info)), info
    return None, info


def _params(request: Request) -> tuple[Params, list[tuple[str, str]]]:
    data: dict[str, Any] = parse_query(request.query)
    content_type = request.headers.get("Content-Type") or request.headers.get("content-type") or ""
    data.update(parse_body(request.body, content_type))
    return Params(data), parse_qsl(request.query, keep_blank_values=True)


TOKEN_IN_QUERY = frozenset({"/projects/:id/ref/:ref/trigger/pipeline"})
ANONYMOUS = {"id": 0, "username": "(trigger token)", "admin": False}


def dispatch(core: Core, router: Router, request: Request) -> Reply:
    """Run one API request through the whole pipeline and log it."""
    arrived = time.monotonic()
    route_name, username, reply = "(unknown)", None, None
    try:
        if not request.path.startswith(API_PREFIX + "/"):
            raise errors.route_not_found()
        path = request.path[len(API_PREFIX):]
        handler, args, route_name = router.match(request.method, path)
        token = _token(request.headers)
        user = core.store.user_by_token(token) if token else None
        if user is None and route_name in TOKEN_IN_QUERY:
            user = ANONYMOUS  # the trigger endpoint: its `token` parameter authenticates
        if user is None:
            raise errors.unauthorized()
        username = user["username"]
        fault = core.faults.pick(request.method, route_name)
        if core.faults.latency > 0:
            time.sleep(core.faults.latency)
        if fault is not None and not fault.after:
            reply = fault_reply(core, fault)
        else:
            reply, info = _throttle(core, request.method, route_name, user["id"])
            if reply is None:
                params, query = _params(request)
                ctx = Ctx(core, request.method, user, params, args, path, query)
                try:
                    with core.lock:
                        reply = handler(ctx)
                except errors.ApiError as problem:
                    reply = Reply(problem.status, problem.body, problem.headers)
                reply.headers.update(info)
            if fault is not None:
                reply = fault_reply(core, fault)
    except errors.ApiError as problem:
        reply = Reply(problem.status, problem.body, problem.headers)
    except Exception:  # the emulator's own bug: answer like GitLab would, keep the trace
        trace = traceback.format_exc()
        core.internal_errors.append(trace)
        print(trace, file=sys.stderr)
        reply = Reply(500, {"message": "500 Internal Server Error"})
    core.log.record(request.method, route_name, request.path, reply.status, username, arrived)
    return reply
