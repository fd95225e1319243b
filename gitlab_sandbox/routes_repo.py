"""Routes: repository files (encoded paths, base64), commits, branches and tree."""

from __future__ import annotations

from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .entities_repo import commit_basic, commit_detail, file_entity, tree_entries
from .repo import blob, commit, history, resolve
from .store import ProjectData


def _head(ctx: Ctx, project: ProjectData, ref: str | None) -> dict[str, Any]:
    head = resolve(project, ref)
    if head is None:
        raise errors.not_found("Commit")
    return head


def _file(ctx: Ctx, project: ProjectData, ref: str | None) -> tuple[dict[str, Any], str]:
    head = _head(ctx, project, ref)
    path = ctx.args["file_path"]
    if path not in head["tree"]:
        raise errors.not_found("File")
    return head, path


@route("GET", "/projects/:id/repository/files/:file_path")
def get_file(ctx: Ctx) -> Reply:
    """GET a file: `ref` required; base64 content and blob/commit ids."""
    project = ctx.project("read_code")
    ref = ctx.params.text("ref", required=True)
    head, path = _file(ctx, project, ref)
    return Reply(200, file_entity(project, head, path, str(ref)))


@route("HEAD", "/projects/:id/repository/files/:file_path")
def head_file(ctx: Ctx) -> Reply:
    """HEAD a file: the metadata as X-Gitlab-* headers."""
    project = ctx.project("read_code")
    ref = ctx.params.text("ref", required=True)
    head, path = _file(ctx, project, ref)
    entity = file_entity(project, head, path, str(ref))
    headers = {f"X-Gitlab-{key.replace('_', '-').title()}": str(value)
               for key, value in entity.items() if key != "content"}
    return Reply(200, None, headers)


@route("GET", "/projects/:id/repository/files/:file_path/raw")
def get_raw_file(ctx: Ctx) -> Reply:
    """GET the raw bytes of a file (`ref` defaults to the default branch)."""
    project = ctx.project("read_code")
    head, path = _file(ctx, project, ctx.params.text("ref"))
    return Reply(200, blob(project, head["tree"][path]), content_type="text/plain; charset=utf-8")


def _write(ctx: Ctx, action: str) -> dict[str, Any]:
    project = ctx.project("push_code")
    params = ctx.params
    branch = params.required_text("branch")
    message = params.required_text("commit_message")
    spec: dict[str, Any] = {"action": action, "file_path": ctx.args["file_path"]}
    if action != "delete":
        spec["content"] = params.text("content", required=True)
        spec["encoding"] = params.choice("encoding", ("text", "base64"), "text")
        spec["last_commit_id"] = params.text("last_commit_id")
    commit(ctx.core, project, ctx.user, branch, message, [spec],
           start_branch=params.text("start_branch"), author_name=params.text("author_name"),
           author_email=params.text("author_email"))
    return {"file_path": ctx.args["file_path"], "branch": branch}


@route("POST", "/projects/:id/repository/files/:file_path")
def create_file(ctx: Ctx) -> Reply:
    """POST a new file: 201 `{file_path, branch}`; 400 if it exists."""
    return Reply(201, _write(ctx, "create"))


@route("PUT", "/projects/:id/repository/files/:file_path")
def update_file(ctx: Ctx) -> Reply:
    """PUT an existing file: 200 `{file_path, branch}`; 400 if it is missing."""
    return Reply(200, _write(ctx, "update"))


@route("DELETE", "/projects/:id/repository/files/:file_path")
def delete_file(ctx: Ctx) -> Reply:
    """DELETE a file (`branch`, `commit_message`)."""
    _write(ctx, "delete")
    return Reply(204)


@route("POST", "/projects/:id/repository/commits")
def create_commit(ctx: Ctx) -> Reply:
    """POST an atomic multi-file commit with `actions[]`: 201 with the commit detail."""
    project = ctx.project("push_code")
    params = ctx.params
    branch = params.required_text("branch")
    message = params.required_text("commit_message")
    actions = params.raw("actions")
    if not isinstance(actions, list) or not actions:
        raise errors.missing("actions")
    if not all(isinstance(action, dict) for action in actions):
        raise errors.invalid("actions")
    record = commit(ctx.core, project, ctx.user, branch, message, actions,
                    start_branch=params.text("start_branch"),
                    author_name=params.text("author_name"),
                    author_email=params.text("author_email"))
    return Reply(201, commit_detail(ctx.base, project, record))


@route("GET", "/projects/:id/repository/commits")
def list_commits(ctx: Ctx) -> Reply:
    """GET commits of `ref_name` (default branch), newest first, optionally touching `path`."""
    project = ctx.project("read_code")
    head = resolve(project, ctx.params.text("ref_name"))
    commits = history(project, head) if head else []
    path = ctx.params.text("path")
    if path:
        commits = [c for c in commits if any(p == path or p.startswith(path.rstrip("/") + "/")
                                             for p in c["changed"])]
    return ctx.page(commits, lambda c: commit_basic(ctx.base, project, c))


@route("GET", "/projects/:id/repository/commits/:sha")
def get_commit(ctx: Ctx) -> Reply:
    """GET one commit by sha or branch."""
    project = ctx.project("read_code")
    return Reply(200, commit_detail(ctx.base, project, _head(ctx, project, ctx.args["sha"])))


def _branch(ctx: Ctx, project: ProjectData, name: str) -> dict[str, Any]:
    head = project.repo["commits"][project.repo["branches"][name]]
    return {"name": name, "merged": False, "protected": name == project.record["default_branch"],
            "default": name == project.record["default_branch"], "developers_can_push": False,
            "developers_can_merge": False, "can_push": ctx.can(project, "push_code"),
            "web_url": f"{ctx.base}/{project.path}/-/tree/{name}",
            "commit": commit_basic(ctx.base, project, head)}


@route("GET", "/projects/:id/repository/branches")
def list_branches(ctx: Ctx) -> Reply:
    """GET branches, paged."""
    project = ctx.project("read_code")
    names = sorted(project.repo["branches"])
    return ctx.page(names, lambda name: _branch(ctx, project, name))


@route("GET", "/projects/:id/repository/branches/:branch")
def get_branch(ctx: Ctx) -> Reply:
    """GET one branch."""
    project = ctx.project("read_code")
    if ctx.args["branch"] not in project.repo["branches"]:
        raise errors.not_found("Branch")
    return Reply(200, _branch(ctx, project, ctx.args["branch"]))


@route("GET", "/projects/:id/repository/tree")
def list_tree(ctx: Ctx) -> Reply:
    """GET the tree at `path` and `ref` (optionally recursive), paged."""
    project = ctx.project("read_code")
    head = resolve(project, ctx.params.text("ref"))
    if head is None:
        raise errors.not_found("Tree")
    entries = tree_entries(head, ctx.params.text("path") or "",
                           bool(ctx.params.boolean("recursive", default=False)))
    return ctx.page(entries, lambda entry: entry)
