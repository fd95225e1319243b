"""Shared test data: a fixed today, known users, and a helper that fills rendered templates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from bots.issue_templates import (
    EPHEMERAL_SLACK_CHANNEL,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    SA_HANDOFF,
    SA_REQUEST,
    DateRange,
    FieldValue,
    FormDefinition,
    FormResult,
    Money,
    SalesforceRecord,
    render,
    validate,
)
from bots.issue_templates.checklists import Checklist, Choice
from bots.issue_templates.salesforce import checksum
from bots.issue_templates.team import NEW_CUSTOMER

TODAY = date(2026, 11, 2)
KNOWN_USERS = frozenset({"alice", "bob", "carol", "Dave.Smith"})
OPP_ID = "0064M00000AbCdE" + checksum("0064M00000AbCdE")
ACCOUNT_ID = "0014M00000xYzAB" + checksum("0014M00000xYzAB")
OPP_URL = f"https://gitlab.my.salesforce.com/{OPP_ID}"
LIGHTNING_OPP_URL = f"https://gitlab.lightning.force.com/lightning/r/Opportunity/{OPP_ID}/view"
ACCOUNT_URL = f"https://gitlab.lightning.force.com/lightning/r/Account/{ACCOUNT_ID}/view"
# A quotation by `sanitize.inline` defuses mentions, so any `@name` left in a message is live.
LIVE_MENTION = re.compile(r"(?<![\w`])@(?=[\w.\-/])")


def ticked(form: FormDefinition, key: str, *options: str) -> str:
    """The checklist or choice lines of a field, with `options` (default: every item) ticked."""
    kind = form.field(key).type
    if isinstance(kind, Checklist):
        texts = [item.text for item in kind.items]
    else:
        assert isinstance(kind, Choice)
        texts = list(kind.options)
    chosen = set(options) if options else set(texts)
    return "\n".join(f"- [{'x' if text in chosen else ' '}] {text}" for text in texts)


def unticked(form: FormDefinition, key: str) -> str:
    """The checklist or choice lines of a field as the template has them: nothing ticked."""
    return "\n".join(form.field(key).type.body(""))


def _answers() -> dict[str, dict[str, tuple[str, FieldValue]]]:
    """Valid text for every field of every form, with the value it should parse to."""
    on_site, pto, handoff, request, slack = (
        ON_SITE_REQUEST,
        PTO_COVERAGE,
        SA_HANDOFF,
        SA_REQUEST,
        EPHEMERAL_SLACK_CHANNEL,
    )
    opportunity = SalesforceRecord("Opportunity", OPP_ID, OPP_URL)
    return {
        on_site.name: {
            "opportunity": (OPP_URL, opportunity),
            "estimated_cost": ("USD 2,400 (flights and two nights)", Money(Decimal(2400), "USD")),
            "attendees": ("@alice (SA) and @bob (CSM)", ("alice", "bob")),
            "engagement_summary": ("Discovery and demo in October.", "Discovery and demo in October."),
            "stakeholders": ("CTO; platform team", "CTO; platform team"),
            "proposed_dates": ("2026-12-03 to 2026-12-04", DateRange(date(2026, 12, 3), date(2026, 12, 4))),
            "agenda": ("#### Day 1\nDemo\n#### Day 2\nWorkshop", "#### Day 1\nDemo\n#### Day 2\nWorkshop"),
            "outstanding": ("None", "None"),
            "prerequisites": (
                ticked(on_site, "prerequisites"),
                ("customer_agreed", "budget_initiative"),
            ),
        },
        pto.name: {
            "dates": ("21 Dec 2026 - 1 Jan 2027", DateRange(date(2026, 12, 21), date(2027, 1, 1))),
            "coverage": ("@carol", ("carol",)),
            "active_customers": ("Acme: POV, needs runner help", "Acme: POV, needs runner help"),
            "workload": ("@carol takes Acme", "@carol takes Acme"),
            "announced": (ticked(pto, "announced"), ("announced",)),
        },
        handoff.name: {
            "previous_sa": ("@alice", ("alice",)),
            "new_sa": ("@dave.smith", ("Dave.Smith",)),
            "account_link": (
                f"[Acme]({ACCOUNT_URL})",
                SalesforceRecord("Account", ACCOUNT_ID, ACCOUNT_URL),
            ),
            "checklist": (
                ticked(handoff, "checklist"),
                ("salesforce_team", "notes_shared", "introduced", "pov_updated", "action_items"),
            ),
            "notes": ("Champion is the CTO.", "Champion is the CTO."),
        },
        request.name: {
            "opportunity": (
                LIGHTNING_OPP_URL,
                SalesforceRecord("Opportunity", OPP_ID, LIGHTNING_OPP_URL),
            ),
            "account": ("Acme Corp", "Acme Corp"),
            "region": (ticked(request, "region", "EMEA"), "EMEA"),
            "segment": (ticked(request, "segment", "Mid-Market Named"), "Mid-Market Named"),
            "meeting_date": ("Dec 3, 2026", date(2026, 12, 3)),
            "meeting_time": ("15:00 CET", "15:00 CET"),
            "meeting_type": (ticked(request, "meeting_type", "Demo"), "Demo"),
            "devops_stack": ("Jenkins, Bitbucket, AWS", "Jenkins, Bitbucket, AWS"),
            "competitors": ("GitHub", "GitHub"),
            "attendees": ("Jane Doe, VP Engineering", "Jane Doe, VP Engineering"),
            "use_cases": ("CI/CD consolidation", "CI/CD consolidation"),
            "why_now": ("Jenkins renewal in Q1", "Jenkins renewal in Q1"),
            "four_questions": (unticked(request, "four_questions"), ()),
        },
        slack.name: {
            "account": ("Acme Corp", "Acme Corp"),
            "purpose": ("POV for Ultimate", "POV for Ultimate"),
            "opportunity": (OPP_URL, SalesforceRecord("Opportunity", OPP_ID, OPP_URL)),
            "account_type": (ticked(slack, "account_type", NEW_CUSTOMER), NEW_CUSTOMER),
            "approving_sa": ("@bob", ("bob",)),
            "created_on": ("2026-11-05", date(2026, 11, 5)),
            "close_by": ("2027-02-01", date(2027, 2, 1)),
        },
    }


ANSWERS = _answers()


def answers(form: FormDefinition) -> dict[str, str]:
    """Valid text for every field of `form`."""
    return {key: text for key, (text, _) in ANSWERS[form.name].items()}


def expected_values(form: FormDefinition) -> dict[str, FieldValue]:
    """The values the valid answers parse to."""
    return {key: value for key, (_, value) in ANSWERS[form.name].items()}


def fill(form: FormDefinition, **overrides: str | None) -> str:
    """The rendered template with valid answers; an override of None leaves the template as is."""
    text = render(form)
    for spec in form.fields:
        answer = overrides.get(spec.key, answers(form).get(spec.key))  # no answer: left blank
        if answer is None:
            continue
        start = text.index(f"### {spec.heading}\n")
        blank = "\n".join(spec.type.body(spec.prompt))
        at = text.index(blank, start)
        text = text[:at] + answer + text[at + len(blank) :]
    return text


def check(form: FormDefinition, description: str) -> FormResult:
    """Validate with the fixed today and known users."""
    return validate(form, description, today=TODAY, known_users=KNOWN_USERS)


def kinds(result: FormResult) -> list[tuple[str, str]]:
    """(field key, finding kind) of each finding, in order."""
    return [(f.key, f.kind.value) for f in result.findings]


def assert_inert(result: FormResult) -> None:
    """No finding message mentions anyone or holds a line GitLab would run as a quick action."""
    for finding in result.findings:
        assert not LIVE_MENTION.search(finding.message), finding.message
        assert "\n" not in finding.message
        assert not finding.message.lstrip().startswith("/"), finding.message
