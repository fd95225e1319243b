"""Issue writes shared by the API, quick actions and seeding: labels, state, system notes."""

from __future__ import annotations

from typing import Any

from .core import Core
from .store import ProjectData

DEFAULT_LABEL_COLOR = "#6699cc"
TITLE_MAX = 255
DESCRIPTION_MAX = 1_048_576


def new_label(core: Core, project: ProjectData, name: str, color: str = DEFAULT_LABEL_COLOR,
              description: str | None = None, priority: int | None = None) -> dict[str, Any]:
    """Create and store a project label."""
    label = {"id": core.store.next_id("label"), "name": name, "color": color,
             "description": description, "priority": priority}
    project.add_label(label)
    return label


def find_or_create_labels(core: Core, project: ProjectData, names: list[str]) -> list[int]:
    """Label ids for `names`, creating missing ones as project labels (as the API does)."""
    ids: list[int] = []
    for name in names:
        label = project.label_by_name(name) or new_label(core, project, name)
        if label["id"] not in ids:
            ids.append(label["id"])
    return ids


def existing_label_ids(project: ProjectData, names: list[str]) -> list[int]:
    """Ids of the labels among `names` that exist (others are ignored)."""
    labels = (project.label_by_name(name) for name in names)
    return [label["id"] for label in labels if label is not None]


def scope_of(name: str) -> str | None:
    """A scoped label's scope: everything before the last `::` (None if not scoped)."""
    return name.rsplit("::", 1)[0] if "::" in name else None


def exclusive_scopes(project: ProjectData, ids: list[int], existing: list[int],
                     order: list[int]) -> list[int]:
    """Premium's rule: per scope, keep one label, chosen by selection order, if one was added."""
    added = [i for i in ids if i not in existing]
    if not added:
        return ids
    groups: dict[Any, list[int]] = {}
    for label_id in ids:
        key = scope_of(project.labels[label_id]["name"]) or ("unscoped", label_id)
        groups.setdefault(key, []).append(label_id)
    rank = {label_id: index for index, label_id in enumerate(order)}
    result: list[int] = []
    for group in groups.values():
        if len(group) < 2 or not any(i in added for i in group):
            result.extend(group)
        else:
            result.append(max(group, key=lambda i: rank.get(i, -1)))
    return result


def system_note(core: Core, issue: dict[str, Any], user_id: int, body: str) -> None:
    """Append a system note (GitLab lists them among the notes, `system: true`)."""
    now = core.now_iso()
    issue["notes"].append({"id": core.store.next_id("note"), "body": body, "author_id": user_id,
                           "created_at": now, "updated_at": now, "system": True,
                           "internal": False, "awards": []})


def touch(core: Core, project: ProjectData, issue: dict[str, Any]) -> None:
    """Bump the issue's updated_at and the project's activity time."""
    now = core.now_iso()
    issue["updated_at"] = now
    project.record["last_activity_at"] = now
    project.changed(issue)


def change_labels(core: Core, project: ProjectData, issue: dict[str, Any], user_id: int,
                  changes: dict[str, Any]) -> bool:
    """Apply label_ids / add_label_ids / remove_label_ids, write label events; True if changed."""
    replace = changes.get("label_ids")
    add = list(changes.get("add_label_ids") or [])
    remove = set(changes.get("remove_label_ids") or [])
    existing = list(issue["label_ids"])
    ids = list(replace) if replace is not None else list(existing)
    ids += [i for i in add if i not in ids]
    ids = [i for i in dict.fromkeys(ids) if i not in remove and i in project.labels]
    if core.premium:
        ids = exclusive_scopes(project, ids, existing, add + list(replace or []))
    if set(ids) == set(existing):
        return False
    now = core.now_iso()
    for action, changed in (("add", [i for i in ids if i not in existing]),
                            ("remove", [i for i in existing if i not in ids])):
        for label_id in changed:
            issue["label_events"].append({"id": core.store.next_id("label_event"),
                                          "user_id": user_id, "created_at": now,
                                          "label_id": label_id, "action": action})
    issue["label_ids"] = ids
    return True


def filter_assignees(core: Core, project: ProjectData, ids: list[int]) -> list[int]:
    """Known users who can see the project; Free keeps only the first (no multiple assignees)."""
    kept = [uid for uid in dict.fromkeys(ids) if uid in core.store.users
            and (project.member_level(uid) or core.store.users[uid]["admin"])]
    return kept if core.premium else kept[:1]


def _assignee_note(core: Core, before: list[int], after: list[int]) -> str:
    names = core.store.users
    added = [f"@{names[uid]['username']}" for uid in after if uid not in before]
    removed = [f"@{names[uid]['username']}" for uid in before if uid not in after]
    parts = []
    if added:
        parts.append("assigned to " + " and ".join(added))
    if removed:
        parts.append("unassigned " + " and ".join(removed))
    return " and ".join(parts)


def toggle_award(core: Core, issue: dict[str, Any], user_id: int, name: str) -> None:
    """Quick-action `/award`: add the emoji, or remove the user's existing one."""
    for item in issue["awards"]:
        if item["user_id"] == user_id and item["name"] == name:
            issue["awards"].remove(item)
            return
    now = core.now_iso()
    issue["awards"].append({"id": core.store.next_id("award"), "name": name,
                            "user_id": user_id, "created_at": now, "updated_at": now})


def apply_changes(core: Core, project: ProjectData, issue: dict[str, Any], user_id: int,
                  changes: dict[str, Any]) -> bool:
    """Apply update params (API- or quick-action-style); write system notes; touch if changed."""
    changed = change_labels(core, project, issue, user_id, changes)
    notes: list[str] = []
    if "title" in changes and changes["title"] != issue["title"]:
        notes.append(f"changed title from **{issue['title']}** to **{changes['title']}**")
        issue["title"] = changes["title"]
    if "description" in changes and changes["description"] != issue["description"]:
        notes.append("changed the description")
        issue["description"] = changes["description"]
    if "assignee_ids" in changes:
        after = filter_assignees(core, project, list(changes["assignee_ids"]))
        if after != issue["assignee_ids"]:
            notes.append(_assignee_note(core, issue["assignee_ids"], after))
            issue["assignee_ids"] = after
    for key, on, off in (("discussion_locked", "locked the discussion in this issue",
                          "unlocked the discussion in this issue"),
                         ("confidential", "made the issue confidential",
                          "made the issue visible to everyone")):
        if key in changes and changes[key] is not None and bool(changes[key]) != bool(issue[key]):
            issue[key] = bool(changes[key])
            notes.append(on if issue[key] else off)
    if "due_date" in changes and changes["due_date"] != issue["due_date"]:
        issue["due_date"] = changes["due_date"]
        notes.append(f"changed due date to {issue['due_date']}" if issue["due_date"]
                     else "removed due date")
    event = changes.get("state_event")
    if event == "close" and issue["state"] == "opened":
        issue.update(state="closed", closed_at=core.now_iso(), closed_by_id=user_id)
        notes.append("closed")
    elif event == "reopen" and issue["state"] == "closed":
        issue.update(state="opened", closed_at=None, closed_by_id=None)
        notes.append("reopened")
    if changes.get("emoji_award"):
        toggle_award(core, issue, user_id, changes["emoji_award"])
    for body in notes:
        system_note(core, issue, user_id, body)
    if changed or notes:
        touch(core, project, issue)
        return True
    return False
