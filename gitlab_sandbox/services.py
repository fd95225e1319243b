"""Create/update flows for issues and notes: quick actions, mentions and logging."""

from __future__ import annotations

from typing import Any

from . import errors, webhooks
from .core import Core
from .issues import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    apply_changes,
    change_labels,
    existing_label_ids,
    filter_assignees,
    find_or_create_labels,
    touch,
)
from .mentions import find_mentions
from .quick_exec import Interpretation, interpret
from .store import ProjectData

NOTE_MAX = 1_000_000
NOTES_PER_ISSUE_MAX = 5000


def _target(issue: dict[str, Any] | None, confidential: bool = False) -> dict[str, Any]:
    """The quick-action target: a persisted issue, or a draft being created."""
    if issue is None:
        return {"persisted": False, "state": "opened", "label_ids": [], "assignee_ids": [],
                "discussion_locked": None, "confidential": confidential, "due_date": None}
    return {"persisted": True, **{key: issue[key] for key in (
        "state", "label_ids", "assignee_ids", "discussion_locked", "confidential", "due_date")}}


def _interpret(core: Core, project: ProjectData, issue: dict[str, Any] | None,
               user: dict[str, Any], text: str | None, run: bool = True) -> Interpretation:
    if not run:
        return Interpretation(text or "")
    return interpret(core.store, project, _target(issue), user, text,
                     premium=core.premium, today=core.now().date())


def _log(core: Core, where: str, iid: int, user: dict[str, Any], result: Interpretation,
         mentions: list[str], edited: bool = False) -> None:
    """Log quick actions and mentions; `edited` mentions make a to-do but no e-mail."""
    for command in result.commands:
        core.log.quick_action({"where": where, "iid": iid, **command, "user": user["username"]})
    for name in mentions:
        known = name == "all" or core.store.user_by_username(name) is not None or any(
            p.path.lower().startswith(name.lower() + "/") for p in core.store.projects.values())
        core.log.mention({"where": where, "iid": iid, "mention": f"@{name}", "known": known,
                          "edited": edited, "user": user["username"]})


def _validate(title: str | None, description: str | None) -> None:
    problems: dict[str, list[str]] = {}
    if title is not None and not title.strip():
        problems["title"] = ["can't be blank"]
    elif title is not None and len(title) > TITLE_MAX:
        problems["title"] = [f"is too long (maximum is {TITLE_MAX} characters)"]
    if description is not None and len(description) > DESCRIPTION_MAX:
        problems["description"] = [f"is too long (maximum is {DESCRIPTION_MAX} characters)"]
    if problems:
        raise errors.validation(problems)


def create_issue(core: Core, project: ProjectData, user: dict[str, Any], fields: dict[str, Any],
                 *, quick_actions: bool = True, log: bool = True) -> dict[str, Any]:
    """Create an issue: description quick actions run, their lines are stripped."""
    title, description = fields["title"], fields.get("description")
    _validate(title, description)
    result = _interpret(core, project, None, user, description, quick_actions)
    changes = {"label_ids": find_or_create_labels(core, project, fields.get("labels") or []),
               "assignee_ids": fields.get("assignee_ids") or [],
               "confidential": bool(fields.get("confidential")),
               "due_date": fields.get("due_date"), **result.changes}
    now = core.now_iso()
    created = fields.get("created_at") or now
    iid = project.record["next_iid"]
    project.record["next_iid"] = iid + 1
    issue = {"id": core.store.next_id("issue"), "iid": iid, "project_id": project.id,
             "title": title, "description": result.content if description is not None else None,
             "state": "opened", "author_id": user["id"], "assignee_ids": [], "label_ids": [],
             "created_at": created, "updated_at": fields.get("updated_at") or now,
             "closed_at": None, "closed_by_id": None,
             "confidential": bool(changes["confidential"]), "discussion_locked": None,
             "due_date": changes["due_date"], "notes": [], "awards": [], "label_events": []}
    change_labels(core, project, issue, user["id"], changes)
    for event in issue["label_events"]:
        event["created_at"] = created
    issue["assignee_ids"] = filter_assignees(core, project, list(changes["assignee_ids"]))
    project.record["last_activity_at"] = now
    project.put_issue(issue)
    mentions = find_mentions(title) + find_mentions(issue["description"])
    if log:
        _log(core, "description", iid, user, result, list(dict.fromkeys(mentions)))
        webhooks.fire(core, project, "issue", user, issue, {"action": "open"})
    return issue


def update_issue(core: Core, project: ProjectData, issue: dict[str, Any], user: dict[str, Any],
                 params: dict[str, Any]) -> None:
    """Update an issue; only quick actions new to the description run (execute_with_original_text)."""
    _validate(params.get("title"), params.get("description"))
    changes: dict[str, Any] = {key: params[key] for key in (
        "title", "assignee_ids", "state_event", "discussion_locked", "confidential", "due_date")
        if key in params}
    if params.get("labels") is not None:
        changes["label_ids"] = find_or_create_labels(core, project, params["labels"])
    if params.get("add_labels") is not None:
        changes["add_label_ids"] = find_or_create_labels(core, project, params["add_labels"])
    if params.get("remove_labels") is not None:
        changes["remove_label_ids"] = existing_label_ids(project, params["remove_labels"])
    result = Interpretation("")
    old_description = issue["description"]
    old = set(find_mentions(issue["title"])) | set(find_mentions(old_description))
    if params.get("description") is not None:
        result = _interpret(core, project, issue, user, params["description"])
        before = _interpret(core, project, issue, user, old_description)
        fresh = {key: value for key, value in result.changes.items()
                 if before.changes.get(key) != value}
        changes["description"] = result.content
        changes.update(fresh)
    apply_changes(core, project, issue, user["id"], changes)
    now = find_mentions(issue["title"]) + find_mentions(issue["description"])
    _log(core, "description", issue["iid"], user, result,
         [name for name in dict.fromkeys(now) if name not in old], edited=True)
    webhooks.fire(core, project, "issue", user, issue, {"action": "update"})


def _check_note(body: str) -> None:
    if not body.strip():
        raise errors.bad_request("Note {:note=>[\"can't be blank\"]}")
    if len(body) > NOTE_MAX:
        raise errors.bad_request(
            f"Note {{:note=>[\"is too long (maximum is {NOTE_MAX} characters)\"]}}")


def create_note(core: Core, project: ProjectData, issue: dict[str, Any], user: dict[str, Any],
                body: str, *, internal: bool = False, created_at: str | None = None,
                quick_actions: bool = True,
                log: bool = True) -> tuple[dict[str, Any] | None, Interpretation]:
    """Create a note; a commands-only body creates none (the API answers 202)."""
    _check_note(body)
    if sum(1 for note in issue["notes"] if not note["system"]) >= NOTES_PER_ISSUE_MAX:
        raise errors.bad_request("Note {:base=>[\"Maximum number of comments exceeded\"]}")
    result = _interpret(core, project, issue, user, body, quick_actions)
    note = None
    if result.content:
        stamp = created_at or core.now_iso()
        note = {"id": core.store.next_id("note"), "body": result.content,
                "author_id": user["id"], "created_at": stamp, "updated_at": stamp,
                "system": False, "internal": internal, "awards": []}
        issue["notes"].append(note)
        touch(core, project, issue)
    if result.executed:
        apply_changes(core, project, issue, user["id"], result.changes)
    if log:
        _log(core, "note", issue["iid"], user, result, find_mentions(result.content))
    if note is not None:
        webhooks.fire(core, project, "note", user, issue,
                      {"id": note["id"], "note": note["body"], "noteable_type": "Issue"})
    return note, result


def update_note(core: Core, project: ProjectData, issue: dict[str, Any], note: dict[str, Any],
                user: dict[str, Any], body: str) -> Interpretation:
    """Edit a note; quick actions run, and a commands-only body deletes the note."""
    _check_note(body)
    result = _interpret(core, project, issue, user, body)
    if not result.content and not result.executed:
        raise errors.bad_request("Note {:note=>[\"can't be blank\"]}")
    old = set(find_mentions(note["body"]))
    if result.content and result.content != note["body"]:
        note["body"], note["updated_at"] = result.content, core.now_iso()
        touch(core, project, issue)
    if result.executed:
        apply_changes(core, project, issue, user["id"], result.changes)
    if not result.content:
        issue["notes"].remove(note)
        touch(core, project, issue)
    new = [name for name in find_mentions(result.content) if name not in old]
    _log(core, "note", issue["iid"], user, result, new, edited=True)
    return result


def commands_reply(result: Interpretation) -> dict[str, Any]:
    """The 202 body for a commands-only note (Entities::NoteCommands)."""
    summary = [" ".join(result.messages)] if result.messages else []
    return {"commands_changes": result.changes, "summary": summary}
