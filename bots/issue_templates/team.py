"""The team forms: PTO coverage, SA-to-SA handoff, and ephemeral customer Slack channels."""

from __future__ import annotations

from datetime import date, timedelta

from bots.issue_templates.checklists import Checklist, Choice, Item
from bots.issue_templates.fields import Date, DateRange, DateSpan, SalesforceLink, Text, Timing, Users
from bots.issue_templates.model import CrossCheck, FieldSpec, FormDefinition, RequiredWhen, Values

TWO_WEEKS = 14
SLACK_CHANNEL_MAX_DAYS = 90
NEW_CUSTOMER = "New customer evaluating GitLab"
EXISTING_ACCOUNT = "Existing account doing a POV for an upgrade"


def _away_more_than_two_weeks(values: Values) -> bool:
    """True when the PTO dates cover more than 14 days."""
    away = values.get("dates")
    return isinstance(away, DateRange) and away.days > TWO_WEEKS


PTO_COVERAGE = FormDefinition(
    name="PTO Coverage",
    file_name="PTO Coverage.md",
    label="form::pto-coverage",
    next_label="pto::coverage-planned",
    intro=(
        "Plan coverage for your time off: create this issue when customers run an active trial"
        " or POV and may need technical guidance, or when you are away more than two weeks and"
        " your workload needs distributing across the team."
    ),
    fields=(
        FieldSpec(
            "Dates",
            "dates",
            DateSpan(Timing.NOT_OVER, max_days=366),
            required=True,
            hint="First and last day away.",
        ),
        FieldSpec(
            "Coverage SA(s)",
            "coverage",
            Users(),
            required=True,
            hint="Who covers for you while you are away; agree it with them first.",
        ),
        FieldSpec(
            "Customers With Active Trials or POVs",
            "active_customers",
            Text(),
            required=True,
            hint="Each customer running a trial or POV who may need technical guidance, and what"
            " they need. Write `None` if there are none.",
            placeholder="each customer and what they need, or `None`",
        ),
        FieldSpec(
            "Workload Distribution",
            "workload",
            Text(),
            required=False,
            hint="How your accounts and open requests are split across the team.",
            placeholder="who takes which accounts and requests",
        ),
        FieldSpec(
            "Team Announcement",
            "announced",
            Checklist(
                (
                    Item(
                        "announced",
                        "I announced my time off to my team, shared the link to this issue"
                        " and the coverage I expect",
                    ),
                )
            ),
            required=True,
            hint="Tick once done.",
        ),
    ),
    rules=(
        RequiredWhen(
            "workload", _away_more_than_two_weeks, "you are away more than two weeks (over 14 days)"
        ),
    ),
)


def _different_sas(values: Values) -> str | None:
    """The handoff must go to someone else."""
    if values.get("previous_sa") and values.get("previous_sa") == values.get("new_sa"):
        return "The new SA must be someone other than the previous SA."
    return None


SA_HANDOFF = FormDefinition(
    name="SA Handoff",
    file_name="SA Handoff.md",
    label="form::sa-handoff",
    next_label="handoff::complete",
    intro="Hand a new account over from one SA to another. Tick each step as it is done.",
    fields=(
        FieldSpec(
            "Previous SA",
            "previous_sa",
            Users(max_count=1),
            required=True,
            hint="The SA handing the account over.",
            placeholder="the `@username` of the previous SA",
        ),
        FieldSpec(
            "New SA",
            "new_sa",
            Users(max_count=1),
            required=True,
            hint="The SA taking the account over.",
            placeholder="the `@username` of the new SA",
        ),
        FieldSpec(
            "Account or Opportunity Link",
            "account_link",
            SalesforceLink(("Account", "Opportunity")),
            required=True,
            hint="The Salesforce account or opportunity being handed over.",
            placeholder="the link to the Salesforce account or opportunity",
        ),
        FieldSpec(
            "Handoff Checklist",
            "checklist",
            Checklist(
                (
                    Item(
                        "salesforce_team",
                        "The SA name on the account team in Salesforce is updated",
                    ),
                    Item(
                        "notes_shared",
                        "Account notes, tech stack discoveries, technical briefs and"
                        " running call notes are linked to Salesforce and shared with the new SA",
                    ),
                    Item("introduced", "The new SA was introduced live on a client call"),
                    Item(
                        "pov_updated",
                        "If a POV is pending or active, its record in Salesforce is updated",
                    ),
                    Item(
                        "action_items",
                        "Current action items are issues on the Commercial SA Triage board",
                    ),
                )
            ),
            required=True,
            hint="The SA-to-SA handoff steps from the handbook; tick each once done.",
        ),
        FieldSpec(
            "Handoff Notes",
            "notes",
            Text(),
            required=False,
            hint="Anything else the new SA should know.",
            placeholder="context for the new SA",
        ),
    ),
    rules=(CrossCheck("new_sa", _different_sas),),
)


def _close_within_90_days(values: Values) -> str | None:
    """An ephemeral channel closes within 90 days of its creation."""
    created, close_by = values.get("created_on"), values.get("close_by")
    if not isinstance(created, date) or not isinstance(close_by, date):
        return None
    latest = created + timedelta(days=SLACK_CHANNEL_MAX_DAYS)
    if close_by < created:
        return f"The close-by date must be on or after the creation date ({created.isoformat()})."
    if close_by > latest:
        return (
            f"Ephemeral channels close within {SLACK_CHANNEL_MAX_DAYS} days: choose a close-by"
            f" date no later than {latest.isoformat()}."
        )
    return None


def _existing_account(values: Values) -> bool:
    """True when the form says the channel is for an existing account (its CSM approves too)."""
    return values.get("account_type") == EXISTING_ACCOUNT


EPHEMERAL_SLACK_CHANNEL = FormDefinition(
    name="Ephemeral Slack Channel",
    file_name="Ephemeral Slack Channel.md",
    label="form::ephemeral-slack-channel",
    next_label="slack-channel::awaiting-approval",
    intro=(
        "Request a temporary Slack channel shared with a customer who is evaluating GitLab or"
        " running a POV for an upgrade. It serves the pre-sales process only, needs the SA's"
        " approval (and, for an existing account, its CSM's) as a 👍 (`:thumbsup:`) on this issue,"
        f" and is closed within {SLACK_CHANNEL_MAX_DAYS} days or at project completion (the"
        " opportunity closing), whichever comes first."
    ),
    fields=(
        FieldSpec(
            "Account",
            "account",
            Text(),
            required=True,
            hint="The customer account.",
            placeholder="the customer account name",
        ),
        FieldSpec(
            "Purpose",
            "purpose",
            Text(),
            required=True,
            hint="The evaluation or POV the channel supports, and why Slack helps.",
            placeholder="what the channel is for",
        ),
        FieldSpec(
            "Opportunity Link",
            "opportunity",
            SalesforceLink(),
            required=True,
            hint="The opportunity of the evaluation or POV: the channel closes when it closes"
            " (project completion), or at 90 days, whichever comes first.",
        ),
        FieldSpec(
            "Account Type",
            "account_type",
            Choice((NEW_CUSTOMER, EXISTING_ACCOUNT)),
            required=True,
            hint="An existing account's channel also needs its CSM's approval.",
        ),
        FieldSpec(
            "Approving SA",
            "approving_sa",
            Users(max_count=1),
            required=True,
            hint="The SA who approves the channel's creation and use, with a 👍 on this issue.",
            placeholder="the `@username` of the approving SA",
        ),
        FieldSpec(
            "Account CSM",
            "account_csm",
            Users(max_count=1),
            required=False,
            hint="Its Customer Success Manager, who approves the channel with a 👍 on this issue.",
            placeholder="the `@username` of the account's CSM",
        ),
        FieldSpec(
            "Creation Date",
            "created_on",
            Date(),
            required=True,
            hint="When the channel is (or was) created.",
        ),
        FieldSpec(
            "Close-By Date",
            "close_by",
            Date(),
            required=True,
            hint=f"At most {SLACK_CHANNEL_MAX_DAYS} days after the creation date; close it"
            " earlier when the project completes.",
        ),
    ),
    rules=(
        RequiredWhen("account_csm", _existing_account, "the account is an existing account"),
        CrossCheck("close_by", _close_within_90_days),
    ),
)
