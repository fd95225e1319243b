"""Responses validated against GitLab's own (vendored) JSON schemas."""

from __future__ import annotations

from typing import Any

import gitlab

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client
from .schemas import assert_valid, errors

P = "/projects/commercial%2Ftriage"


def _seed(sb: Sandbox, gl: gitlab.Gitlab) -> dict[str, Any]:
    sb.add_label(PROJECT, "triage", color="#F0A", description="Needs **triage**")
    alice = sb.store.user_by_username("alice")
    assert alice is not None
    issue = gl.http_post(f"{P}/issues", post_data={
        "title": "Schema", "description": "d", "labels": ["triage", "region::EMEA"],
        "assignee_ids": [alice["id"]], "due_date": "2024-06-30"})
    assert isinstance(issue, dict)
    gl.http_post(f"{P}/issues", post_data={"title": "bare"})
    gl.http_put(f"{P}/issues/2", post_data={"state_event": "close"})
    return issue


def test_issue_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    created = _seed(sb, gl)
    assert_valid("public_api/v4/issue.json", created)
    assert_valid("public_api/v4/issue.json", gl.http_get(f"{P}/issues/2"))
    assert_valid("public_api/v4/issues.json", gl.http_get(f"{P}/issues"))
    detailed = gl.http_get(f"{P}/issues", query_data={"with_labels_details": True})
    assert isinstance(detailed, list)
    for label in detailed[-1]["labels"]:
        assert_valid("public_api/v4/label_basic.json", label)
    assert_valid("public_api/v4/user/basics.json", [created["author"], *created["assignees"]])


def test_premium_issue_entities(make_sandbox) -> None:
    sb = make_sandbox(premium=True)
    gl = client(sb)
    _seed(sb, gl)
    assert_valid("public_api/v4/ee/issues.json", gl.http_get(f"{P}/issues"))


def test_note_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    _seed(sb, gl)
    mixed = gl.http_post(f"{P}/issues/1/notes", post_data={"body": "hi\n/lock"})
    internal = gl.http_post(f"{P}/issues/1/notes", post_data={"body": "x", "internal": True})
    assert_valid("public_api/v4/notes.json", [mixed, internal])
    notes = gl.http_get(f"{P}/issues/1/notes")
    assert isinstance(notes, list) and any(note["system"] for note in notes)
    assert_valid("public_api/v4/notes.json", notes)


def test_note_schema_rejects_extra_fields(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    _seed(sb, gl)
    note = gl.http_post(f"{P}/issues/1/notes", post_data={"body": "hi"})
    assert isinstance(note, dict)
    assert errors("public_api/v4/notes.json", [{**note, "project_id": 1}]) != []


def test_label_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    _seed(sb, gl)
    labels = gl.http_get(f"{P}/labels")
    assert isinstance(labels, list) and len(labels) == 2
    for label in labels:
        assert_valid("public_api/v4/labels/project_label.json", label)
    for label in gl.http_get(f"{P}/labels", query_data={"with_counts": True}):  # type: ignore[union-attr]
        assert_valid("public_api/v4/labels/project_label_with_counts.json", label)


def test_board_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    _seed(sb, gl)
    board = gl.http_post(f"{P}/boards", post_data={"name": "b"})
    assert isinstance(board, dict)
    label_id = sb.labels(PROJECT)[0]["id"]
    gl.http_post(f"{P}/boards/{board['id']}/lists", post_data={"label_id": label_id})
    assert_valid("public_api/v4/board.json", gl.http_get(f"{P}/boards/{board['id']}"))
    boards = gl.http_get(f"{P}/boards")
    assert isinstance(boards, list) and boards[0]["lists"]
    assert_valid("public_api/v4/boards.json", boards)


def test_pipeline_schedule_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    created = gl.http_post(f"{P}/pipeline_schedules", post_data={
        "description": "nightly", "ref": "main", "cron": "0 2 * * *"})
    assert isinstance(created, dict)
    variable = gl.http_post(f"{P}/pipeline_schedules/{created['id']}/variables",
                            post_data={"key": "MODE", "value": "triage"})
    assert_valid("pipeline_schedule_variable.json", variable)
    assert_valid("pipeline_schedule.json", created)
    assert_valid("pipeline_schedule.json", gl.http_get(f"{P}/pipeline_schedules/{created['id']}"))
    assert_valid("pipeline_schedules.json", gl.http_get(f"{P}/pipeline_schedules"))


def test_commit_entities(sb: Sandbox, gl: gitlab.Gitlab) -> None:
    commit = gl.http_post(f"{P}/repository/commits", post_data={
        "branch": "main", "commit_message": "Add", "actions": [
            {"action": "create", "file_path": "t.md", "content": "x"}]})
    assert_valid("public_api/v4/commit/detail.json", commit)
    assert_valid("public_api/v4/commits.json", gl.http_get(f"{P}/repository/commits"))
    created = gl.http_post(f"{P}/repository/files/u.md", post_data={
        "branch": "main", "content": "u", "commit_message": "m"})
    assert created == {"file_path": "u.md", "branch": "main"}
