"""A tiny in-memory git: blobs with git's blob ids, snapshot commits, branches."""

from __future__ import annotations

import base64
import difflib
import hashlib
from typing import Any

from . import errors
from .core import Core
from .store import ProjectData

Commit = dict[str, Any]
ACTIONS = ("create", "update", "delete", "move", "chmod")


def blob_id(content: bytes) -> str:
    """Git's blob object id: sha1 of `blob <size>\\0<content>`."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def blob(project: ProjectData, sha: str) -> bytes:
    """The bytes of a stored blob."""
    return base64.b64decode(project.repo["blobs"][sha])


def resolve(project: ProjectData, ref: str | None) -> Commit | None:
    """A commit by branch name, full sha or unique sha prefix (>= 7 chars); default branch if None."""
    repo = project.repo
    ref = ref or project.record["default_branch"]
    if ref in repo["branches"]:
        return repo["commits"][repo["branches"][ref]]
    if ref.startswith("refs/heads/") and ref[11:] in repo["branches"]:
        return repo["commits"][repo["branches"][ref[11:]]]
    if len(ref) >= 7:
        matches = [sha for sha in repo["commits"] if sha.startswith(ref)]
        if len(matches) == 1:
            return repo["commits"][matches[0]]
    return None


def history(project: ProjectData, head: Commit) -> list[Commit]:
    """The first-parent history from `head`, newest first."""
    commits = project.repo["commits"]
    result = [head]
    while result[-1]["parent_ids"]:
        result.append(commits[result[-1]["parent_ids"][0]])
    return result


def last_commit_id(project: ProjectData, head: Commit, path: str) -> str:
    """The newest commit (from `head`) that changed `path`."""
    for commit in history(project, head):
        if path in commit["changed"]:
            return str(commit["id"])
    return str(head["id"])


def _decode(action: dict[str, Any]) -> bytes:
    content = action.get("content")
    if content is None:
        return b""
    if action.get("encoding") == "base64":
        try:
            return base64.b64decode(str(content), validate=True)
        except ValueError:
            raise errors.bad_request("content is not valid base64") from None
    return str(content).encode()


def _stats(old: bytes, new: bytes) -> tuple[int, int]:
    diff = difflib.unified_diff(old.decode(errors="replace").splitlines(),
                                new.decode(errors="replace").splitlines(), lineterm="", n=0)
    plus = minus = 0
    for line in diff:
        if line.startswith("+") and not line.startswith("+++"):
            plus += 1
        elif line.startswith("-") and not line.startswith("---"):
            minus += 1
    return plus, minus


def _apply(project: ProjectData, tree: dict[str, str], action: dict[str, Any],
           totals: list[int]) -> str:
    """Apply one commit action to `tree`; return the changed path. 400 on conflicts."""
    kind, path = action.get("action"), str(action.get("file_path") or "")
    if kind not in ACTIONS:
        raise errors.bad_request(f"Unknown action '{kind}'")
    if not path:
        raise errors.bad_request("file_path is missing")
    exists = path in tree
    if kind == "create" and exists:
        raise errors.bad_request("A file with this name already exists")
    if kind in ("update", "delete", "chmod") and not exists:
        raise errors.bad_request("A file with this name doesn't exist")
    old = blob(project, tree[path]) if exists else b""
    if kind == "move":
        previous = str(action.get("previous_path") or "")
        if previous not in tree:
            raise errors.bad_request("A file with this name doesn't exist")
        if exists:
            raise errors.bad_request("A file with this name already exists")
        old = blob(project, tree.pop(previous))
    if kind == "delete":
        del tree[path]
        totals[1] += old.count(b"\n") + (1 if old and not old.endswith(b"\n") else 0)
        return path
    if kind == "chmod":
        return path
    new = old if kind == "move" and action.get("content") is None else _decode(action)
    if action.get("last_commit_id") and kind == "update" and action["last_commit_id"] != \
            action.get("_current_last_commit"):
        raise errors.bad_request("You are attempting to update a file that has changed since "
                                 "you started editing it.")
    sha = blob_id(new)
    project.repo["blobs"][sha] = base64.b64encode(new).decode()
    tree[path] = sha
    plus, minus = _stats(old, new)
    totals[0] += plus
    totals[1] += minus
    return path


def commit(core: Core, project: ProjectData, user: dict[str, Any], branch: str, message: str,
           actions: list[dict[str, Any]], *, start_branch: str | None = None,
           author_name: str | None = None, author_email: str | None = None) -> Commit:
    """Create one atomic commit on `branch` (created from `start_branch` or when empty)."""
    repo = project.repo
    head = resolve(project, branch) if branch in repo["branches"] else None
    if head is None:
        if start_branch is not None:
            head = resolve(project, start_branch)
            if head is None:
                raise errors.bad_request(f"Invalid start branch {start_branch}")
        elif repo["branches"]:
            raise errors.bad_request("You can only create or edit files when you are on a branch")
    tree = dict(head["tree"]) if head else {}
    totals = [0, 0]
    changed = []
    for action in actions:
        path = str(action.get("file_path") or "")
        if head is not None and path in tree:
            action = {**action, "_current_last_commit": last_commit_id(project, head, path)}
        changed.append(_apply(project, tree, action, totals))
        if action.get("action") == "move":
            changed.append(str(action.get("previous_path")))
    now = core.now_iso()
    parent = [head["id"]] if head else []
    seed = f"{parent}{message}{sorted(tree.items())}{now}{core.store.next_id('commit')}"
    sha = hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()
    name, email = author_name or user["name"], author_email or user["email"]
    record = {"id": sha, "parent_ids": parent, "message": message,
              "title": message.split("\n", 1)[0], "author_name": name, "author_email": email,
              "authored_date": now, "committer_name": name, "committer_email": email,
              "committed_date": now, "created_at": now, "tree": tree, "changed": changed,
              "stats": {"additions": totals[0], "deletions": totals[1],
                        "total": totals[0] + totals[1]}}
    repo["commits"][sha] = record
    repo["branches"][branch] = sha
    project.record["last_activity_at"] = now
    return record
