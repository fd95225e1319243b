"""The sandbox's state: users and projects as plain JSON-ready dicts, with indexes."""

from __future__ import annotations

import copy
from typing import Any

from .issue_index import IssueIndex

DUMP_VERSION = 1


def new_repo() -> dict[str, Any]:
    """An empty repository: branches, commits by sha (oldest first) and blobs by sha."""
    return {"branches": {}, "commits": {}, "blobs": {}}


class ProjectData:
    """One project's records (labels, issues, boards, schedules, repository) and indexes."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.labels: dict[int, dict[str, Any]] = {}
        self.label_ids: dict[str, int] = {}
        self.issues: dict[int, dict[str, Any]] = {}
        self.boards: dict[int, dict[str, Any]] = {}
        self.schedules: dict[int, dict[str, Any]] = {}
        self.repo: dict[str, Any] = new_repo()
        self.index = IssueIndex()
        self.version = 0
        self.cache: dict[Any, Any] = {}

    @property
    def id(self) -> int:
        """The project's numeric id."""
        return int(self.record["id"])

    @property
    def path(self) -> str:
        """The full path, e.g. `commercial/triage`."""
        return str(self.record["path_with_namespace"])

    def member_level(self, user_id: int) -> int:
        """The user's access level (0 when not a member)."""
        return int(self.record["members"].get(str(user_id), 0))

    def touch(self) -> None:
        """Record that issues changed, dropping cached sort orders."""
        self.version += 1
        self.cache.clear()

    def put_issue(self, issue: dict[str, Any]) -> None:
        """Store a new issue (by iid) and index it."""
        self.issues[issue["iid"]] = issue
        self.changed(issue)

    def changed(self, issue: dict[str, Any]) -> None:
        """Re-index an issue after a write to it, dropping cached orders and lists."""
        self.index.update(issue)
        self.touch()

    def delete_issue(self, iid: int) -> None:
        """Delete an issue and its index entries."""
        del self.issues[iid]
        self.index.remove(iid)
        self.touch()

    def label_by_name(self, name: str) -> dict[str, Any] | None:
        """The label with exactly this title, if any."""
        label_id = self.label_ids.get(name)
        return None if label_id is None else self.labels[label_id]

    def add_label(self, label: dict[str, Any]) -> None:
        """Store a label and index its name."""
        self.labels[label["id"]] = label
        self.label_ids[label["name"]] = label["id"]

    def remove_label(self, label_id: int) -> None:
        """Delete a label and unlink it from every issue and board list."""
        label = self.labels.pop(label_id)
        self.label_ids.pop(label["name"], None)
        for issue in self.issues.values():
            if label_id in issue["label_ids"]:
                issue["label_ids"].remove(label_id)
                self.index.update(issue)
        for board in self.boards.values():
            board["lists"] = [item for item in board["lists"] if item["label_id"] != label_id]
        self.touch()

    def rename_label(self, label_id: int, new_name: str) -> None:
        """Change a label's title and its index entry."""
        label = self.labels[label_id]
        self.label_ids.pop(label["name"], None)
        label["name"] = new_name
        self.label_ids[new_name] = label_id
        self.touch()

    def dump(self) -> dict[str, Any]:
        """A deep, JSON-ready copy of this project."""
        return copy.deepcopy(
            {
                "record": self.record,
                "labels": list(self.labels.values()),
                "issues": list(self.issues.values()),
                "boards": list(self.boards.values()),
                "schedules": list(self.schedules.values()),
                "repo": self.repo,
            }
        )

    @classmethod
    def load(cls, data: dict[str, Any]) -> ProjectData:
        """Rebuild a project (and its indexes) from `dump()` output."""
        data = copy.deepcopy(data)
        project = cls(data["record"])
        for label in data["labels"]:
            project.add_label(label)
        for issue in data["issues"]:
            project.put_issue(issue)
        project.boards = {board["id"]: board for board in data["boards"]}
        project.schedules = {item["id"]: item for item in data["schedules"]}
        project.repo = data["repo"]
        return project


class Store:
    """All users and projects, id sequences and lookup indexes."""

    def __init__(self) -> None:
        self.seq: dict[str, int] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.projects: dict[int, ProjectData] = {}
        self._tokens: dict[str, int] = {}
        self._usernames: dict[str, int] = {}
        self._paths: dict[str, int] = {}

    def next_id(self, kind: str) -> int:
        """The next id in the named sequence, starting at 1."""
        self.seq[kind] = self.seq.get(kind, 0) + 1
        return self.seq[kind]

    def add_user(self, user: dict[str, Any]) -> None:
        """Store a user and index its username and tokens."""
        self.users[user["id"]] = user
        self._usernames[user["username"].lower()] = user["id"]
        for token in user["tokens"]:
            self._tokens[token] = user["id"]

    def user_by_token(self, token: str) -> dict[str, Any] | None:
        """The user owning this token, if any."""
        user_id = self._tokens.get(token)
        return None if user_id is None else self.users[user_id]

    def user_by_username(self, username: str) -> dict[str, Any] | None:
        """The user with this username (case-insensitive, as GitLab), if any."""
        user_id = self._usernames.get(username.lower())
        return None if user_id is None else self.users[user_id]

    def add_project(self, project: ProjectData) -> None:
        """Store a project and index its path."""
        self.projects[project.id] = project
        self._paths[project.path.lower()] = project.id

    def project_by_ref(self, ref: str | int) -> ProjectData | None:
        """A project by numeric id or full path (case-insensitive)."""
        text = str(ref)
        if text.isdigit():
            return self.projects.get(int(text))
        project_id = self._paths.get(text.lower())
        return None if project_id is None else self.projects[project_id]

    def dump(self) -> dict[str, Any]:
        """A JSON-ready snapshot of everything."""
        return {
            "version": DUMP_VERSION,
            "seq": dict(self.seq),
            "users": copy.deepcopy(list(self.users.values())),
            "projects": [project.dump() for project in self.projects.values()],
        }

    @classmethod
    def load(cls, data: dict[str, Any]) -> Store:
        """Rebuild a store from `dump()` output."""
        if data.get("version") != DUMP_VERSION:
            raise ValueError(f"unsupported sandbox state version: {data.get('version')!r}")
        store = cls()
        store.seq = {str(key): int(value) for key, value in data["seq"].items()}
        for user in copy.deepcopy(data["users"]):
            store.add_user(user)
        for project in data["projects"]:
            store.add_project(ProjectData.load(project))
        return store
