"""Routes: the current user, users, projects and project members."""

from __future__ import annotations

from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .entities import member, project_full, user_basic, user_current, user_public


@route("GET", "/user")
def get_current_user(ctx: Ctx) -> Reply:
    """GET /user: the token's owner."""
    return Reply(200, user_current(ctx.base, ctx.user))


@route("GET", "/users")
def list_users(ctx: Ctx) -> Reply:
    """GET /users?username=|search=: UserBasic entries, paged."""
    username = ctx.params.text("username")
    search = (ctx.params.text("search") or "").lower()
    users = sorted(ctx.store.users.values(), key=lambda user: user["id"])
    if username is not None:
        users = [user for user in users if user["username"].lower() == username.lower()]
    if search:
        users = [user for user in users
                 if search in user["username"].lower() or search in user["name"].lower()]
    return ctx.page(users, lambda user: user_basic(ctx.base, user))


@route("GET", "/users/:user_id")
def get_user(ctx: Ctx) -> Reply:
    """GET /users/:id."""
    user = ctx.store.users.get(ctx.int_arg("user_id", "User"))
    if user is None:
        raise errors.not_found("User")
    return Reply(200, user_public(ctx.base, user))


@route("GET", "/projects")
def list_projects(ctx: Ctx) -> Reply:
    """GET /projects: the projects the caller is a member of (membership implied), paged."""
    projects = [p for p in sorted(ctx.store.projects.values(), key=lambda p: p.id)
                if ctx.level(p) > 0 or p.record["visibility"] != "private"]
    search = (ctx.params.text("search") or "").lower()
    if search:
        projects = [p for p in projects if search in p.path.lower()]
    return ctx.page(projects, lambda p: project_full(ctx.base, p, ctx.level(p)))


@route("GET", "/projects/:id")
def get_project(ctx: Ctx) -> Reply:
    """GET /projects/:id (numeric id or URL-encoded path)."""
    project = ctx.project()
    return Reply(200, project_full(ctx.base, project, ctx.level(project)))


def _members(ctx: Ctx) -> list[tuple[dict[str, Any], int]]:
    project = ctx.project()
    query = (ctx.params.text("query") or "").lower()
    wanted = ctx.params.int_list("user_ids")
    rows = []
    for key, level in sorted(project.record["members"].items(), key=lambda kv: int(kv[0])):
        user = ctx.store.users[int(key)]
        if query and query not in user["username"].lower() and query not in user["name"].lower():
            continue
        if wanted is not None and user["id"] not in wanted:
            continue
        rows.append((user, int(level)))
    return rows


@route("GET", "/projects/:id/members")
@route("GET", "/projects/:id/members/all")
def list_members(ctx: Ctx) -> Reply:
    """GET /projects/:id/members[/all]: members with access levels, paged."""
    return ctx.page(_members(ctx), lambda row: member(ctx.base, row[0], row[1]))


@route("GET", "/projects/:id/members/:user_id")
@route("GET", "/projects/:id/members/all/:user_id")
def get_member(ctx: Ctx) -> Reply:
    """GET /projects/:id/members[/all]/:user_id."""
    wanted = ctx.int_arg("user_id", "Member")
    for user, level in _members(ctx):
        if user["id"] == wanted:
            return Reply(200, member(ctx.base, user, level))
    raise errors.not_found("Member")
