"""Boards and board lists: label lists only, positions from 0, duplicates → 400."""

from __future__ import annotations

import gitlab
import pytest

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client


@pytest.fixture
def board(sb: Sandbox, project):  # type: ignore[no-untyped-def]
    for name in ("todo", "doing", "done"):
        sb.add_label(PROJECT, name)
    return project.boards.create({"name": "SA triage"})


def _positions(board) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(item.label["name"], item.position) for item in board.lists.list(get_all=True)]


def test_new_board_lists_no_open_or_closed_lists(board) -> None:
    assert board.name == "SA triage"
    assert board.lists.list(get_all=True) == []
    assert board.project["path_with_namespace"] == PROJECT


def test_list_positions_start_at_zero_and_move(sb: Sandbox, project, board) -> None:
    ids = {label["name"]: label["id"] for label in sb.labels(PROJECT)}
    for name in ("todo", "doing", "done"):
        board.lists.create({"label_id": ids[name]})
    assert _positions(board) == [("todo", 0), ("doing", 1), ("done", 2)]
    done = next(item for item in board.lists.list(get_all=True) if item.label["name"] == "done")
    done.position = 0
    done.save()
    assert _positions(board) == [("done", 0), ("todo", 1), ("doing", 2)]
    board.lists.delete(done.id)
    assert _positions(board) == [("todo", 0), ("doing", 1)]
    assert [item["position"] for item in project.boards.get(board.id).attributes["lists"]] == [0, 1]


def test_duplicate_or_unknown_label_list_is_400(sb: Sandbox, board) -> None:
    label_id = sb.labels(PROJECT)[0]["id"]
    board.lists.create({"label_id": label_id})
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        board.lists.create({"label_id": label_id})
    assert (caught.value.response_code, caught.value.error_message) == (
        400, {"label": ["has already been taken"]})
    with pytest.raises(gitlab.GitlabCreateError) as unknown:
        board.lists.create({"label_id": 9999})
    assert unknown.value.response_code == 400


def test_bad_move_is_400(sb: Sandbox, board) -> None:
    item = board.lists.create({"label_id": sb.labels(PROJECT)[0]["id"]})
    item.position = 5
    with pytest.raises(gitlab.GitlabUpdateError) as caught:
        item.save()
    assert caught.value.response_code == 400


def test_developers_cannot_create_boards(sb: Sandbox) -> None:
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        client(sb, "alice").projects.get(PROJECT).boards.create({"name": "x"})
    assert caught.value.response_code == 403


def test_rename_board(project, board) -> None:
    board.name = "Renamed"
    board.save()
    assert project.boards.get(board.id).name == "Renamed"
    assert [b.name for b in project.boards.list(get_all=True)] == ["Renamed"]
