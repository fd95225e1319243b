"""Routes: project labels (ids or URL-encoded names; 409 on duplicates)."""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .context import Ctx, Reply, route
from .entities import project_label
from .issues import new_label
from .store import ProjectData

_HEX = re.compile(r"^#(?:[0-9A-Fa-f]{3}){1,2}$")
CSS_COLORS = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080",
    "gray": "#808080", "grey": "#808080", "pink": "#ffc0cb", "brown": "#a52a2a",
    "cyan": "#00ffff", "magenta": "#ff00ff", "navy": "#000080", "teal": "#008080",
    "olive": "#808000", "maroon": "#800000", "lime": "#00ff00", "silver": "#c0c0c0",
}


def _color(value: str) -> str:
    """A `#RGB`/`#RRGGBB` colour or a CSS colour name (stored as hex), else 400."""
    if _HEX.match(value):
        return value
    if value.lower() in CSS_COLORS:
        return CSS_COLORS[value.lower()]
    raise errors.validation({"color": ["must be a valid color code"]})


def _check_title(project: ProjectData, name: str, current: int | None = None) -> None:
    if not name.strip() or "," in name or len(name) > 255:
        raise errors.validation({"title": ["is invalid"]})
    existing = project.label_by_name(name)
    if existing is not None and existing["id"] != current:
        if current is None:
            raise errors.conflict("Label already exists")
        raise errors.validation({"title": ["has already been taken"]})


def find_label(project: ProjectData, ref: str) -> dict[str, Any]:
    """A label by id or title (`find_by_id || find_by_title`), else 404."""
    label = project.labels.get(int(ref)) if ref.isdigit() else None
    label = label or project.label_by_name(ref)
    if label is None:
        raise errors.not_found("Label")
    return label


def _counts(project: ProjectData) -> dict[int, dict[str, int]]:
    opened = project.index.by_state.get("opened", set())
    counts = {}
    for label_id in project.labels:
        carrying = project.index.with_label(label_id)
        open_count = len(carrying & opened)
        counts[label_id] = {"open_issues_count": open_count,
                            "closed_issues_count": len(carrying) - open_count,
                            "open_merge_requests_count": 0}
    return counts


@route("GET", "/projects/:id/labels")
def list_labels(ctx: Ctx) -> Reply:
    """GET labels, ordered by title; `with_counts` and `search` supported."""
    project = ctx.project("read_issue")
    labels = sorted(project.labels.values(), key=lambda label: label["name"])
    search = (ctx.params.text("search") or "").lower()
    if search:
        labels = [label for label in labels if search in label["name"].lower()]
    counts = _counts(project) if ctx.params.boolean("with_counts") else None
    return ctx.page(labels, lambda label: project_label(
        label, None if counts is None else counts[label["id"]]))


@route("GET", "/projects/:id/labels/:label_id")
def get_label(ctx: Ctx) -> Reply:
    """GET one label by id or name."""
    project = ctx.project("read_issue")
    return Reply(200, project_label(find_label(project, ctx.args["label_id"])))


@route("POST", "/projects/:id/labels")
def create_label(ctx: Ctx) -> Reply:
    """POST a label: `name` and `color` required; duplicate name → 409."""
    project = ctx.project("admin_label")
    name = ctx.params.text("name", required=True)
    color = ctx.params.text("color", required=True)
    assert name is not None and color is not None
    _check_title(project, name)
    label = new_label(ctx.core, project, name, _color(color), ctx.params.text("description"),
                      ctx.params.integer("priority"))
    return Reply(201, project_label(label))


def _update(ctx: Ctx, project: ProjectData, label: dict[str, Any]) -> Reply:
    fields = ("new_name", "color", "description", "priority")
    if not any(name in ctx.params for name in fields):
        raise errors.at_least_one(list(fields))
    new_name = ctx.params.text("new_name")
    color = ctx.params.text("color")
    if color is not None:
        label["color"] = _color(color)
    if "description" in ctx.params:
        label["description"] = ctx.params.text("description")
    if "priority" in ctx.params:
        label["priority"] = ctx.params.integer("priority")
    if new_name is not None and new_name != label["name"]:
        _check_title(project, new_name, label["id"])
        project.rename_label(label["id"], new_name)
    return Reply(200, project_label(label))


@route("PUT", "/projects/:id/labels/:label_id")
def update_label(ctx: Ctx) -> Reply:
    """PUT a label by id or name."""
    project = ctx.project("admin_label")
    return _update(ctx, project, find_label(project, ctx.args["label_id"]))


@route("PUT", "/projects/:id/labels")
def update_label_by_name(ctx: Ctx) -> Reply:
    """PUT with `name` in the body (deprecated route; python-gitlab's ProjectLabel.save uses it)."""
    project = ctx.project("admin_label")
    name = ctx.params.text("name") or ctx.params.text("label_id")
    if name is None:
        raise errors.ApiError(400, {"error": "label_id, name are missing, exactly one parameter "
                                             "must be provided"})
    return _update(ctx, project, find_label(project, name))


@route("DELETE", "/projects/:id/labels/:label_id")
def delete_label(ctx: Ctx) -> Reply:
    """DELETE a label by id or name (it is removed from issues and boards too)."""
    project = ctx.project("admin_label")
    project.remove_label(find_label(project, ctx.args["label_id"])["id"])
    return Reply(204)


@route("DELETE", "/projects/:id/labels")
def delete_label_by_name(ctx: Ctx) -> Reply:
    """DELETE with `name` as a param (deprecated route)."""
    project = ctx.project("admin_label")
    name = ctx.params.text("name", required=True)
    assert name is not None
    project.remove_label(find_label(project, name)["id"])
    return Reply(204)
