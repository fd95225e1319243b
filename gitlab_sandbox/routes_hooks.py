"""Routes: project webhooks, pipeline triggers and the trigger endpoint (see webhooks.py)."""

from __future__ import annotations

import secrets
from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .webhooks import trigger

HOOK_FLAGS = ("push_events", "issues_events", "confidential_issues_events", "merge_requests_events",
              "tag_push_events", "note_events", "confidential_note_events", "job_events",
              "pipeline_events", "wiki_page_events", "releases_events", "emoji_events")
DEFAULT_ON = {"push_events"}  # as GitLab: push events unless told otherwise


def _hooks(project: Any) -> list[dict[str, Any]]:
    return project.record.setdefault("hooks", [])


def _hook(ctx: Ctx, project: Any) -> dict[str, Any]:
    wanted = ctx.int_arg("hook_id", "Hook")
    for hook in _hooks(project):
        if hook["id"] == wanted:
            return hook
    raise errors.not_found("Hook")


def _render_hook(hook: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in hook.items() if k != "deliveries"}


def _set_flags(ctx: Ctx, hook: dict[str, Any], creating: bool) -> None:
    for flag in HOOK_FLAGS:
        value = ctx.params.boolean(flag)
        if value is not None:
            hook[flag] = value
        elif creating:
            hook[flag] = flag in DEFAULT_ON
    ssl = ctx.params.boolean("enable_ssl_verification")
    if ssl is not None or creating:
        hook["enable_ssl_verification"] = True if ssl is None else ssl


@route("GET", "/projects/:id/hooks")
def list_hooks(ctx: Ctx) -> Reply:
    """GET the project's webhooks (Maintainer)."""
    project = ctx.project("admin_pipeline_schedule")
    return ctx.page(_hooks(project), _render_hook)


@route("GET", "/projects/:id/hooks/:hook_id")
def get_hook(ctx: Ctx) -> Reply:
    project = ctx.project("admin_pipeline_schedule")
    return Reply(200, _render_hook(_hook(ctx, project)))


@route("POST", "/projects/:id/hooks")
def post_hook(ctx: Ctx) -> Reply:
    """POST a webhook: `url` required; push events on unless told otherwise."""
    project = ctx.project("admin_pipeline_schedule")
    url = ctx.params.text("url", required=True) or ""
    if not url.startswith(("http://", "https://")):
        raise errors.validation({"url": ["is blocked: Only allowed schemes are http, https"]})
    hook = {"id": ctx.store.next_id("hook"), "url": url, "project_id": project.id,
            "created_at": ctx.core.now_iso()}
    _set_flags(ctx, hook, creating=True)
    _hooks(project).append(hook)
    return Reply(201, _render_hook(hook))


@route("PUT", "/projects/:id/hooks/:hook_id")
def put_hook(ctx: Ctx) -> Reply:
    project = ctx.project("admin_pipeline_schedule")
    hook = _hook(ctx, project)
    url = ctx.params.text("url")
    if url is not None:
        hook["url"] = url
    _set_flags(ctx, hook, creating=False)
    return Reply(200, _render_hook(hook))


def _render_trigger(ctx: Ctx, item: dict[str, Any]) -> dict[str, Any]:
    owner = ctx.store.users.get(item["owner_id"]) or {}
    mine = item["owner_id"] == ctx.user["id"]
    return {"id": item["id"], "description": item["description"], "created_at": item["created_at"],
            "token": item["token"] if mine else item["token"][:4],  # GitLab shows it to its owner
            "owner": {"id": item["owner_id"], "username": owner.get("username", "")}}


@route("GET", "/projects/:id/triggers")
def list_triggers(ctx: Ctx) -> Reply:
    project = ctx.project("admin_pipeline_schedule")
    items = project.record.setdefault("triggers", [])
    return ctx.page(items, lambda item: _render_trigger(ctx, item))


@route("POST", "/projects/:id/triggers")
def post_trigger(ctx: Ctx) -> Reply:
    """POST a trigger (`description` required), owned by the caller."""
    project = ctx.project("admin_pipeline_schedule")
    description = ctx.params.text("description", required=True)
    item = {"id": ctx.store.next_id("trigger"), "description": description,
            "token": f"glptt-{secrets.token_hex(20)}", "owner_id": ctx.user["id"],
            "created_at": ctx.core.now_iso()}
    project.record.setdefault("triggers", []).append(item)
    return Reply(201, _render_trigger(ctx, item))


@route("POST", "/projects/:id/ref/:ref/trigger/pipeline")
def trigger_pipeline(ctx: Ctx) -> Reply:
    """The trigger endpoint (no user token: the trigger's `token` authenticates)."""
    project = ctx.store.project_by_ref(ctx.args["id"])
    token = ctx.params.text("token") or dict(ctx.query).get("token") or ""
    body = {k: v for k, v in ctx.params.data.items() if k not in ("token", "id", "ref")}
    pipeline = trigger(ctx.core, project, ctx.args["ref"], token, body) if project else None
    if pipeline is None:
        raise errors.not_found()
    return Reply(201, {k: v for k, v in pipeline.items() if k != "variables"})
