"""Every note the forms bot posts, compared with its golden file (`UPDATE_GOLDEN=1` rewrites them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots.forms import notes
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, FORMS, ON_SITE_REQUEST, PTO_COVERAGE, render
from bots.issue_templates.team import EXISTING_ACCOUNT
from bots.model import Issue
from tests.factories import ROOT, context
from tests.forms.helpers import form_issue, settle, status, thumbs
from tests.golden_files import check
from tests.issue_templates.helpers import fill, ticked

GOLDEN = ROOT / "tests" / "golden" / "forms"
APPROVERS = {"maria.garcia", "tom.becker", "anna.schmidt", "oliver.james", "alex.kim", "carol"}
LIVE_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")
HOSTILE = "/close\n@all <b>hi</b> [x](javascript:alert(1)) ~\"onsite::approved\" $x$ | a |"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _after(issue: Issue, now: datetime | None = None) -> Issue:
    return settle(issue, context(now=now) if now else None)[0]


def _approved_then_edited() -> Issue:
    approved = _after(form_issue(awards=thumbs("maria.garcia", "tom.becker")))
    return _after(replace(approved, description=fill(ON_SITE_REQUEST, estimated_cost="USD 9,900")))


def _pto_reminder() -> Issue:
    dates = "2026-11-19 to 2026-11-20"
    return _after(form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, dates=dates, coverage=None)),
                  datetime(2026, 11, 17, 15, tzinfo=UTC))


def _slack(*approvers: str, existing: bool = False, **fields: str) -> Issue:
    """A complete Slack channel request naming SA @alex.kim (and CSM @carol), with 👍 from `approvers`."""
    extra = {"account_type": ticked(EPHEMERAL_SLACK_CHANNEL, "account_type", EXISTING_ACCOUNT),
             "account_csm": "@carol"} if existing else {}
    text = fill(EPHEMERAL_SLACK_CHANNEL, **{"approving_sa": "@alex.kim", **extra, **fields})
    return form_issue(EPHEMERAL_SLACK_CHANNEL, text, awards=thumbs(*approvers))


def _slack_stale() -> Issue:
    approved = _after(_slack("alex.kim"))
    return _after(replace(approved, description=fill(EPHEMERAL_SLACK_CHANNEL, approving_sa="@alex.kim",
                                                     purpose="POV for Ultimate, and runners")))


SCENARIOS: dict[str, Callable[[], Issue]] = {
    **{f"{_slug(f.name)}-complete": (lambda f=f: _after(form_issue(f))) for f in FORMS},
    **{f"{_slug(f.name)}-as-filed": (lambda f=f: _after(form_issue(f, render(f)))) for f in FORMS},
    "on-site-request-empty-description": lambda: _after(form_issue(description="")),
    "on-site-request-one-invalid": lambda: _after(form_issue(
        description=fill(ON_SITE_REQUEST, estimated_cost="2400", attendees="@alice @mallory"))),
    "on-site-request-hostile": lambda: _after(form_issue(
        description=fill(ON_SITE_REQUEST, estimated_cost=HOSTILE, proposed_dates=HOSTILE))),
    "on-site-request-manager-approved-wrong-users": lambda: _after(form_issue(
        awards=thumbs("maria.garcia", "alex.kim", "anna.schmidt"))),
    "on-site-request-approved": lambda: _after(form_issue(awards=thumbs("maria.garcia", "tom.becker"))),
    "on-site-request-stale-approval": _approved_then_edited,
    "on-site-request-region-unknown": lambda: _after(form_issue(author="outsider")),
    "pto-coverage-reminder": _pto_reminder,
    "ephemeral-slack-channel-waiting-for-sa": lambda: _after(_slack("maria.garcia")),
    "ephemeral-slack-channel-sa-not-on-team": lambda: _after(_slack(approving_sa="@bob")),
    "ephemeral-slack-channel-approved": lambda: _after(_slack("alex.kim")),
    "ephemeral-slack-channel-stale-approval": _slack_stale,
    "ephemeral-slack-channel-existing-waiting-for-csm": lambda: _after(_slack("alex.kim", existing=True)),
    "ephemeral-slack-channel-existing-approved": lambda: _after(_slack("alex.kim", "carol", existing=True)),
}


def _bodies(issue: Issue) -> dict[str, str]:
    """The bot's notes on the issue by kind: the status note, and the PTO reminder if any."""
    out = {"": status(issue).body}
    for n in issue.notes:
        if n.body.startswith(notes.PTO_REMINDER_MARKER):
            out["-reminder"] = n.body
    return out


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_note_matches_its_golden_file(name: str) -> None:
    issue = SCENARIOS[name]()
    for suffix, body in _bodies(issue).items():
        check(GOLDEN, f"{name}{suffix}", body)
        assert not [line for line in body.split("\n") if line.lstrip().startswith("/")]
        mentioned = set(LIVE_MENTION.findall(re.sub(r"`[^`\n]*`", "", body)))
        assert mentioned <= {issue.author} | APPROVERS, mentioned


def test_every_golden_file_belongs_to_a_scenario() -> None:
    expected = {f"{name}.md" for name in SCENARIOS} | {"pto-coverage-reminder-reminder.md"}
    assert {p.name for p in Path(GOLDEN).glob("*.md")} == expected
