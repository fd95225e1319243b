"""The bot's notes on form issues: the one status note per issue, and the PTO reminder.

Only the author and configured approvers are ever mentioned; every other piece of text is either
composed here, comes from our own form definitions, or is made inert by `bots.sanitize`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from bots import markers, sanitize
from bots.forms import slack
from bots.forms.approvals import APPROVED_LABEL, Approvals, Role, RoleStatus
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, ON_SITE_REQUEST, Finding, FormDefinition
from bots.issue_templates.dates import describe
from bots.render import render, trusted

FORM_MARKER = markers.note_marker("form")
PTO_REMINDER_MARKER = markers.note_marker("pto-reminder")
NEEDS_INFO_LABEL = "needs-info"
# The label a form carries once its approvers approved (forms with approvals only).
APPROVED_LABELS = {ON_SITE_REQUEST.label: APPROVED_LABEL, EPHEMERAL_SLACK_CHANNEL.label: slack.APPROVED_LABEL}
_NOBODY = {  # a role nobody can give: what to fix
    Role.SA: "name an SA of the team under **Approving SA** (the roster does not know the one named as an"
             " SA).",
    Role.CSM: "name the account's CSM under **Account CSM** (someone other than the issue's author).",
}
_USERNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,254}")


def mention(username: str) -> Markup:
    """`@username` (a live mention) for a well-formed username; anything else only as inert text."""
    if _USERNAME.fullmatch(username) and not username.endswith("."):
        return trusted("@" + username)
    return trusted(sanitize.inline(username, 60))


def mentions(usernames: Iterable[str], joiner: str = " or ") -> Markup:
    """Several mentions, e.g. `@a or @b`."""
    return trusted(joiner.join(mention(name) for name in usernames))


def _one_line(message: str) -> Markup:
    """A finding's message (ours, with inert excerpts) kept on one line with no live mention."""
    return trusted(sanitize.defuse_mentions(" ".join(sanitize.clean(message).split())))


def _role_line(status: RoleStatus, region: str) -> dict[str, Markup]:
    """Icon and text of one approver role."""
    if status.ok:
        who = mentions(status.approved_by, " and ")
        return {"icon": trusted("✅"), "text": trusted(f"approved by {who}")}
    if status.stale:
        who = mentions(status.stale, " and ")
        return {"icon": trusted("⚠️"), "text": trusted(
            f"**stale approval**: {who} approved before the required fields last changed. Please review"
            " them, then remove your 👍 and add it again.")}
    if not status.candidates and status.role in _NOBODY:
        return {"icon": trusted("⛔"), "text": trusted(_NOBODY[status.role])}
    if not status.candidates:
        return {"icon": trusted("⛔"), "text": trusted(
            f"nobody is configured for {region} in `sa-triage.yml`, so this approval cannot be given yet.")}
    return {"icon": trusted("⏳"), "text": trusted(f"waiting for a 👍 from {mentions(status.candidates)}")}


@dataclass(frozen=True)
class StatusInputs:
    """What the status note says: the form, its author, what to fix, and where approval stands."""

    form: FormDefinition
    author: str
    findings: tuple[Finding, ...]
    no_headings: bool = False
    approvals: Approvals | None = None  # on-site requests and Slack channels only
    region_labels: tuple[str, ...] = ()


def _state_label(inputs: StatusInputs) -> str:
    """The label a complete form carries now."""
    if inputs.approvals is not None and inputs.approvals.approved:
        return APPROVED_LABELS[inputs.form.label]
    return inputs.form.next_label


def status_text(inputs: StatusInputs) -> str:
    """The visible text of the status note."""
    approvals = inputs.approvals
    context: dict[str, Any] = {
        "author": mention(inputs.author),
        "form": trusted(inputs.form.name),
        "findings": [{"heading": trusted(f.heading), "message": _one_line(f.message)}
                     for f in inputs.findings],
        "no_headings": inputs.no_headings,
        "needs_info": trusted(NEEDS_INFO_LABEL),
        "state_label": trusted(_state_label(inputs)),
        "onsite": approvals is not None and inputs.form is ON_SITE_REQUEST,
        "slack": approvals is not None and inputs.form is EPHEMERAL_SLACK_CHANNEL,
        "csm": approvals is not None and any(r.role is Role.CSM for r in approvals.roles),
        "region": trusted(approvals.region) if approvals and approvals.region else None,
        "region_labels": trusted(", ".join(f"`region::{r}`" for r in inputs.region_labels)),
        "roles": [], "approved": False, "ignored": "",
    }
    if approvals is not None and approvals.region:
        context.update(
            roles=[{"role": trusted(r.role.value), **_role_line(r, approvals.region)}
                   for r in approvals.roles],
            approved=approvals.approved,
            ignored=", ".join(approvals.ignored),
        )
    return render("forms_status.md.j2", **context)


def status_note(inputs: StatusInputs, state: dict[str, Any], key: bytes) -> str:
    """The whole status note: marker, signed hidden state, then the text."""
    head = FORM_MARKER + "\n" + markers.signed_state_comment(state, key)
    return head + "\n" + status_text(inputs).strip() + "\n"


def pto_reminder_note(author: str, start: date) -> str:
    """The one-off reminder to name a coverage SA before time off starts."""
    text = render("forms_pto_reminder.md.j2", author=mention(author), start=trusted(describe(start)))
    return markers.with_marker(PTO_REMINDER_MARKER, text)
