"""Routes: project issues (list with filters, get, create, update, delete)."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .entities_work import issue as issue_entity
from .issue_filters import find_issues
from .params import Params
from .services import create_issue, update_issue
from .store import ProjectData

UPDATE_FIELDS = ["assignee_id", "assignee_ids", "confidential", "created_at", "description",
                 "discussion_locked", "due_date", "labels", "add_labels", "remove_labels",
                 "milestone_id", "state_event", "title", "issue_type"]


def render(ctx: Ctx, project: ProjectData, issue: dict[str, Any]) -> dict[str, Any]:
    """The issue entity for this request (labels as objects with `with_labels_details`)."""
    details = bool(ctx.params.boolean("with_labels_details", default=False))
    return issue_entity(ctx.base, ctx.store, project, issue, premium=ctx.core.premium,
                        label_details=details)


def _due_date(params: Params) -> str | None:
    value = params.text("due_date")
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise errors.invalid("due_date") from None


def _assignees(params: Params) -> list[int] | None:
    """`assignee_ids` (0 or empty = none) or the deprecated single `assignee_id`."""
    ids = params.int_list("assignee_ids")
    if ids is None and "assignee_id" in params:
        single = params.integer("assignee_id")
        ids = [] if single is None else [single]
    if ids is None:
        return None
    return [uid for uid in ids if uid > 0]


@route("GET", "/projects/:id/issues")
def list_issues(ctx: Ctx) -> Reply:
    """GET issues: filters, order, offset pagination."""
    project = ctx.project("read_issue")
    issues = find_issues(ctx, project)
    return ctx.page(issues, lambda issue: render(ctx, project, issue))


@route("GET", "/projects/:id/issues/:issue_iid")
def get_issue(ctx: Ctx) -> Reply:
    """GET one issue by iid."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    return Reply(200, {**render(ctx, project, issue), "subscribed": ctx.user["id"] in (
        issue["author_id"], *issue["assignee_ids"])})


@route("POST", "/projects/:id/issues")
def post_issue(ctx: Ctx) -> Reply:
    """POST an issue: `title` required; description quick actions run."""
    project = ctx.project("create_issue")
    params = ctx.params
    title = params.text("title", required=True)
    created_at = params.time("created_at")
    if created_at is not None and not ctx.can(project, "set_created_at"):
        created_at = None
    fields = {"title": title, "description": params.text("description"),
              "labels": params.names("labels"), "assignee_ids": _assignees(params),
              "confidential": params.boolean("confidential", default=False),
              "created_at": created_at, "due_date": _due_date(params)}
    issue = create_issue(ctx.core, project, ctx.user, fields)
    return Reply(201, render(ctx, project, issue))


@route("PUT", "/projects/:id/issues/:issue_iid")
def put_issue(ctx: Ctx) -> Reply:
    """PUT an issue: labels / add_labels / remove_labels, state_event, assignees, ..."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    if not (ctx.can(project, "update_issue") or issue["author_id"] == ctx.user["id"]):
        raise errors.forbidden()
    params = ctx.params
    if not any(name in params for name in UPDATE_FIELDS):
        raise errors.at_least_one(UPDATE_FIELDS)
    changes: dict[str, Any] = {}
    for name in ("title", "description"):
        if name in params:
            changes[name] = params.text(name) or ("" if name == "description" else None)
    if changes.get("title", "x") is None:
        raise errors.validation({"title": ["can't be blank"]})
    for name in ("labels", "add_labels", "remove_labels"):
        if name in params:
            changes[name] = params.names(name)
    assignees = _assignees(params)
    if assignees is not None:
        changes["assignee_ids"] = assignees
    if "state_event" in params:
        changes["state_event"] = params.choice("state_event", ("close", "reopen"), "close")
    for name in ("discussion_locked", "confidential"):
        if name in params:
            changes[name] = params.boolean(name)
    if "due_date" in params:
        changes["due_date"] = _due_date(params)
    update_issue(ctx.core, project, issue, ctx.user, changes)
    return Reply(200, render(ctx, project, issue))


@route("DELETE", "/projects/:id/issues/:issue_iid")
def delete_issue(ctx: Ctx) -> Reply:
    """DELETE an issue (owners and admins only)."""
    project = ctx.project("read_issue")
    issue = ctx.issue(project)
    if not ctx.can(project, "set_created_at"):
        raise errors.forbidden()
    project.delete_issue(issue["iid"])
    return Reply(204)
