"""Labels: CRUD by id or name, filters (AND, not[labels], unknown names), scoped labels."""

from __future__ import annotations

import gitlab
import pytest

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client


def _titles(issues) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(issue.title for issue in issues)


def test_create_duplicate_is_409(project) -> None:
    project.labels.create({"name": "triage", "color": "#FF0000"})
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.labels.create({"name": "triage", "color": "#00FF00"})
    assert caught.value.response_code == 409
    assert caught.value.error_message == "Label already exists"


def test_get_update_delete_by_encoded_name(sb: Sandbox, project) -> None:
    project.labels.create({"name": "region::AMER", "color": "red"})
    label = project.labels.get("region::AMER")
    assert (label.color, label.text_color) == ("#ff0000", "#FFFFFF")
    label.new_name = "region::NA"
    label.description = "North America"
    label.save()
    assert [lab["name"] for lab in sb.labels(PROJECT)] == ["region::NA"]
    by_id = project.labels.get(label.id)
    assert by_id.description == "North America"
    project.labels.delete("region::NA")
    assert sb.labels(PROJECT) == []
    with pytest.raises(gitlab.GitlabGetError) as caught:
        project.labels.get("region::NA")
    assert caught.value.error_message == "404 Label Not Found"


def test_missing_color_is_a_grape_error(gl) -> None:
    with pytest.raises(gitlab.GitlabHttpError) as caught:
        gl.http_post("/projects/commercial%2Ftriage/labels", post_data={"name": "x"})
    assert (caught.value.response_code, caught.value.error_message) == (400, "color is missing")


def test_labels_listed_by_title_with_counts(sb: Sandbox, project) -> None:
    sb.add_label(PROJECT, "zeta")
    sb.add_label(PROJECT, "alpha")
    sb.add_issue(PROJECT, "a", author="alice", labels=["zeta"])
    sb.add_issue(PROJECT, "b", author="alice", labels=["zeta"], state="closed")
    labels = project.labels.list(with_counts=True, get_all=True)
    assert [label.name for label in labels] == ["alpha", "zeta"]
    assert (labels[1].open_issues_count, labels[1].closed_issues_count) == (1, 1)


def test_issue_labels_are_sorted_by_title(project) -> None:
    issue = project.issues.create({"title": "t", "labels": ["b-label", "A-label", "a-label"]})
    assert issue.labels == ["A-label", "a-label", "b-label"]


@pytest.fixture
def labelled(sb: Sandbox) -> Sandbox:
    sb.add_issue(PROJECT, "both", author="alice", labels=["sa", "emea"])
    sb.add_issue(PROJECT, "sa only", author="alice", labels=["sa"])
    sb.add_issue(PROJECT, "emea only", author="alice", labels=["emea"])
    sb.add_issue(PROJECT, "other", author="alice", labels=["other"])
    sb.add_issue(PROJECT, "none", author="alice")
    return sb


def test_labels_filter_is_an_and(labelled: Sandbox, project) -> None:
    assert _titles(project.issues.list(labels=["sa", "emea"], get_all=True)) == ["both"]
    assert _titles(project.issues.list(labels="sa,emea", get_all=True)) == ["both"]
    assert _titles(project.issues.list(labels="sa", get_all=True)) == ["both", "sa only"]


def test_not_labels_excludes_any_of_them(labelled: Sandbox, project) -> None:
    kept = project.issues.list(**{"not[labels]": "sa,emea"}, get_all=True)
    assert _titles(kept) == ["none", "other"]
    assert _titles(project.issues.list(**{"not": {"labels": "sa"}}, get_all=True)) == [
        "emea only", "none", "other"]
    assert _titles(project.issues.list(**{"not": {"labels": "sa,nope"}}, get_all=True)) == [
        "emea only", "none", "other"]


def test_not_labels_sent_as_a_python_list_keeps_only_the_last(labelled: Sandbox, project) -> None:
    # python-gitlab turns not={"labels": [...]} into repeated not[labels]=… keys; Rack keeps
    # the last one, so only "emea" is excluded. Send a comma string instead.
    kept = project.issues.list(**{"not": {"labels": ["sa", "emea"]}}, get_all=True)
    assert _titles(kept) == ["none", "other", "sa only"]


def test_filter_on_a_label_that_does_not_exist_is_empty(labelled: Sandbox, project) -> None:
    assert project.issues.list(labels="nope", get_all=True) == []
    assert project.issues.list(labels="sa,nope", get_all=True) == []
    assert project.issues.list(labels="SA", get_all=True) == []  # names are case-sensitive


def test_none_and_any_keywords(labelled: Sandbox, project) -> None:
    assert _titles(project.issues.list(labels="None", get_all=True)) == ["none"]
    assert len(project.issues.list(labels="any", get_all=True)) == 4


def test_add_and_remove_labels_create_missing_ones(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t", "labels": "one,two"})
    project.issues.update(issue.iid, {"add_labels": "three", "remove_labels": ["one", "ghost"]})
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["three", "two"]
    assert [label["name"] for label in sb.labels(PROJECT)] == ["one", "three", "two"]
    issue = project.issues.get(issue.iid)
    issue.labels = []
    issue.save()
    assert project.issues.get(issue.iid).labels == []


def test_label_changes_are_resource_events_not_notes(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    project.issues.update(issue.iid, {"add_labels": "x"})
    project.issues.update(issue.iid, {"remove_labels": "x"})
    events = issue.resourcelabelevents.list(get_all=True)
    assert [(event.action, event.label["name"]) for event in events] == [
        ("add", "x"), ("remove", "x")]
    assert sb.notes(PROJECT, issue.iid) == []


def test_free_keeps_both_scoped_labels(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t", "labels": ["region::AMER"]})
    project.issues.update(issue.iid, {"add_labels": "region::EMEA"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["region::AMER", "region::EMEA"]


def test_premium_replaces_the_older_label_of_the_same_scope(make_sandbox) -> None:
    sb = make_sandbox(premium=True)
    project = client(sb).projects.get(PROJECT)
    issue = project.issues.create({"title": "t", "labels": ["region::AMER", "sa"]})
    project.issues.update(issue.iid, {"add_labels": "region::EMEA"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == ["region::EMEA", "sa"]
    both = project.issues.create({"title": "u", "labels": ["tier::1", "tier::2"]})
    assert both.labels == ["tier::2"]  # the last selected wins


def test_premium_nested_scopes(make_sandbox) -> None:
    sb = make_sandbox(premium=True)
    project = client(sb).projects.get(PROJECT)
    issue = project.issues.create({"title": "t", "labels": ["workflow::backend::review"]})
    project.issues.update(issue.iid, {"add_labels": "workflow::frontend::review"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == [
        "workflow::backend::review", "workflow::frontend::review"]
    project.issues.update(issue.iid, {"add_labels": "workflow::backend::development"})
    assert sb.issue(PROJECT, issue.iid)["labels"] == [
        "workflow::backend::development", "workflow::frontend::review"]


def test_developer_may_not_manage_labels(sb: Sandbox) -> None:
    project = client(sb, "alice").projects.get(PROJECT)
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.labels.create({"name": "x", "color": "#000000"})
    assert (caught.value.response_code, caught.value.error_message) == (403, "403 Forbidden")
