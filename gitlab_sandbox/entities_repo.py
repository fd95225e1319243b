"""JSON renderers for commits, repository files, tree entries and pipeline schedules."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from .cron import next_run_at
from .entities import user_basic
from .repo import blob, last_commit_id
from .store import ProjectData, Store
from .timeutil import iso


def commit_basic(base: str, project: ProjectData, item: dict[str, Any]) -> dict[str, Any]:
    """The commit entity (commit/basic.json)."""
    return {
        "id": item["id"],
        "short_id": item["id"][:8],
        "created_at": item["created_at"],
        "parent_ids": list(item["parent_ids"]),
        "title": item["title"],
        "message": item["message"],
        "author_name": item["author_name"],
        "author_email": item["author_email"],
        "authored_date": item["authored_date"],
        "committer_name": item["committer_name"],
        "committer_email": item["committer_email"],
        "committed_date": item["committed_date"],
        "trailers": {},
        "extended_trailers": {},
        "web_url": f"{base}/{project.path}/-/commit/{item['id']}",
    }


def commit_detail(base: str, project: ProjectData, item: dict[str, Any]) -> dict[str, Any]:
    """The commit detail entity (commit/detail.json): stats, status, last_pipeline, project_id."""
    return {**commit_basic(base, project, item), "stats": dict(item["stats"]), "status": None,
            "last_pipeline": None, "project_id": project.id}


def file_entity(project: ProjectData, head: dict[str, Any], path: str, ref: str) -> dict[str, Any]:
    """GET …/repository/files/:file_path: metadata plus base64 content."""
    sha = head["tree"][path]
    content = blob(project, sha)
    return {
        "file_name": path.rsplit("/", 1)[-1],
        "file_path": path,
        "size": len(content),
        "encoding": "base64",
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "ref": ref,
        "blob_id": sha,
        "commit_id": head["id"],
        "last_commit_id": last_commit_id(project, head, path),
        "execute_filemode": False,
        "content": base64.b64encode(content).decode(),
    }


def _folder(path: str) -> dict[str, Any]:
    digest = hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()
    return {"id": digest, "name": path.rsplit("/", 1)[-1], "type": "tree", "path": path,
            "mode": "040000"}


def tree_entries(head: dict[str, Any], path: str, recursive: bool) -> list[dict[str, Any]]:
    """Entries of the tree at `path`: folders first, then files, each sorted by path."""
    prefix = path.strip("/") + "/" if path.strip("/") else ""
    entries: dict[str, dict[str, Any]] = {}
    for file_path, sha in head["tree"].items():
        if not file_path.startswith(prefix):
            continue
        parts = file_path[len(prefix):].split("/")
        depth_limit = len(parts) - 1 if recursive else min(len(parts) - 1, 1)
        for depth in range(1, depth_limit + 1):
            folder = prefix + "/".join(parts[:depth])
            entries.setdefault(folder, _folder(folder))
        if recursive or len(parts) == 1:
            entries[file_path] = {"id": sha, "name": parts[-1], "type": "blob",
                                  "path": file_path, "mode": "100644"}
    return sorted(entries.values(), key=lambda e: (e["type"] != "tree", e["path"]))


def variable(item: dict[str, Any]) -> dict[str, Any]:
    """A pipeline schedule variable (pipeline_schedule_variable.json)."""
    return {"key": item["key"], "value": item["value"], "variable_type": item["variable_type"]}


def schedule(base: str, store: Store, item: dict[str, Any], now: datetime, *,
             detail: bool = False) -> dict[str, Any]:
    """A pipeline schedule; details add last_pipeline and variables."""
    upcoming = next_run_at(item["cron"], item["cron_timezone"], now)
    entity: dict[str, Any] = {
        "id": item["id"],
        "description": item["description"],
        "ref": item["ref"],
        "cron": item["cron"],
        "cron_timezone": item["cron_timezone"],
        "next_run_at": iso(upcoming) if upcoming else None,
        "active": item["active"],
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
        "owner": user_basic(base, store.users[item["owner_id"]]),
    }
    if detail:
        entity["last_pipeline"] = None
        entity["variables"] = [variable(v) for v in item["variables"]]
    return entity
