"""Ephemeral Slack channels are approved by a 👍 from the SA the form names and, for an existing account,
from the account's CSM; counted like on-site approvals (bots.forms.approvals.evaluate_roles)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bots import actions as a
from bots.forms.slack import APPROVED_LABEL
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL
from bots.issue_templates.team import EXISTING_ACCOUNT
from bots.model import Award
from tests.factories import context
from tests.forms.helpers import form_issue, plan, settle, status, thumbs
from tests.issue11.helpers import quoted
from tests.issue_templates.helpers import fill, ticked

SA_RULE = quoted("The SA must approve the creation and use, with the expectation that it may be used only "
                 "during the pre-sales process.")
CSM_RULE = quoted("Prior to creating the channel and provisioning access for an existing account, the CSM "
                  "for the account must approve its creation and use.")
AWAITING = EPHEMERAL_SLACK_CHANNEL.next_label
EXISTING = {"account_type": ticked(EPHEMERAL_SLACK_CHANNEL, "account_type", EXISTING_ACCOUNT),
            "account_csm": "@carol"}


def channel(*approvers: str, existing: bool = False, author: str = "jordan.lee", **fields: str):
    text = fill(EPHEMERAL_SLACK_CHANNEL, **{"approving_sa": "@alex.kim", **(EXISTING if existing else {}),
                                            **fields})
    return form_issue(EPHEMERAL_SLACK_CHANNEL, text, awards=thumbs(*approvers), author=author)


def labels_of(issue) -> set[str]:
    return set(issue.labels) - {EPHEMERAL_SLACK_CHANNEL.label}


def test_sa_rule_a_new_customer_needs_only_the_named_sa():
    assert "SA must approve" in SA_RULE
    waiting, first = settle(channel())
    assert labels_of(waiting) == {AWAITING} and first.status == "complete"
    assert "waiting for a 👍 from @alex.kim" in status(waiting).body
    approved, second = settle(replace(waiting, awards=thumbs("alex.kim")))
    assert labels_of(approved) == {APPROVED_LABEL} and second.status == "approved"
    assert "approved by @alex.kim" in status(approved).body and "**Approved.**" in status(approved).body


def test_csm_rule_an_existing_account_needs_the_sa_and_the_csm():
    assert "existing account, the CSM" in CSM_RULE
    half, _ = settle(channel("alex.kim", existing=True))
    assert labels_of(half) == {AWAITING}
    assert "waiting for a 👍 from @carol" in status(half).body
    both, planned = settle(replace(half, awards=thumbs("alex.kim", "carol")))
    assert labels_of(both) == {APPROVED_LABEL} and planned.status == "approved"


def test_an_existing_account_must_name_its_csm():
    result = plan(channel(existing=True, account_csm="")).result
    assert [f.key for f in result.findings] == ["account_csm"]
    assert not plan(channel(existing=False)).result.findings


def test_only_the_named_sa_on_the_team_roster_counts_and_others_are_listed():
    wrong = channel("maria.garcia", "alex.kim", approving_sa="@bob")  # bob: not an SA on the roster
    after, planned = settle(wrong)
    body = status(after).body
    assert labels_of(after) == {AWAITING} and planned.status == "complete"
    assert "name an SA of the team under **Approving SA**" in body
    assert "does not count (seen from alex.kim, maria.garcia)" in body


def test_the_author_cannot_approve_as_the_csm():
    issue = channel("alex.kim", "jordan.lee", existing=True, account_csm="@jordan.lee")
    after, _ = settle(issue)
    assert labels_of(after) == {AWAITING}
    assert "name the account's CSM under **Account CSM**" in status(after).body


def test_an_approval_goes_stale_when_the_fields_change_and_a_new_award_renews_it():
    approved, _ = settle(channel("alex.kim"))
    edited = replace(approved, description=fill(EPHEMERAL_SLACK_CHANNEL, approving_sa="@alex.kim",
                                                 purpose="POV for Ultimate, and runners"))
    stale, _ = settle(edited)
    assert labels_of(stale) == {AWAITING} and "**stale approval**: @alex.kim" in status(stale).body
    renewed, _ = settle(replace(stale, awards=(Award(900, "thumbsup", "alex.kim", None),)))
    assert labels_of(renewed) == {APPROVED_LABEL}


def test_the_note_asking_the_approvers_waits_for_their_business_hours():
    night = datetime(2026, 11, 17, 3, tzinfo=UTC)  # 22:00 in New York: alex.kim (AMER) is off
    planned = plan(channel(), context(now=night))
    assert not any(isinstance(x, a.UpsertNote) for x in planned.actions)
    assert planned.info == ("issue #1 status note: waiting for business hours (opens Tue 17 Nov, 09:00 EST)",)
    assert any(isinstance(x, a.UpdateIssue) for x in planned.actions)  # the labels do not wait

