"""Ephemeral Slack channel approvals: a 👍 from the approving SA and, for an existing account, its CSM.

Handbook (Commercial Sales - Customer Success, "Slack channels"): "Prior to creating the channel and
provisioning access for an existing account, the CSM for the account must approve its creation and
use." ... "The SA must approve the creation and use, with the expectation that it may be used only
during the pre-sales process."

Readings (the form says what the handbook leaves to people):
- "The SA" is the one the form names under **Approving SA**; their 👍 counts only when the roster
  knows them as a member of the SA team (role sa, manager or demo-architect), so an author cannot
  name themselves and approve their own channel.
- "An existing account" is the form's **Account Type** choice "Existing account doing a POV for an
  upgrade"; then the CSM named under **Account CSM** (required then) must give a 👍 too. CSMs are
  not on the roster: any GitLab user named there counts, except the issue's author.
- Approvals are counted like on-site ones (`bots.forms.approvals.evaluate_roles`): tied to the
  fields' fingerprint, stale once the fields change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bots.config import Config
from bots.forms.approvals import Approvals, Role, evaluate_roles
from bots.issue_templates import FormResult
from bots.issue_templates.team import EXISTING_ACCOUNT
from bots.model import Issue

APPROVED_LABEL = "slack-channel::approved"
TEAM_ROLES = ("sa", "manager", "demo-architect")
KIND = "slack"  # stands in for the region in `Approvals`: these approvers are named by the form


def _users(value: object) -> tuple[str, ...]:
    return tuple(str(x) for x in value) if isinstance(value, tuple) else ()


def existing_account(result: FormResult) -> bool:
    return result.values.get("account_type") == EXISTING_ACCOUNT


def approver_roles(result: FormResult, cfg: Config, author: str) -> tuple[tuple[Role, tuple[str, ...]], ...]:
    """Who may give each approval: the named SA if the roster knows them as an SA; the named CSM
    (existing accounts only), unless they are the author."""
    def on_team(name: str) -> bool:
        person = cfg.person(name)
        return person is not None and person.role in TEAM_ROLES

    roles = [(Role.SA, tuple(u for u in _users(result.values.get("approving_sa")) if on_team(u)))]
    if existing_account(result):
        csm = tuple(u for u in _users(result.values.get("account_csm")) if u.casefold() != author.casefold())
        roles.append((Role.CSM, csm))
    return tuple(roles)


def slack_approvals(issue: Issue, result: FormResult, cfg: Config, previous: Mapping[str, Any],
                    fingerprint: str) -> Approvals:
    """Where the channel request stands with its approvers."""
    roles = approver_roles(result, cfg, issue.author)
    return evaluate_roles(issue.awards, KIND, roles, previous, fingerprint)
