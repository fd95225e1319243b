"""JSON renderers for users, projects, labels, issues, notes and awards (GitLab's fields)."""

from __future__ import annotations

import hashlib
import html
from typing import Any

from .store import ProjectData, Store

User = dict[str, Any]


def avatar_url(user: User) -> str:
    """A Gravatar-style avatar URL, as GitLab renders for users without an upload."""
    digest = hashlib.md5(user["email"].lower().encode(), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?s=80&d=identicon"


def user_basic(base: str, user: User) -> User:
    """UserBasic: exactly the six fields GitLab's schemas allow."""
    return {
        "id": user["id"],
        "username": user["username"],
        "name": user["name"],
        "state": user["state"],
        "avatar_url": avatar_url(user),
        "web_url": f"{base}/{user['username']}",
    }


def user_public(base: str, user: User) -> User:
    """The public user entity (GET /users/:id)."""
    return {
        **user_basic(base, user),
        "locked": False,
        "created_at": user["created_at"],
        "bio": "",
        "location": "",
        "public_email": None,
        "bot": user["bot"],
        "job_title": "",
        "pronouns": None,
        "work_information": None,
    }


def user_current(base: str, user: User) -> User:
    """The authenticated user's own entity (GET /user)."""
    entity = {
        **user_public(base, user),
        "email": user["email"],
        "commit_email": user["email"],
        "can_create_group": True,
        "can_create_project": True,
        "two_factor_enabled": False,
        "external": False,
        "private_profile": False,
    }
    if user["admin"]:
        entity["is_admin"] = True
    return entity


def member(base: str, user: User, level: int) -> User:
    """A project member entity."""
    return {**user_basic(base, user), "access_level": level, "expires_at": None,
            "membership_state": "active"}


def namespace(base: str, project: ProjectData) -> dict[str, Any]:
    """The project's namespace (its parent path)."""
    full = project.path.rsplit("/", 1)[0] if "/" in project.path else project.path
    return {"id": project.record["namespace_id"], "name": full.rsplit("/", 1)[-1],
            "path": full.rsplit("/", 1)[-1], "kind": "group", "full_path": full,
            "parent_id": None, "avatar_url": None, "web_url": f"{base}/groups/{full}"}


def project_basic(base: str, project: ProjectData) -> dict[str, Any]:
    """ProjectBasic-like fields (the shape board.json allows)."""
    record = project.record
    return {
        "id": project.id,
        "description": record["description"],
        "name": record["name"],
        "name_with_namespace": " / ".join(project.path.split("/")),
        "path": project.path.rsplit("/", 1)[-1],
        "path_with_namespace": project.path,
        "created_at": record["created_at"],
        "default_branch": record["default_branch"],
        "tag_list": [],
        "topics": [],
        "ssh_url_to_repo": f"git@127.0.0.1:{project.path}.git",
        "http_url_to_repo": f"{base}/{project.path}.git",
        "web_url": f"{base}/{project.path}",
        "readme_url": None,
        "avatar_url": None,
        "forks_count": 0,
        "star_count": 0,
        "last_activity_at": record["last_activity_at"],
        "namespace": namespace(base, project),
    }


def project_full(base: str, project: ProjectData, level: int) -> dict[str, Any]:
    """The project entity for GET /projects/:id, with the caller's permissions."""
    open_count = len(project.index.by_state.get("opened", ()))
    api = f"{base}/api/v4/projects/{project.id}"
    return {
        **project_basic(base, project),
        "visibility": project.record["visibility"],
        "archived": False,
        "empty_repo": not project.repo["branches"],
        "issues_enabled": True,
        "open_issues_count": open_count,
        "_links": {"self": api, "issues": f"{api}/issues", "labels": f"{api}/labels",
                   "members": f"{api}/members"},
        "permissions": {
            "project_access": {"access_level": level, "notification_level": 3} if level else None,
            "group_access": None,
        },
    }


def text_color(color: str) -> str:
    """GitLab's contrasting text colour for a label background."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(char * 2 for char in value)
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#1F1E24" if (0.299 * red + 0.587 * green + 0.114 * blue) / 255 > 0.5 else "#FFFFFF"


def label_basic(label: dict[str, Any]) -> dict[str, Any]:
    """LabelBasic: the seven fields of label_basic.json."""
    description = label["description"]
    return {
        "id": label["id"],
        "name": label["name"],
        "color": label["color"],
        "description": description,
        "description_html": html.escape(description) if description else "",
        "text_color": text_color(label["color"]),
        "remove_on_close": False,
    }


def project_label(label: dict[str, Any], counts: dict[str, int] | None = None) -> dict[str, Any]:
    """The project label entity (with counts when asked)."""
    entity = {**label_basic(label), "subscribed": False, "priority": label["priority"],
              "is_project_label": True, "archived": False}
    if counts is not None:
        entity.update(counts)
    return entity


def award(base: str, store: Store, item: dict[str, Any], awardable: tuple[int, str]) -> dict[str, Any]:
    """An award emoji entity."""
    return {
        "id": item["id"],
        "name": item["name"],
        "user": user_basic(base, store.users[item["user_id"]]),
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
        "awardable_id": awardable[0],
        "awardable_type": awardable[1],
        "url": None,
    }


def note(base: str, store: Store, issue: dict[str, Any], item: dict[str, Any],
         commands_changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A note entity with exactly the fields of notes.json (no project_id or imported*)."""
    return {
        "id": item["id"],
        "type": None,
        "body": item["body"],
        "attachment": None,
        "author": user_basic(base, store.users[item["author_id"]]),
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
        "system": item["system"],
        "noteable_id": issue["id"],
        "noteable_type": "Issue",
        "resolvable": False,
        "confidential": item["internal"],
        "internal": item["internal"],
        "noteable_iid": issue["iid"],
        "commands_changes": commands_changes or {},
    }


def label_event(base: str, store: Store, project: ProjectData, issue: dict[str, Any],
                event: dict[str, Any]) -> dict[str, Any]:
    """A resource label event entity."""
    label = project.labels.get(event["label_id"])
    return {
        "id": event["id"],
        "user": user_basic(base, store.users[event["user_id"]]),
        "created_at": event["created_at"],
        "resource_type": "Issue",
        "resource_id": issue["id"],
        "label": None if label is None else {
            "id": label["id"], "name": label["name"], "color": label["color"],
            "description": label["description"]},
        "action": event["action"],
    }
