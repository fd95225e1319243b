"""Async Slack support end to end: early-stage and narrowly scoped sample rows get one note and the label."""

from __future__ import annotations

import pytest

from tests.e2e.test_mirror_e2e import bot_notes, edit_row, mirrored, rerun_writes_nothing, writes_by_route

pytestmark = pytest.mark.e2e
MARKER = "<!-- sa-triage:async-slack -->"
AMER, EMEA = "`#cs-commercial-amer-support`", "`#sa-commercial-emea-support`"


def by_account(env) -> dict[str, dict]:
    return {t.split(": ", 1)[1].split(" — ")[0]: i for t, i in mirrored(env).items()}


def slack_notes(env, issue: dict) -> list[str]:
    return [n["body"] for n in bot_notes(env, issue["iid"]) if n["body"].startswith(MARKER)]


def test_qualifying_rows_get_the_note_and_label_once_and_a_discovery_request_none(env):
    env.run("run", "mirror")
    issues = by_account(env)
    pointed = {name for name, i in issues.items() if "async-slack" in i["labels"]}
    # Territory at 2-Scoping (earlier than the model); one the AE marked narrow.
    assert pointed == {"Quillmark Publishing", "Fjordlys Shipping AS"}
    (quillmark,) = slack_notes(env, issues["Quillmark Publishing"])
    assert AMER in quillmark and EMEA not in quillmark
    assert "earlier than the Mid-Market Territory" in quillmark
    # Territory at 4-Proposal (a Reverse AMA): after the model, no early stage: not pointed to Slack,
    # and the AE is asked to confirm the stage or the need for an SA.
    altamira = issues["Altamira Robotics S.L."]
    assert not slack_notes(env, altamira) and "needs-info" in altamira["labels"]
    assert "https://example.lightning.force.com/lightning/r/Opportunity/0068X00001LjTwrQAF/view" in quillmark
    (fjordlys,) = slack_notes(env, issues["Fjordlys Shipping AS"])
    assert EMEA in fjordlys and "narrowly scoped question" in fjordlys and "@sofia.rossi" in fjordlys
    assert "triage::new" in issues["Fjordlys Shipping AS"]["labels"]  # still on the board
    # Territory at 4-Proposal too, but a Discovery meeting: technical discovery, never redirected.
    stonebridge = issues["Stonebridge Apparel"]
    assert "async-slack" not in stonebridge["labels"] and not slack_notes(env, stonebridge)
    rerun_writes_nothing(env)


def test_the_label_goes_when_the_ae_asks_for_discovery_and_no_second_note_is_posted(env):
    env.run("run", "mirror")
    edit_row(env, "Fjordlys Shipping AS", **{"Meeting Type": "Discovery"})
    env.sandbox.log.reset()
    env.run("run", "mirror")
    fjordlys = by_account(env)["Fjordlys Shipping AS"]
    assert "async-slack" not in fjordlys["labels"]
    assert len(slack_notes(env, fjordlys)) == 1  # the note stays, as it was
    routes = writes_by_route(env)  # besides the run lock's label
    assert routes["PUT /projects/:id/issues/:issue_iid"] == 1  # the block and the label: one write
    assert routes["POST /projects/:id/issues/:issue_iid/notes"] == 0
    rerun_writes_nothing(env)
