"""Quick actions: GitLab's extractor rules, notes (202 / stripped), descriptions, edits."""

from __future__ import annotations

import gitlab
import pytest

from gitlab_sandbox import Sandbox, extract_quick_actions

from .conftest import PROJECT, client

ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("text", "content", "commands"),
    [
        ("hello\n/label ~a ~\"b c\"\nbye", "hello\nbye", [("label", '~a ~"b c"')]),
        ("/CLOSE\r\n/reopen", "", [("close", ""), ("reopen", "")]),
        ("```\n/close\n```", "```\n/close\n```", []),
        (" /close", " /close", []),
        (f"{ZWSP}/close", f"{ZWSP}/close", []),
        (">>>\n/close\n>>>\n/reopen", ">>>\n/close\n>>>", [("reopen", "")]),
        ("<details>\n/close\n</details>", "<details>\n/close\n</details>", []),
        ("/closer\n/foo bar", "/closer\n/foo bar", []),
        ("/cc @alice", "/cc @alice", []),
        ("say `/close`", "say `/close`", []),
        ("a /close in the middle", "a /close in the middle", []),
    ],
)
def test_extractor_follows_gitlab(text: str, content: str,
                                  commands: list[tuple[str, str]]) -> None:
    assert extract_quick_actions(text) == (content, commands)


def test_commands_only_note_is_202_and_creates_no_note(sb: Sandbox, project) -> None:
    sb.add_label(PROJECT, "needs-sa")
    issue = project.issues.create({"title": "t"})
    sb.log.reset()
    answer = issue.notes.create({"body": "/label ~needs-sa"})
    assert sb.log.entries[-1]["status"] == 202
    assert answer.get_id() is None and "id" not in answer.attributes
    assert answer.attributes["commands_changes"] == {"add_label_ids": [
        sb.labels(PROJECT)[0]["id"]]}
    assert answer.attributes["summary"] == ['Added ~"needs-sa" label.']
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["needs-sa"]
    assert sb.notes(PROJECT, issue.iid) == []
    assert sb.log.quick_actions == [{"where": "note", "iid": issue.iid, "command": "label",
                                     "args": "~needs-sa", "executed": True,
                                     "user": "sa-triage-bot"}]


def test_mixed_note_has_its_command_lines_stripped(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    note = issue.notes.create({"body": "Thanks, closing.\n/close\nBye"})
    assert note.body == "Thanks, closing.\nBye"
    assert note.commands_changes == {"state_event": "close"}
    assert project.issues.get(issue.iid).state == "closed"
    assert issue.notes.get(note.id).commands_changes == {}


def test_quick_actions_do_not_create_labels(sb: Sandbox, project) -> None:
    sb.add_label(PROJECT, "exists")
    issue = project.issues.create({"title": "t"})
    issue.notes.create({"body": "/label ~ghost"})
    assert sb.labels(PROJECT)[0]["name"] == "exists" and len(sb.labels(PROJECT)) == 1
    assert sb.issue(PROJECT, issue.iid)["labels"] == []


def test_unavailable_commands_are_stripped_but_not_executed(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    issue.notes.create({"body": "/unassign\n/reopen"})
    assert [(q["command"], q["executed"]) for q in sb.log.quick_actions] == [
        ("unassign", False), ("reopen", False)]
    assert sb.notes(PROJECT, issue.iid) == []


def test_neutralised_commands_do_nothing(sb: Sandbox, project) -> None:
    sb.add_label(PROJECT, "x")
    issue = project.issues.create({"title": "t"})
    bodies = ["```\n/close\n/label ~x\n```", " /close", f"{ZWSP}/close", "`/close`"]
    for body in bodies:
        assert issue.notes.create({"body": body}).body == body
    assert sb.log.quick_actions == []
    current = sb.issue(PROJECT, issue.iid)
    assert (current["state"], current["labels"], current["user_notes_count"]) == ("opened", [], 4)


def test_description_quick_actions_run_on_create(sb: Sandbox, project) -> None:
    sb.add_label(PROJECT, "triage")
    alice = sb.store.user_by_username("alice")
    issue = project.issues.create({"title": "t", "description": "Body\n/label ~triage\n/assign @alice"})
    assert issue.description == "Body"
    assert issue.labels == ["triage"]
    assert [a["id"] for a in issue.assignees] == [alice["id"]]  # type: ignore[index]
    assert {q["where"] for q in sb.log.quick_actions} == {"description"}


def test_description_quick_actions_run_on_update(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t", "description": "first"})
    issue.description = "second\n/close\n/title Renamed"
    issue.save()
    current = project.issues.get(issue.iid)
    assert (current.description, current.state, current.title) == ("second", "closed", "Renamed")


def test_editing_a_note_runs_commands_and_commands_only_deletes_it(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    note = issue.notes.create({"body": "plain"})
    note.body = "still here\n/lock"
    note.save()
    assert note.body == "still here"
    assert project.issues.get(issue.iid).discussion_locked is True
    note.body = "/close"
    note.save()
    assert sb.log.entries[-1]["status"] == 202
    assert project.issues.get(issue.iid).state == "closed"
    assert [n["body"] for n in sb.notes(PROJECT, issue.iid) if not n["system"]] == []


def test_quick_action_relabel_and_unlabel(sb: Sandbox, project) -> None:
    for name in ("a", "b", "c"):
        sb.add_label(PROJECT, name)
    issue = project.issues.create({"title": "t", "labels": "a,b"})
    issue.notes.create({"body": "/unlabel ~a"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["b"]
    issue.notes.create({"body": "/relabel ~c"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["c"]
    issue.notes.create({"body": "/unlabel"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == []


def test_blank_note_is_rejected(project) -> None:
    issue = project.issues.create({"title": "t"})
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        issue.notes.create({"body": "   "})
    assert caught.value.response_code == 400


def test_notes_list_is_newest_first(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    for body in ("one", "two", "three"):
        issue.notes.create({"body": body})
    assert [n.body for n in issue.notes.list(get_all=True)] == ["three", "two", "one"]
    assert [n.body for n in issue.notes.list(sort="asc", get_all=True)] == ["one", "two", "three"]
    assert project.issues.get(issue.iid).user_notes_count == 3


def test_internal_notes_are_hidden_from_guests(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    issue.notes.create({"body": "internal", "internal": True})
    issue.notes.create({"body": "public"})
    guest_issue = client(sb, "gary").projects.get(PROJECT).issues.get(issue.iid)
    assert [n.body for n in guest_issue.notes.list(get_all=True)] == ["public"]
