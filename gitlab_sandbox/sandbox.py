"""The public facade: build state from Python, serve it, observe it, save and load it; `serve()`."""

from __future__ import annotations

import base64
import json
import signal
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from .core import Core
from .entities import note as note_entity
from .entities import project_label
from .entities_work import issue as issue_entity
from .issues import DEFAULT_LABEL_COLOR, new_label
from .repo import blob, commit, resolve
from .server import Server
from .services import create_issue, create_note
from .store import ProjectData, Store
from .timeutil import iso, normalize

Stamp = datetime | str | None


def _stamp(value: Stamp) -> str | None:
    if value is None:
        return None
    return iso(value) if isinstance(value, datetime) else normalize(value)


class Sandbox(Core):
    """A faithful local GitLab REST v4 emulator with a Python API for tests and seeding."""

    def __init__(self, premium: bool = False, seed: int = 0) -> None:
        super().__init__(premium=premium, seed=seed)
        self._server: Server | None = None

    @property
    def url(self) -> str | None:
        """The base URL while serving (e.g. http://127.0.0.1:54321), else None."""
        return None if self._server is None else self._server.url

    def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        """Serve in a background thread; return the base URL."""
        if self._server is None:
            self._server = Server(self, host, port)
        return self._server.url

    def stop(self) -> None:
        """Stop serving (state is kept)."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _project(self, ref: str | int) -> ProjectData:
        project = self.store.project_by_ref(ref)
        if project is None:
            raise KeyError(f"no such project: {ref}")
        return project

    def _user(self, username: str) -> dict[str, Any]:
        user = self.store.user_by_username(username)
        if user is None:
            raise KeyError(f"no such user: {username}")
        return user

    def add_user(self, username: str, *, name: str | None = None, token: str | None = None,
                 email: str | None = None, admin: bool = False, bot: bool = False) -> dict[str, Any]:
        """Create a user; `token` is its personal access token (default glpat-<username>)."""
        with self.lock:
            if self.store.user_by_username(username) is not None:
                raise ValueError(f"user exists: {username}")
            user: dict[str, Any] = {
                "id": self.store.next_id("user"), "username": username, "name": name or username,
                "email": email or f"{username}@example.com", "state": "active", "admin": admin,
                "bot": bot, "tokens": [token or f"glpat-{username}"], "created_at": self.now_iso()}
            self.store.add_user(user)
            return {**user, "token": user["tokens"][0]}

    def add_project(self, path: str, *, default_branch: str = "main", description: str = "",
                    visibility: str = "private", initialize_repo: bool = True) -> dict[str, Any]:
        """Create a project at `group/name`; by default its repo gets a README on the branch."""
        with self.lock:
            if self.store.project_by_ref(path) is not None:
                raise ValueError(f"project exists: {path}")
            now = self.now_iso()
            record: dict[str, Any] = {
                "id": self.store.next_id("project"), "path_with_namespace": path,
                "name": path.rsplit("/", 1)[-1], "description": description,
                "default_branch": default_branch, "visibility": visibility, "created_at": now,
                "last_activity_at": now, "members": {}, "next_iid": 1,
                "namespace_id": self.store.next_id("namespace")}
            project = ProjectData(record)
            self.store.add_project(project)
            if initialize_repo:
                system = {"name": "Administrator", "email": "admin@example.com"}
                commit(self, project, system, default_branch, "Initial commit",
                       [{"action": "create", "file_path": "README.md",
                         "content": f"# {record['name']}\n"}])
            return dict(record)

    def add_member(self, project: str | int, username: str, access_level: int) -> None:
        """Give a user an access level (10 Guest … 50 Owner) in a project."""
        with self.lock:
            user = self._user(username)
            target = self._project(project)
            target.record["members"][str(user["id"])] = int(access_level)
            target.touch()

    def add_label(self, project: str | int, name: str, *, color: str = DEFAULT_LABEL_COLOR,
                  description: str | None = None, priority: int | None = None) -> dict[str, Any]:
        """Create a project label."""
        with self.lock:
            target = self._project(project)
            if target.label_by_name(name) is not None:
                raise ValueError(f"label exists: {name}")
            return project_label(new_label(self, target, name, color, description, priority))

    def add_issue(self, project: str | int, title: str, *, author: str,
                  description: str | None = None, labels: list[str] | tuple[str, ...] = (),
                  assignees: list[str] | tuple[str, ...] = (), state: str = "opened",
                  confidential: bool = False, created_at: Stamp = None,
                  updated_at: Stamp = None, due_date: str | None = None,
                  quick_actions: bool = False) -> dict[str, Any]:
        """Seed an issue directly (no request logged; quick actions off unless asked)."""
        with self.lock:
            target, user = self._project(project), self._user(author)
            created = _stamp(created_at)
            fields = {"title": title, "description": description, "labels": list(labels),
                      "assignee_ids": [self._user(name)["id"] for name in assignees],
                      "confidential": confidential, "due_date": due_date, "created_at": created,
                      "updated_at": _stamp(updated_at) or created}
            issue = create_issue(self, target, user, fields, quick_actions=quick_actions,
                                 log=False)
            if state == "closed":
                issue.update(state="closed", closed_at=issue["updated_at"],
                             closed_by_id=user["id"])
                target.changed(issue)
            return issue_entity(self.base_url, self.store, target, issue, premium=self.premium)

    def add_note(self, project: str | int, iid: int, body: str, *, author: str,
                 created_at: Stamp = None, internal: bool = False,
                 quick_actions: bool = False) -> dict[str, Any] | None:
        """Seed a note (None if quick actions consumed the whole body)."""
        with self.lock:
            target, user = self._project(project), self._user(author)
            issue = target.issues[iid]
            saved_updated = issue["updated_at"]
            note, _ = create_note(self, target, issue, user, body, internal=internal,
                                  created_at=_stamp(created_at), quick_actions=quick_actions,
                                  log=False)
            if created_at is not None:
                issue["updated_at"] = max(saved_updated, _stamp(created_at) or saved_updated)
            return None if note is None else note_entity(self.base_url, self.store, issue, note)

    def add_file(self, project: str | int, path: str, content: str | bytes, *,
                 branch: str | None = None, message: str | None = None,
                 author: str | None = None) -> str:
        """Commit one file (create or update); return the commit sha."""
        with self.lock:
            target = self._project(project)
            branch = branch or target.record["default_branch"]
            head = resolve(target, branch)
            action = "update" if head is not None and path in head["tree"] else "create"
            data = content if isinstance(content, bytes) else content.encode()
            user = self._user(author) if author else {"name": "Administrator",
                                                      "email": "admin@example.com"}
            record = commit(self, target, user, branch, message or f"Add {path}",
                            [{"action": action, "file_path": path, "encoding": "base64",
                              "content": base64.b64encode(data).decode()}])
            return str(record["id"])

    def issue(self, project: str | int, iid: int) -> dict[str, Any]:
        """The issue entity as the API would render it."""
        with self.lock:
            target = self._project(project)
            return issue_entity(self.base_url, self.store, target, target.issues[iid],
                                premium=self.premium)

    def issues(self, project: str | int) -> list[dict[str, Any]]:
        """All issue entities of a project, by iid."""
        with self.lock:
            target = self._project(project)
            return [issue_entity(self.base_url, self.store, target, item, premium=self.premium)
                    for item in target.issues.values()]

    def notes(self, project: str | int, iid: int) -> list[dict[str, Any]]:
        """An issue's notes (system ones included), oldest first."""
        with self.lock:
            issue = self._project(project).issues[iid]
            return [note_entity(self.base_url, self.store, issue, n) for n in issue["notes"]]

    def labels(self, project: str | int) -> list[dict[str, Any]]:
        """A project's labels, by title."""
        with self.lock:
            target = self._project(project)
            return [project_label(label) for label in
                    sorted(target.labels.values(), key=lambda label: label["name"])]

    def schedules(self, project: str | int) -> list[dict[str, Any]]:
        """A project's pipeline schedule records (raw, with owner_id and variables)."""
        with self.lock:
            return json.loads(json.dumps(list(self._project(project).schedules.values())))

    def file(self, project: str | int, path: str, ref: str | None = None) -> bytes | None:
        """A file's bytes at `ref` (default branch), or None."""
        with self.lock:
            target = self._project(project)
            head = resolve(target, ref)
            if head is None or path not in head["tree"]:
                return None
            return blob(target, head["tree"][path])

    def dump(self) -> dict[str, Any]:
        """The whole state as JSON-ready data."""
        with self.lock:
            return {"premium": self.premium, **self.store.dump()}

    def load(self, data: dict[str, Any]) -> None:
        """Replace the state with `dump()` output."""
        with self.lock:
            self.store = Store.load(data)
            self.premium = bool(data.get("premium", self.premium))

    def save(self, path: str | Path) -> None:
        """Write the state to a JSON file."""
        Path(path).write_text(json.dumps(self.dump(), indent=1, sort_keys=True))

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> Sandbox:
        """A new sandbox loaded from a JSON state file."""
        sandbox = cls(**options)
        try:
            sandbox.load(json.loads(Path(path).read_text()))
        except (ValueError, KeyError) as problem:
            raise ValueError(f"bad sandbox state file {path}: {problem}") from None
        return sandbox


def serve(port: int, state: Path | None = None, premium: bool = False, *,
          host: str = "127.0.0.1") -> None:
    """Serve a sandbox until interrupted (SIGINT/SIGTERM); save state on shutdown if given."""
    sandbox = Sandbox.from_file(state) if state is not None and state.exists() else Sandbox()
    sandbox.premium = premium
    stopped = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    # The server thread is up (and answers) before this thread reaches its wait: a Ctrl-C in
    # between must still stop it, or the process would live on in that thread.
    try:
        url = sandbox.start(port=port, host=host)
        print(f"GitLab sandbox listening on {url} (premium={premium})", flush=True)
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        if state is not None:
            sandbox.save(state)
