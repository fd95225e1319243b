"""What a webhook body may tell `react` (pure): which issue, and the reasons to skip; never more."""

import json

import pytest

from bots.react.event import Event, Ignored, parse_event, skip_reason


def body(kind="issue", **over):
    base = {"object_kind": kind, "user": {"username": "jordan.lee"}, "project": {"id": 5},
            "object_attributes": {"iid": 7}}
    if kind != "issue":
        base["object_attributes"] = {"noteable_type" if kind == "note" else "awardable_type": "Issue"}
        base["issue"] = {"iid": 7}
    return json.dumps({**base, **over})


@pytest.mark.parametrize("kind, bots", [("issue", ("mirror", "forms", "slo")), ("note", ("forms", "slo")),
                                        ("emoji", ("forms",))])
def test_each_kind_names_its_issue_and_the_bots_it_can_change(kind, bots):
    event = parse_event(body(kind))
    assert event == Event(kind, 5, 7, "jordan.lee") and event.bots == bots


def test_an_award_on_a_note_of_an_issue_is_that_issue():
    raw = body("emoji", object_attributes={"awardable_type": "Note"})
    assert parse_event(raw).iid == 7


@pytest.mark.parametrize("raw, why", [
    ("[]", "not a JSON object"), ("{", "not JSON"), (body("push"), "not an issue, note or emoji"),
    (body("note", object_attributes={"noteable_type": "MergeRequest"}), "not on an issue"),
    (body(object_attributes={"iid": True}), "no issue iid"),
    (body(object_attributes={"iid": "7"}), "no issue iid"),
    (body(project={"id": -1}), "no issue iid"), (body("note", issue=None), "of no issue"),
    ("x" * 1_000_001, "larger than any webhook body"),
])
def test_bodies_that_name_no_issue_are_ignored_saying_why(raw, why):
    with pytest.raises(Ignored, match=why):
        parse_event(raw)


def test_other_projects_and_the_bots_own_events_are_skipped_and_nothing_else():
    event = parse_event(body(user={"username": "SA-Triage-Bot"}))
    assert "caused by the bot" in (skip_reason(event, 5, "sa-triage-bot") or "")
    assert "not this project" in (skip_reason(parse_event(body()), 6, "sa-triage-bot") or "")
    assert skip_reason(parse_event(body()), 5, "sa-triage-bot") is None


@pytest.mark.parametrize("env, configured, expected", [
    ({"CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "commercial/triage"}, None, 42),
    ({"CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "commercial/triage"}, "commercial/triage", 42),
    ({"CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "other/bots"}, "commercial/triage", None),  # bots elsewhere
    ({"CI_PROJECT_ID": "4x2", "CI_PROJECT_PATH": "commercial/triage"}, None, None),
    ({}, "commercial/triage", None),  # not in CI: the project is read
])
def test_the_react_job_names_its_project_by_its_own_ci_id_only_when_it_is_the_configured_one(
        env, configured, expected):
    from types import SimpleNamespace

    from bots.app import ci_project_id

    cfg = SimpleNamespace(gitlab=SimpleNamespace(project=configured))
    assert ci_project_id(cfg, env) == expected  # type: ignore[arg-type]
