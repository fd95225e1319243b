"""The SA-to-SA handoff end to end: the real CLI against the sandbox, from the shipped sample export.

Handbook (Commercial Sales - Customer Success, "SA to SA (new accounts)"): "Update SA name on account
team in Salesforce" ... "Introduce new SA live on a client call" (the five steps: tests/fixtures).
A reassignment from one SA to another gets one checklist note addressed to both; a second run writes
nothing; once every box is ticked the bot says "done", once.
"""

from __future__ import annotations

import pytest
import requests

from bots.handoff.steps import STEPS
from tests.e2e.conftest import failed_only_on_bad_rows
from tests.e2e.test_slo_e2e import PROJECT, assign, human

pytestmark = pytest.mark.e2e
BOT = "sa-triage-bot"
NOW = "2026-11-23T15:00:00Z"  # Monday, both regions' business hours


def _bot_notes(env, iid: int, kind: str) -> list[dict]:
    return [n for n in env.sandbox.notes(PROJECT, iid)
            if n["author"]["username"] == BOT and n["body"].startswith(f"<!-- sa-triage:{kind} ")]


def _run_twice(env, *bots: str) -> None:
    first = env.run("run", *bots, "--now", NOW)
    assert first.code in (0, 1), first.text  # the sample export has bad rows on purpose
    env.sandbox.log.reset()
    again = env.run("run", *bots, "--now", NOW)
    assert failed_only_on_bad_rows(again), again.text
    assert env.writes() == 0, env.sandbox.log.by_route()


def _tick_all(env, iid: int, note: dict) -> None:
    body = note["body"]
    for _, text in STEPS:
        body = body.replace(f"- [ ] {text}", f"- [x] {text}")
    url = f"{env.url}/api/v4/projects/{PROJECT.replace('/', '%2F')}/issues/{iid}/notes/{note['id']}"
    answer = requests.put(url, headers={"PRIVATE-TOKEN": env.token}, json={"body": body}, timeout=10)
    answer.raise_for_status()


def test_a_reassignment_gets_one_checklist_then_done(env):
    _run_twice(env, "mirror", "handoff")
    iid = env.sandbox.issues(PROJECT)[0]["iid"]
    assign(env, iid, "alex.kim", by="maria.garcia")
    _run_twice(env, "handoff")
    assert _bot_notes(env, iid, "handoff") == []  # a first assignment is no handoff
    assign(env, iid, "dana.white", by="maria.garcia")
    _run_twice(env, "handoff")
    (note,) = _bot_notes(env, iid, "handoff")
    assert "**SA handoff: @alex.kim → @dana.white**" in note["body"]
    assert all(f"- [ ] {text}" in note["body"] for _, text in STEPS)
    _tick_all(env, iid, note)
    _run_twice(env, "handoff")
    assert len(_bot_notes(env, iid, "handoff-done")) == 1
    human(env, "maria.garcia", "PUT", f"/issues/{iid}", assignee_ids=[])  # an unassign: no handoff
    _run_twice(env, "handoff")
    assert len(_bot_notes(env, iid, "handoff")) == 1


def test_a_filed_sa_handoff_issue_gets_the_checklist_once_and_the_reassignment_none(env):
    """Issue 11: the handoff also starts when "an SA Handoff issue is filed for it"; one handoff."""
    from bots import markers
    from bots.issue_templates import SA_HANDOFF
    from tests.e2e.test_forms_e2e import as_user
    from tests.issue_templates.helpers import fill

    assert env.run("setup").code == 0  # the labels the template's /label needs
    _run_twice(env, "mirror", "handoff")
    request = env.sandbox.issues(PROJECT)[0]
    key = markers.block_key(markers.current_block(request["description"]) or "")
    assign(env, request["iid"], "alex.kim", by="maria.garcia")
    _run_twice(env, "handoff")
    text = fill(SA_HANDOFF, previous_sa="@alex.kim", new_sa="@dana.white", checklist=None,
                account_link=f"https://gitlab.my.salesforce.com/{key}")
    filed = as_user(env, "jordan.lee").issues.create({"title": "SA handoff", "description": text}).iid
    _run_twice(env, "handoff")
    assert env.sandbox.issue(PROJECT, filed)["labels"] == [SA_HANDOFF.label]
    (note,) = _bot_notes(env, filed, "handoff")
    assert "**SA handoff: @alex.kim → @dana.white**" in note["body"]
    assign(env, request["iid"], "dana.white", by="maria.garcia")  # the same handoff, seen as the assignment
    _run_twice(env, "handoff")
    assert _bot_notes(env, request["iid"], "handoff") == [] and len(_bot_notes(env, filed, "handoff")) == 1
    _tick_all(env, filed, note)
    _run_twice(env, "handoff")
    assert len(_bot_notes(env, filed, "handoff-done")) == 1
