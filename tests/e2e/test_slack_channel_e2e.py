"""An ephemeral Slack channel end to end: approved by the named SA's 👍 (award emoji in the sandbox), then
due for closing when the opportunity it serves closes (its mirrored request closed), before 90 days.

Handbook (Commercial Sales - Customer Success, "Slack channels", copied into tests/fixtures): "The SA
must approve the creation and use" ... "the channel should be closed within 90 days and/or at project
completion."
"""

from __future__ import annotations

import pytest

from bots import markers
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL
from tests.e2e.test_forms_e2e import as_user, bot_notes, labels
from tests.e2e.test_handoff_e2e import NOW, _run_twice
from tests.e2e.test_slo_e2e import PROJECT, human
from tests.issue_templates.helpers import fill

pytestmark = pytest.mark.e2e


def test_a_channel_is_approved_by_its_sa_then_due_when_its_opportunity_closes(env):
    assert env.run("setup").code == 0
    _run_twice(env, "mirror")
    request = env.sandbox.issues(PROJECT)[0]
    key = markers.block_key(markers.current_block(request["description"]) or "")
    text = fill(EPHEMERAL_SLACK_CHANNEL, approving_sa="@alex.kim", created_on="2026-11-02",
                close_by="2027-01-20", opportunity=f"https://gitlab.my.salesforce.com/{key}")
    iid = as_user(env, "jordan.lee").issues.create({"title": "Slack: Northwind", "description": text}).iid
    _run_twice(env, "forms")
    assert EPHEMERAL_SLACK_CHANNEL.next_label in labels(env, iid)
    (note,) = bot_notes(env, iid)
    assert "waiting for a 👍 from @alex.kim" in note["body"]
    as_user(env, "maria.garcia").issues.get(iid).awardemojis.create({"name": "thumbsup"})  # not the SA
    _run_twice(env, "forms")
    assert "slack-channel::approved" not in labels(env, iid)
    as_user(env, "alex.kim").issues.get(iid).awardemojis.create({"name": "thumbsup"})
    _run_twice(env, "forms")
    assert "slack-channel::approved" in labels(env, iid)
    assert "approved by @alex.kim" in bot_notes(env, iid)[0]["body"]

    _run_twice(env, "slo")
    assert [n for n in bot_notes(env, iid) if "sa-triage:slo" in n["body"]] == []  # day 21: nothing due
    human(env, "maria.garcia", "PUT", f"/issues/{request['iid']}", state_event="close")
    _run_twice(env, "slo")
    (due,) = [n for n in bot_notes(env, iid) if n["body"].startswith("<!-- sa-triage:slo slack-overdue")]
    assert "the project is complete" in due["body"]
    assert f"its request #{request['iid']} was closed" in due["body"]
    assert "slo::slack-channel-overdue" in labels(env, iid)
    assert NOW.startswith("2026-11-23")
