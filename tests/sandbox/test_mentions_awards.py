"""@mentions that would notify, and award emoji (upvotes, duplicates → 404)."""

from __future__ import annotations

import gitlab
import pytest

from gitlab_sandbox import Sandbox
from gitlab_sandbox.mentions import find_mentions

from .conftest import PROJECT, client


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ping @alice and @bob.", ["alice", "bob"]),
        ("`@alice` and ``@bob``", []),
        ("```\n@alice\n```", []),
        ("~~~\n@alice\n~~~\nafter @bob", ["bob"]),
        ("para\n\n    @alice in indented code", []),
        ("<pre>@alice</pre> <code>@bob</code> <a href='x'>@carol</a>", []),
        ("[@alice](https://x) https://gitlab.com/@bob <https://x/@carol>", []),
        ("mail me at sa@example.com or \\@alice", []),
        ("> quoted @alice still notifies", ["alice"]),
        ("@group/subgroup and @all", ["group/subgroup", "all"]),
    ],
)
def test_mention_finder(text: str, expected: list[str]) -> None:
    assert find_mentions(text) == expected


def test_mentions_are_logged_for_notes_and_descriptions(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t", "description": "for @alice"})
    note = issue.notes.create({"body": "cc @bob, not `@gary`, and @nobody"})
    assert [(m["where"], m["mention"], m["known"]) for m in sb.log.mentions] == [
        ("description", "@alice", True), ("note", "@bob", True), ("note", "@nobody", False)]
    sb.log.reset()
    note.body = "cc @bob and now @olga"
    note.save()
    assert sb.log.mentions == [{"where": "note", "iid": issue.iid, "mention": "@olga",
                                "known": True, "edited": True, "user": "sa-triage-bot"}]
    sb.log.reset()
    issue.description = "for @alice and @gary"
    issue.save()
    assert [(m["mention"], m["edited"]) for m in sb.log.mentions] == [("@gary", True)]


def test_award_emoji_counts_and_duplicates(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    award = issue.awardemojis.create({"name": "thumbsup"})
    assert (award.name, award.awardable_type, award.user["username"]) == (
        "thumbsup", "Issue", "sa-triage-bot")
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        issue.awardemojis.create({"name": "thumbsup"})
    assert caught.value.response_code == 404
    alice_issue = client(sb, "alice").projects.get(PROJECT).issues.get(issue.iid)
    alice_issue.awardemojis.create({"name": "thumbsup"})
    alice_issue.awardemojis.create({"name": "thumbsdown"})
    current = project.issues.get(issue.iid)
    assert (current.upvotes, current.downvotes) == (2, 1)
    assert len(issue.awardemojis.list(get_all=True)) == 3
    with pytest.raises(gitlab.GitlabDeleteError) as denied:
        alice_issue.awardemojis.delete(award.id)
    assert denied.value.response_code == 403
    issue.awardemojis.delete(award.id)
    assert project.issues.get(issue.iid).upvotes == 1


def test_award_emoji_on_a_note(project) -> None:
    issue = project.issues.create({"title": "t"})
    note = issue.notes.create({"body": "hi"})
    award = note.awardemojis.create({"name": "eyes"})
    assert (award.awardable_type, award.awardable_id) == ("Note", note.id)
    assert [a.name for a in note.awardemojis.list(get_all=True)] == ["eyes"]
