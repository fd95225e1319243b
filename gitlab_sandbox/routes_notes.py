"""Routes: issue notes, award emoji on issues and notes, resource label events."""

from __future__ import annotations

import re
from typing import Any

from . import errors, webhooks
from .context import Ctx, Reply, route
from .entities import award as award_entity
from .entities import label_event
from .entities import note as note_entity
from .services import commands_reply, create_note, update_note
from .store import ProjectData

_EMOJI_NAME = re.compile(r"^[a-z0-9_+\-]{1,64}$")


def _note(ctx: Ctx, issue: dict[str, Any]) -> dict[str, Any]:
    note_id = ctx.int_arg("note_id", "Note")
    for item in issue["notes"]:
        if item["id"] == note_id:
            return item
    raise errors.record_not_found()


def _readable(ctx: Ctx, project: ProjectData, item: dict[str, Any]) -> bool:
    return not item["internal"] or ctx.can(project, "read_internal_note")


@route("GET", "/projects/:id/issues/:issue_iid/notes")
def list_notes(ctx: Ctx) -> Reply:
    """GET notes: newest first by default; unreadable ones dropped after paging (as GitLab)."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    order_by = ctx.params.choice("order_by", ("created_at", "updated_at"), "created_at")
    sort = ctx.params.choice("sort", ("asc", "desc"), "desc")
    activity = ctx.params.choice("activity_filter",
                                 ("all_notes", "only_comments", "only_activity"), "all_notes")
    notes = sorted(issue["notes"], key=lambda n: (n[order_by], n["id"]), reverse=sort == "desc")
    if activity != "all_notes":
        notes = [n for n in notes if n["system"] == (activity == "only_activity")]
    reply = ctx.page(notes, lambda n: n)
    reply.body = [note_entity(ctx.base, ctx.store, issue, n) for n in reply.body
                  if _readable(ctx, project, n)]
    return reply


@route("GET", "/projects/:id/issues/:issue_iid/notes/:note_id")
def get_note(ctx: Ctx) -> Reply:
    """GET one note."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    item = _note(ctx, issue)
    if not _readable(ctx, project, item):
        raise errors.not_found("Note")
    return Reply(200, note_entity(ctx.base, ctx.store, issue, item))


@route("POST", "/projects/:id/issues/:issue_iid/notes")
def post_note(ctx: Ctx) -> Reply:
    """POST a note: 201 with it, or 202 `{commands_changes, summary}` when commands only."""
    project = ctx.project("create_note")
    issue = ctx.issue(project)
    body = ctx.params.text("body", required=True)
    assert body is not None
    internal = bool(ctx.params.boolean("internal") or ctx.params.boolean("confidential"))
    created_at = ctx.params.time("created_at") if ctx.can(project, "set_created_at") else None
    item, result = create_note(ctx.core, project, issue, ctx.user, body, internal=internal,
                               created_at=created_at)
    if item is None:
        return Reply(202, commands_reply(result))
    return Reply(201, note_entity(ctx.base, ctx.store, issue, item, result.changes))


def _editable(ctx: Ctx, project: ProjectData, item: dict[str, Any]) -> None:
    if item["system"] or not (item["author_id"] == ctx.user["id"]
                              or ctx.can(project, "admin_note")):
        raise errors.forbidden()


@route("PUT", "/projects/:id/issues/:issue_iid/notes/:note_id")
def put_note(ctx: Ctx) -> Reply:
    """PUT a note's body; quick actions run, and a commands-only body deletes the note."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    item = _note(ctx, issue)
    _editable(ctx, project, item)
    body = ctx.params.text("body", required=True)
    assert body is not None
    result = update_note(ctx.core, project, issue, item, ctx.user, body)
    if not result.content:
        return Reply(202, commands_reply(result))
    return Reply(200, note_entity(ctx.base, ctx.store, issue, item, result.changes))


@route("DELETE", "/projects/:id/issues/:issue_iid/notes/:note_id")
def delete_note(ctx: Ctx) -> Reply:
    """DELETE a note (author or Maintainer)."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    item = _note(ctx, issue)
    _editable(ctx, project, item)
    issue["notes"].remove(item)
    project.touch()
    return Reply(204)


def _awardable(ctx: Ctx) -> tuple[dict[str, Any], tuple[int, str], ProjectData]:
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    if "note_id" in ctx.args:
        item = _note(ctx, issue)
        return item, (item["id"], "Note"), project
    return issue, (issue["id"], "Issue"), project


def _find_award(ctx: Ctx, target: dict[str, Any]) -> dict[str, Any]:
    award_id = ctx.int_arg("award_id", "Award Emoji")
    for item in target["awards"]:
        if item["id"] == award_id:
            return item
    raise errors.not_found("Award Emoji")


@route("GET", "/projects/:id/issues/:issue_iid/award_emoji")
@route("GET", "/projects/:id/issues/:issue_iid/notes/:note_id/award_emoji")
def list_awards(ctx: Ctx) -> Reply:
    """GET award emoji, paged."""
    target, key, _ = _awardable(ctx)
    return ctx.page(target["awards"], lambda a: award_entity(ctx.base, ctx.store, a, key))


@route("GET", "/projects/:id/issues/:issue_iid/award_emoji/:award_id")
@route("GET", "/projects/:id/issues/:issue_iid/notes/:note_id/award_emoji/:award_id")
def get_award(ctx: Ctx) -> Reply:
    """GET one award emoji."""
    target, key, _ = _awardable(ctx)
    return Reply(200, award_entity(ctx.base, ctx.store, _find_award(ctx, target), key))


@route("POST", "/projects/:id/issues/:issue_iid/award_emoji")
@route("POST", "/projects/:id/issues/:issue_iid/notes/:note_id/award_emoji")
def post_award(ctx: Ctx) -> Reply:
    """POST `name`: the same emoji twice by one user → 404, as GitLab's award API."""
    target, key, project = _awardable(ctx)
    if not ctx.can(project, "award_emoji"):
        raise errors.forbidden()
    name = (ctx.params.text("name", required=True) or "").strip(":")
    if not _EMOJI_NAME.match(name):
        raise errors.not_found('Award Emoji {:name=>["is not a valid emoji name"]}')
    if any(a["name"] == name and a["user_id"] == ctx.user["id"] for a in target["awards"]):
        raise errors.not_found('Award Emoji {:name=>["has already been taken"]}')
    now = ctx.core.now_iso()
    item = {"id": ctx.store.next_id("award"), "name": name, "user_id": ctx.user["id"],
            "created_at": now, "updated_at": now}
    target["awards"].append(item)
    project.touch()
    webhooks.fire(ctx.core, project, "emoji", ctx.user, ctx.issue(project),
                  {"name": name, "awardable_type": "Note" if "note_id" in ctx.args else "Issue"})
    return Reply(201, award_entity(ctx.base, ctx.store, item, key))


@route("DELETE", "/projects/:id/issues/:issue_iid/award_emoji/:award_id")
@route("DELETE", "/projects/:id/issues/:issue_iid/notes/:note_id/award_emoji/:award_id")
def delete_award(ctx: Ctx) -> Reply:
    """DELETE an award (only its owner)."""
    target, _, project = _awardable(ctx)
    item = _find_award(ctx, target)
    if item["user_id"] != ctx.user["id"]:
        raise errors.forbidden()
    target["awards"].remove(item)
    project.touch()
    return Reply(204)


@route("GET", "/projects/:id/issues/:issue_iid/resource_label_events")
def list_label_events(ctx: Ctx) -> Reply:
    """GET resource label events (how newer GitLab records label changes), paged."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    return ctx.page(issue["label_events"],
                    lambda e: label_event(ctx.base, ctx.store, project, issue, e))


@route("GET", "/projects/:id/issues/:issue_iid/resource_label_events/:event_id")
def get_label_event(ctx: Ctx) -> Reply:
    """GET one resource label event."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    event_id = ctx.int_arg("event_id", "Resource Label Event")
    for event in issue["label_events"]:
        if event["id"] == event_id:
            return Reply(200, label_event(ctx.base, ctx.store, project, issue, event))
    raise errors.record_not_found()
