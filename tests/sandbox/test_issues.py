"""Issues: create/update params, filters, ordering, timestamps, counters, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import gitlab
import pytest

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A settable clock for the sandbox."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(sb: Sandbox) -> Clock:
    sb.clock = clock = Clock(T0)
    return clock


def test_create_answers_201_with_gitlab_fields(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "Need an SA", "description": "Hello",
                                   "confidential": True})
    assert (issue.iid, issue.state, issue.type, issue.confidential) == (1, "opened", "ISSUE", True)
    assert issue.web_url == f"{sb.url}/{PROJECT}/-/issues/1"
    assert issue.references["full"] == f"{PROJECT}#1"
    assert issue.author["username"] == "sa-triage-bot"
    assert sb.log.entries[-1]["status"] == 201


def test_title_is_required_and_limited(gl, project) -> None:
    with pytest.raises(gitlab.GitlabHttpError) as caught:
        gl.http_post("/projects/commercial%2Ftriage/issues", post_data={"description": "x"})
    assert (caught.value.response_code, caught.value.error_message) == (400, "title is missing")
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.issues.create({"title": "x" * 256})
    assert caught.value.error_message == {"title": ["is too long (maximum is 255 characters)"]}


def test_update_needs_at_least_one_param(project) -> None:
    issue = project.issues.create({"title": "t"})
    with pytest.raises(gitlab.GitlabUpdateError) as caught:
        project.issues.update(issue.iid, {})
    assert caught.value.response_code == 400
    assert "at least one parameter must be provided" in caught.value.error_message


def test_close_and_reopen_write_state_and_system_notes(sb: Sandbox, project, clock) -> None:
    issue = project.issues.create({"title": "t"})
    clock.tick()
    issue.state_event = "close"
    issue.save()
    assert (issue.state, issue.closed_at, issue.attributes["closed_by"]["username"]) == (
        "closed", "2024-05-01T09:01:00.000Z", "sa-triage-bot")
    issue.state_event = "reopen"
    issue.save()
    assert (issue.state, issue.closed_at, issue.attributes["closed_by"]) == ("opened", None, None)
    notes = issue.notes.list(get_all=True)
    assert [(note.body, note.system) for note in notes] == [("reopened", True), ("closed", True)]
    assert project.issues.get(issue.iid).user_notes_count == 0


def test_updated_at_moves_on_every_write(sb: Sandbox, project, clock) -> None:
    issue = project.issues.create({"title": "t"})
    assert issue.created_at == issue.updated_at == "2024-05-01T09:00:00.000Z"
    clock.tick()
    issue.notes.create({"body": "a comment"})
    assert project.issues.get(issue.iid).updated_at == "2024-05-01T09:01:00.000Z"
    clock.tick()
    project.issues.update(issue.iid, {"add_labels": "x"})
    assert project.issues.get(issue.iid).updated_at == "2024-05-01T09:02:00.000Z"
    clock.tick()
    project.issues.update(issue.iid, {"add_labels": "x"})  # no change: no touch
    assert project.issues.get(issue.iid).updated_at == "2024-05-01T09:02:00.000Z"


def test_state_defaults_to_all_and_filters(sb: Sandbox, project) -> None:
    sb.add_issue(PROJECT, "open", author="alice")
    sb.add_issue(PROJECT, "closed", author="alice", state="closed")
    assert len(project.issues.list(get_all=True)) == 2
    assert [i.title for i in project.issues.list(state="closed", get_all=True)] == ["closed"]
    with pytest.raises(gitlab.GitlabListError) as caught:
        project.issues.list(state="shut", get_all=True)
    assert caught.value.error_message == "state does not have a valid value"


def test_time_filters_are_inclusive(sb: Sandbox, project) -> None:
    for day in (1, 2, 3):
        stamp = datetime(2024, 1, day, tzinfo=UTC)
        sb.add_issue(PROJECT, f"day {day}", author="alice", created_at=stamp,
                     updated_at=stamp + timedelta(days=10))
    found = project.issues.list(created_after="2024-01-02T00:00:00Z",
                                created_before="2024-01-03T00:00:00+00:00", get_all=True)
    assert sorted(i.title for i in found) == ["day 2", "day 3"]
    found = project.issues.list(updated_after="2024-01-13T00:00:00Z", get_all=True)
    assert [i.title for i in found] == ["day 3"]


def test_order_by_and_sort(sb: Sandbox, project) -> None:
    sb.add_issue(PROJECT, "old but fresh", author="alice", created_at=T0,
                 updated_at=T0 + timedelta(days=5))
    sb.add_issue(PROJECT, "new but stale", author="alice", created_at=T0 + timedelta(days=1))
    titles = [i.title for i in project.issues.list(get_all=True)]
    assert titles == ["new but stale", "old but fresh"]  # created_at desc by default
    titles = [i.title for i in project.issues.list(order_by="updated_at", sort="asc",
                                                    get_all=True)]
    assert titles == ["new but stale", "old but fresh"]
    titles = [i.title for i in project.issues.list(order_by="created_at", sort="asc",
                                                    get_all=True)]
    assert titles == ["old but fresh", "new but stale"]


def test_people_iids_and_search_filters(sb: Sandbox, project) -> None:
    sb.add_issue(PROJECT, "Onsite workshop", author="alice", assignees=["bob"],
                 description="customer wants a demo")
    sb.add_issue(PROJECT, "Pricing question", author="bob")
    sb.add_issue(PROJECT, "Demo request", author="alice", assignees=["alice"])
    bob = sb.store.user_by_username("bob")
    assert bob is not None

    def titles(**filters: object) -> list[str]:
        return sorted(i.title for i in project.issues.list(get_all=True, **filters))

    assert titles(assignee_id="None") == ["Pricing question"]
    assert titles(assignee_id="Any") == ["Demo request", "Onsite workshop"]
    assert titles(assignee_id=bob["id"]) == ["Onsite workshop"]
    assert titles(author_username="bob") == ["Pricing question"]
    assert titles(author_id=bob["id"]) == ["Pricing question"]
    assert titles(iids=[1, 3]) == ["Demo request", "Onsite workshop"]
    assert titles(search="demo") == ["Demo request", "Onsite workshop"]
    assert titles(search="demo", **{"in": "title"}) == ["Demo request"]
    assert titles(**{"not[author_username]": "alice"}) == ["Pricing question"]


def test_free_tier_keeps_one_assignee_premium_keeps_all(make_sandbox) -> None:
    for premium, expected in ((False, ["alice"]), (True, ["alice", "bob"])):
        sb = make_sandbox(premium=premium)
        ids = [sb.store.user_by_username(n)["id"] for n in ("alice", "bob")]  # type: ignore[index]
        issue = client(sb).projects.get(PROJECT).issues.create({"title": "t", "assignee_ids": ids})
        assert [a["username"] for a in issue.assignees] == expected
        assert issue.assignee["username"] == "alice"


def test_created_at_is_honoured_for_owners_only(sb: Sandbox) -> None:
    stamp = "2023-01-01T00:00:00Z"
    as_owner = client(sb, "olga").projects.get(PROJECT).issues.create(
        {"title": "t", "created_at": stamp})
    as_maintainer = client(sb).projects.get(PROJECT).issues.create(
        {"title": "t", "created_at": stamp})
    assert as_owner.created_at == "2023-01-01T00:00:00.000Z"
    assert as_maintainer.created_at != "2023-01-01T00:00:00.000Z"


def test_confidential_issues_are_hidden_from_guests(sb: Sandbox) -> None:
    sb.add_issue(PROJECT, "secret", author="alice", confidential=True)
    sb.add_issue(PROJECT, "public", author="alice")
    guest = client(sb, "gary").projects.get(PROJECT)
    assert [i.title for i in guest.issues.list(get_all=True)] == ["public"]
    with pytest.raises(gitlab.GitlabGetError) as caught:
        guest.issues.get(1)
    assert (caught.value.response_code, caught.value.error_message) == (404, "404 Issue Not Found")


def test_guest_cannot_create_issues(sb: Sandbox) -> None:
    guest = client(sb, "gary").projects.get(PROJECT)
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        guest.issues.create({"title": "t"})
    assert caught.value.response_code == 403


def test_labels_as_objects_with_details(sb: Sandbox, project) -> None:
    sb.add_issue(PROJECT, "t", author="alice", labels=["x"])
    issue = project.issues.list(with_labels_details=True, get_all=True)[0]
    assert issue.labels[0]["name"] == "x" and issue.labels[0]["color"] == "#6699cc"
