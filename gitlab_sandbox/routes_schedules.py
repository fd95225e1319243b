"""Routes: pipeline schedules, ownership and schedule variables."""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .cron import parse, zone
from .entities_repo import schedule as schedule_entity
from .entities_repo import variable
from .store import ProjectData

_KEY = re.compile(r"^[A-Za-z0-9_]{1,255}$")


def _schedule(ctx: Ctx, project: ProjectData) -> dict[str, Any]:
    item = project.schedules.get(ctx.int_arg("pipeline_schedule_id", "Pipeline Schedule"))
    if item is None:
        raise errors.not_found("Pipeline Schedule")
    return item


def _render(ctx: Ctx, item: dict[str, Any], detail: bool = False) -> dict[str, Any]:
    return schedule_entity(ctx.base, ctx.store, item, ctx.core.now(), detail=detail)


def _expand_ref(project: ProjectData, ref: str) -> str:
    """`main` → `refs/heads/main` when the branch exists (GitLab's expand_short_ref)."""
    if ref.startswith("refs/") or ref not in project.repo["branches"]:
        return ref
    return f"refs/heads/{ref}"


def _check(cron: str | None, timezone: str | None) -> None:
    problems: dict[str, list[str]] = {}
    try:
        if cron is not None:
            parse(cron)
    except ValueError:
        problems["cron"] = ["is invalid syntax"]
    try:
        if timezone is not None:
            zone(timezone)
    except ValueError:
        problems["cron_timezone"] = ["is invalid syntax"]
    if problems:
        raise errors.validation(problems)


def _owned(ctx: Ctx, project: ProjectData, item: dict[str, Any]) -> None:
    """Only the owner may edit a schedule or its variables (403 otherwise, even for Maintainers)."""
    if item["owner_id"] != ctx.user["id"] and not ctx.user["admin"]:
        raise errors.forbidden()
    if not ctx.can(project, "create_pipeline_schedule"):
        raise errors.forbidden()


@route("GET", "/projects/:id/pipeline_schedules")
def list_schedules(ctx: Ctx) -> Reply:
    """GET schedules, optionally `scope=active|inactive`, paged."""
    project = ctx.project("read_pipeline_schedule")
    scope = ctx.params.text("scope")
    if scope not in (None, "active", "inactive"):
        raise errors.invalid_value("scope")
    items = sorted(project.schedules.values(), key=lambda item: item["id"])
    if scope is not None:
        items = [item for item in items if item["active"] == (scope == "active")]
    return ctx.page(items, lambda item: _render(ctx, item))


@route("GET", "/projects/:id/pipeline_schedules/:pipeline_schedule_id")
def get_schedule(ctx: Ctx) -> Reply:
    """GET one schedule with its variables."""
    project = ctx.project("read_pipeline_schedule")
    return Reply(200, _render(ctx, _schedule(ctx, project), detail=True))


@route("POST", "/projects/:id/pipeline_schedules")
def post_schedule(ctx: Ctx) -> Reply:
    """POST a schedule: description, ref, cron required; UTC and active by default."""
    project = ctx.project("create_pipeline_schedule")
    params = ctx.params
    missing = [name for name in ("description", "ref", "cron") if name not in params]
    if missing:
        raise errors.missing(*missing)
    ref = params.required_text("ref")
    cron, timezone = params.text("cron"), params.text("cron_timezone") or "UTC"
    _check(cron, timezone)
    now = ctx.core.now_iso()
    item = {"id": ctx.store.next_id("schedule"), "description": params.text("description"),
            "ref": _expand_ref(project, ref), "cron": cron, "cron_timezone": timezone,
            "active": params.boolean("active", default=True), "owner_id": ctx.user["id"],
            "created_at": now, "updated_at": now, "variables": []}
    project.schedules[item["id"]] = item
    return Reply(201, _render(ctx, item, detail=True))


@route("PUT", "/projects/:id/pipeline_schedules/:pipeline_schedule_id")
def put_schedule(ctx: Ctx) -> Reply:
    """PUT a schedule (owner only)."""
    project = ctx.project("read_pipeline_schedule")
    item = _schedule(ctx, project)
    _owned(ctx, project, item)
    params = ctx.params
    _check(params.text("cron"), params.text("cron_timezone"))
    for name in ("description", "cron", "cron_timezone"):
        if params.text(name) is not None:
            item[name] = params.text(name)
    if params.text("ref") is not None:
        item["ref"] = _expand_ref(project, params.required_text("ref"))
    if params.boolean("active") is not None:
        item["active"] = params.boolean("active")
    item["updated_at"] = ctx.core.now_iso()
    return Reply(200, _render(ctx, item, detail=True))


@route("DELETE", "/projects/:id/pipeline_schedules/:pipeline_schedule_id")
def delete_schedule(ctx: Ctx) -> Reply:
    """DELETE a schedule (Maintainer)."""
    project = ctx.project("admin_pipeline_schedule")
    del project.schedules[_schedule(ctx, project)["id"]]
    return Reply(204)


@route("POST", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/take_ownership")
def take_ownership(ctx: Ctx) -> Reply:
    """POST take_ownership: 201, or 200 when the caller already owns it."""
    project = ctx.project("admin_pipeline_schedule")
    item = _schedule(ctx, project)
    if item["owner_id"] == ctx.user["id"]:
        return Reply(200, _render(ctx, item, detail=True))
    item["owner_id"] = ctx.user["id"]
    item["updated_at"] = ctx.core.now_iso()
    return Reply(201, _render(ctx, item, detail=True))


@route("POST", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/play")
def play_schedule(ctx: Ctx) -> Reply:
    """POST play: 201 (no pipeline is actually run)."""
    project = ctx.project("create_pipeline_schedule")
    _schedule(ctx, project)
    return Reply(201, {"message": "201 Created"})


@route("GET", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/pipelines")
def schedule_pipelines(ctx: Ctx) -> Reply:
    """GET the schedule's pipelines (always none in the sandbox)."""
    project = ctx.project("read_pipeline_schedule")
    _schedule(ctx, project)
    return ctx.page([], lambda item: item)


def _variable(item: dict[str, Any], key: str) -> dict[str, Any]:
    for entry in item["variables"]:
        if entry["key"] == key:
            return entry
    raise errors.not_found("Pipeline Schedule Variable")


@route("POST", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/variables")
def post_variable(ctx: Ctx) -> Reply:
    """POST a variable (`key`, `value`, `variable_type`): 201."""
    project = ctx.project("read_pipeline_schedule")
    item = _schedule(ctx, project)
    _owned(ctx, project, item)
    key = ctx.params.text("key", required=True) or ""
    value = ctx.params.text("value", required=True)
    kind = ctx.params.choice("variable_type", ("env_var", "file"), "env_var")
    if not _KEY.match(key):
        raise errors.validation({"key": ["can contain only letters, digits and '_'."]})
    if any(entry["key"] == key for entry in item["variables"]):
        raise errors.validation({"key": [f"({key}) has already been taken"]})
    entry = {"key": key, "value": value, "variable_type": kind}
    item["variables"].append(entry)
    return Reply(201, variable(entry))


@route("PUT", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/variables/:key")
def put_variable(ctx: Ctx) -> Reply:
    """PUT a variable's value or type."""
    project = ctx.project("read_pipeline_schedule")
    item = _schedule(ctx, project)
    _owned(ctx, project, item)
    entry = _variable(item, ctx.args["key"])
    if ctx.params.text("value") is not None:
        entry["value"] = ctx.params.text("value")
    if "variable_type" in ctx.params:
        entry["variable_type"] = ctx.params.choice("variable_type", ("env_var", "file"), "env_var")
    return Reply(200, variable(entry))


@route("DELETE", "/projects/:id/pipeline_schedules/:pipeline_schedule_id/variables/:key")
def delete_variable(ctx: Ctx) -> Reply:
    """DELETE a variable: 202 Accepted with the deleted variable."""
    project = ctx.project("read_pipeline_schedule")
    item = _schedule(ctx, project)
    _owned(ctx, project, item)
    entry = _variable(item, ctx.args["key"])
    item["variables"].remove(entry)
    return Reply(202, variable(entry))
