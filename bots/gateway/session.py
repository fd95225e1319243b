"""The gateway's HTTP session: every request paced and counted (reads, writes, by status)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import requests

from bots.errors import SaTriageError
from bots.pacing import READ_METHODS, WritePacer

log = logging.getLogger("sa-triage.http")


class RequestCounter:
    """Counts every HTTP exchange (retries included) as a read or a write, by method and route."""

    def __init__(self) -> None:
        self.reads = 0
        self.writes = 0
        self.by_status: Counter[int] = Counter()

    def hook(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        method = response.request.method or "GET"
        if method in READ_METHODS:
            self.reads += 1
        else:
            self.writes += 1
        self.by_status[response.status_code] += 1
        log.debug("%s %s -> %s", method, response.request.path_url.split("?")[0], response.status_code)

    def snapshot(self) -> tuple[int, int]:
        return self.reads, self.writes


class PacedSession(requests.Session):
    """Every request goes by the pacer: it may wait before one and counts each after its answer."""

    def __init__(self, pacer: WritePacer, read_only: bool = False) -> None:
        super().__init__()
        self.pacer = pacer
        self.read_only = read_only

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        method, path = request.method or "GET", urlsplit(request.url or "").path
        if self.read_only and method not in READ_METHODS:
            raise SaTriageError(f"refused {method} {path}: this run has only the read-only token "
                                "(GITLAB_READ_TOKEN), which never writes")
        self.pacer.before_request(method, path)
        status, headers = None, {}
        try:
            response = super().send(request, **kwargs)
            status, headers = response.status_code, dict(response.headers)
            return response
        finally:
            self.pacer.after_response(method, path, status, headers)
