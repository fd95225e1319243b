"""Routes: issue boards and their label lists (positions start at 0)."""

from __future__ import annotations

from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .entities_work import board as board_entity
from .entities_work import board_list
from .store import ProjectData


def _board(ctx: Ctx, project: ProjectData) -> dict[str, Any]:
    board = project.boards.get(ctx.int_arg("board_id", "Board"))
    if board is None:
        raise errors.not_found("Board")
    return board


def _list(ctx: Ctx, board: dict[str, Any]) -> dict[str, Any]:
    list_id = ctx.int_arg("list_id", "List")
    for item in board["lists"]:
        if item["id"] == list_id:
            return item
    raise errors.not_found("List")


def _renumber(board: dict[str, Any]) -> None:
    for position, item in enumerate(sorted(board["lists"], key=lambda i: i["position"])):
        item["position"] = position


@route("GET", "/projects/:id/boards")
def list_boards(ctx: Ctx) -> Reply:
    """GET boards, paged."""
    project = ctx.project("read_issue")
    boards = sorted(project.boards.values(), key=lambda board: board["id"])
    return ctx.page(boards, lambda b: board_entity(ctx.base, project, b, ctx.core.premium))


@route("GET", "/projects/:id/boards/:board_id")
def get_board(ctx: Ctx) -> Reply:
    """GET one board."""
    project = ctx.project("read_issue")
    return Reply(200, board_entity(ctx.base, project, _board(ctx, project), ctx.core.premium))


@route("POST", "/projects/:id/boards")
def post_board(ctx: Ctx) -> Reply:
    """POST a board (`name`); hidden backlog/closed lists are implied, never listed."""
    project = ctx.project("admin_board")
    name = ctx.params.required_text("name")
    board: dict[str, Any] = {"id": ctx.store.next_id("board"), "name": name, "hide_backlog_list": False,
             "hide_closed_list": False, "lists": []}
    project.boards[board["id"]] = board
    return Reply(201, board_entity(ctx.base, project, board, ctx.core.premium))


@route("PUT", "/projects/:id/boards/:board_id")
def put_board(ctx: Ctx) -> Reply:
    """PUT a board's name or hide_* flags."""
    project = ctx.project("admin_board")
    board = _board(ctx, project)
    if "name" in ctx.params:
        board["name"] = ctx.params.required_text("name")
    for flag in ("hide_backlog_list", "hide_closed_list"):
        value = ctx.params.boolean(flag)
        if value is not None:
            board[flag] = value
    return Reply(200, board_entity(ctx.base, project, board, ctx.core.premium))


@route("DELETE", "/projects/:id/boards/:board_id")
def delete_board(ctx: Ctx) -> Reply:
    """DELETE a board."""
    project = ctx.project("admin_board")
    del project.boards[_board(ctx, project)["id"]]
    return Reply(204)


@route("GET", "/projects/:id/boards/:board_id/lists")
def list_lists(ctx: Ctx) -> Reply:
    """GET a board's label lists by position (open/closed lists are not included)."""
    project = ctx.project("read_issue")
    board = _board(ctx, project)
    lists = sorted(board["lists"], key=lambda item: item["position"])
    return ctx.page(lists, lambda item: board_list(project, item))


@route("GET", "/projects/:id/boards/:board_id/lists/:list_id")
def get_list(ctx: Ctx) -> Reply:
    """GET one list."""
    project = ctx.project("read_issue")
    return Reply(200, board_list(project, _list(ctx, _board(ctx, project))))


@route("POST", "/projects/:id/boards/:board_id/lists")
def post_list(ctx: Ctx) -> Reply:
    """POST a label list: position = max + 1 (0 first); duplicate label → 400."""
    project = ctx.project("admin_board")
    board = _board(ctx, project)
    others = [key for key in ("assignee_id", "milestone_id", "iteration_id") if key in ctx.params]
    if "label_id" not in ctx.params:
        if others:
            raise errors.ApiError(400, {"message": {"error": f"{others[0][:-3].title()} lists "
                                                    "are not emulated by the sandbox"}})
        raise errors.ApiError(400, {"error": "label_id, assignee_id, milestone_id, iteration_id "
                                             "are missing, exactly one parameter must be provided"})
    if others:
        raise errors.ApiError(400, {"error": "label_id, " + ", ".join(others)
                                    + " are mutually exclusive"})
    label_id = ctx.params.integer("label_id")
    if label_id not in project.labels:
        raise errors.ApiError(400, {"message": {"error": "Label not found"}})
    if any(item["label_id"] == label_id for item in board["lists"]):
        raise errors.validation({"label": ["has already been taken"]})
    position = max((item["position"] for item in board["lists"]), default=-1) + 1
    item = {"id": ctx.store.next_id("list"), "label_id": label_id, "position": position}
    board["lists"].append(item)
    return Reply(201, board_list(project, item))


@route("PUT", "/projects/:id/boards/:board_id/lists/:list_id")
def put_list(ctx: Ctx) -> Reply:
    """PUT `position`: move the list, shifting the ones in between."""
    project = ctx.project("admin_board")
    board = _board(ctx, project)
    item = _list(ctx, board)
    position = ctx.params.integer("position", required=True)
    assert position is not None
    if not 0 <= position < len(board["lists"]):
        raise errors.ApiError(400, {"message": {"error": "List could not be moved!"}})
    ordered = sorted(board["lists"], key=lambda entry: entry["position"])
    ordered.remove(item)
    ordered.insert(position, item)
    for index, entry in enumerate(ordered):
        entry["position"] = index
    return Reply(200, board_list(project, item))


@route("DELETE", "/projects/:id/boards/:board_id/lists/:list_id")
def delete_list(ctx: Ctx) -> Reply:
    """DELETE a list; the lists after it move up."""
    project = ctx.project("admin_board")
    board = _board(ctx, project)
    board["lists"].remove(_list(ctx, board))
    _renumber(board)
    return Reply(204)
