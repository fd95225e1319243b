"""JSON renderers for issues, boards and board lists."""

from __future__ import annotations

from typing import Any

from .entities import label_basic, project_basic, user_basic
from .store import ProjectData, Store


def issue_counts(issue: dict[str, Any]) -> tuple[int, int, int]:
    """(user_notes_count, upvotes, downvotes) for an issue."""
    notes = sum(1 for item in issue["notes"] if not item["system"])
    up = sum(1 for item in issue["awards"] if item["name"] == "thumbsup")
    down = sum(1 for item in issue["awards"] if item["name"] == "thumbsdown")
    return notes, up, down


def issue(base: str, store: Store, project: ProjectData, item: dict[str, Any], *,
          premium: bool = False, label_details: bool = False) -> dict[str, Any]:
    """The issue entity: labels sorted by title, `assignee` = first of `assignees`."""
    labels = sorted((project.labels[i] for i in item["label_ids"]), key=lambda lab: lab["name"])
    assignees = [user_basic(base, store.users[uid]) for uid in item["assignee_ids"]]
    closed_by = item["closed_by_id"]
    notes, up, down = issue_counts(item)
    api = f"{base}/api/v4/projects/{project.id}"
    iid = item["iid"]
    entity: dict[str, Any] = {
        "id": item["id"],
        "iid": iid,
        "project_id": project.id,
        "title": item["title"],
        "description": item["description"],
        "state": item["state"],
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
        "closed_at": item["closed_at"],
        "closed_by": None if closed_by is None else user_basic(base, store.users[closed_by]),
        "labels": [label_basic(lab) for lab in labels] if label_details
        else [lab["name"] for lab in labels],
        "milestone": None,
        "assignees": assignees,
        "author": user_basic(base, store.users[item["author_id"]]),
        "type": "ISSUE",
        "assignee": assignees[0] if assignees else None,
        "user_notes_count": notes,
        "merge_requests_count": 0,
        "upvotes": up,
        "downvotes": down,
        "due_date": item["due_date"],
        "confidential": item["confidential"],
        "discussion_locked": item["discussion_locked"],
        "issue_type": "issue",
        "web_url": f"{base}/{project.path}/-/issues/{iid}",
        "time_stats": {"time_estimate": 0, "total_time_spent": 0,
                       "human_time_estimate": None, "human_total_time_spent": None},
        "task_completion_status": {"count": 0, "completed_count": 0},
        "has_tasks": False,
        "_links": {"self": f"{api}/issues/{iid}", "notes": f"{api}/issues/{iid}/notes",
                   "award_emoji": f"{api}/issues/{iid}/award_emoji", "project": api,
                   "closed_as_duplicate_of": None},
        "references": {"short": f"#{iid}", "relative": f"#{iid}",
                       "full": f"{project.path}#{iid}"},
        "severity": "UNKNOWN",
        "moved_to_id": None,
        "imported": False,
        "imported_from": "none",
        "service_desk_reply_to": None,
    }
    if premium:
        entity.update({"weight": None, "epic_iid": None, "epic": None, "iteration": None,
                       "health_status": None})
    return entity


def board_list(project: ProjectData, item: dict[str, Any]) -> dict[str, Any]:
    """A label list of a board (the fields board.json allows)."""
    return {
        "id": item["id"],
        "label": label_basic(project.labels[item["label_id"]]),
        "position": item["position"],
        "max_issue_count": 0,
        "max_issue_weight": 0,
        "limit_metric": None,
    }


def board(base: str, project: ProjectData, item: dict[str, Any], premium: bool) -> dict[str, Any]:
    """A board; `lists` holds only label lists, ordered by position."""
    lists = sorted(item["lists"], key=lambda entry: entry["position"])
    entity: dict[str, Any] = {
        "id": item["id"],
        "name": item["name"],
        "hide_backlog_list": item["hide_backlog_list"],
        "hide_closed_list": item["hide_closed_list"],
        "project": project_basic(base, project),
        "milestone": None,
        "lists": [board_list(project, entry) for entry in lists],
    }
    if premium:
        entity.update({"assignee": None, "labels": [], "weight": None})
    return entity
