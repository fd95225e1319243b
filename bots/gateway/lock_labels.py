"""The run lock's store in GitLab (`bots.runlock.LockStore`): a label created, read, updated and
deleted without python-gitlab's blind transient retries: the lock's own loop is bounded, sleeps
through an injectable function and reads back what a failed answer may have done."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import gitlab
import requests
from gitlab.v4.objects import Project

from bots.runlock import LockStoreError


class LockLabels:
    """The lock's label requests, for a gateway that has `project` and `_gl`."""

    _gl: gitlab.Gitlab

    @property
    def project(self) -> Project:
        raise NotImplementedError  # the gateway's own (GatewayReads.project)

    def _lock_request(self, request: str, fn: Any) -> Any:
        try:
            return fn()
        except gitlab.GitlabError as e:
            raise LockStoreError(request, e.response_code, str(e.error_message)) from None
        except (requests.ConnectionError, requests.Timeout) as e:
            raise LockStoreError(request, None, type(e).__name__) from None

    def create_lock_label(self, name: str, description: str) -> bool:
        try:
            self._lock_request("POST", lambda: self.project.labels.create(
                {"name": name, "color": "#000000", "description": description},
                retry_transient_errors=False))
        except LockStoreError as e:
            if e.status == 409:
                return False
            raise
        return True

    def read_lock_label(self, name: str) -> str | None:
        found = self._lock_request("GET", lambda: [
            x for x in self.project.labels.list(iterator=True, search=name, retry_transient_errors=False)
            if x.name == name])
        return (found[0].description or "") if found else None

    def update_lock_label(self, name: str, description: str) -> None:
        self._lock_request("PUT", lambda: self.project.labels.update(
            name, {"description": description}, retry_transient_errors=False))

    def delete_lock_label(self, name: str) -> int:
        """The status of the DELETE: 2xx, or 404 (gone already, or a label GitLab will not delete)."""
        def delete() -> int:
            path = f"/projects/{self.project.encoded_id}/labels/{quote(name, safe='')}"
            return int(self._gl.http_delete(path, retry_transient_errors=False).status_code)
        try:
            return int(self._lock_request("DELETE", delete))
        except LockStoreError as e:
            if e.status == 404:
                return 404
            raise
