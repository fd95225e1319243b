"""Engagement request forms: on-site budget approval, and SA requests made outside Salesforce."""

from __future__ import annotations

from bots.issue_templates.checklists import Checklist, Choice, Item
from bots.issue_templates.fields import Amount, Date, DateSpan, SalesforceLink, Text, Timing, Users
from bots.issue_templates.model import FieldSpec, FormDefinition

ON_SITE_MAX_DAYS = 14
UNKNOWN_OK = " Write `Unknown` if it isn't known yet: triage is a chance to find out together."

ON_SITE_REQUEST = FormDefinition(
    name="On-site Request",
    file_name="On-site Request.md",
    label="form::onsite-request",
    next_label="onsite::awaiting-approval",
    intro=(
        "Ask for budget approval before any customer on-site engagement. On-sites are driven by"
        " the customer's wish: a demo to a large crowd, an in-person workshop, an executive"
        " meeting, a Day In The Life of A Developer assessment.\n\n"
        "**Approval** is a 👍 (`:thumbsup:`) award emoji on this issue from both the region's"
        " SA Manager and Area Sales Manager. A bot checks the sections below after you file;"
        " fix what it reports before asking for approval."
    ),
    fields=(
        FieldSpec(
            "Customer SFDC Opportunity Link",
            "opportunity",
            SalesforceLink(),
            required=True,
            hint="The opportunity being pursued, with `Help` inside its `Command Plan` updated"
            " to list the technical details of what is needed for the on-site.",
        ),
        FieldSpec(
            "Estimated Cost",
            "estimated_cost",
            Amount(),
            required=True,
            hint="Expected travel and lodging for the on-site; meals are not included.",
            placeholder="the travel and lodging cost with its currency, e.g. `USD 2,400`",
        ),
        FieldSpec(
            "GitLab Team On-Site Attendees",
            "attendees",
            Users(),
            required=True,
            hint="The team members required on-site. If a Customer Success Manager is aligned"
            " to the account, make sure you collaborate with them.",
        ),
        FieldSpec(
            "Summary of Customer Engagement To Date",
            "engagement_summary",
            Text(),
            required=True,
            hint="An overview of the ongoing activities with the customer.",
            placeholder="an overview of the engagement so far",
        ),
        FieldSpec(
            "Customer Stakeholders/Teams",
            "stakeholders",
            Text(),
            required=True,
            hint="The key stakeholders present during the engagement, with any outstanding or"
            " pending activities on-site.",
            placeholder="the stakeholders and teams who will attend",
        ),
        FieldSpec(
            "On-Site Proposed Date(s)",
            "proposed_dates",
            DateSpan(Timing.NOT_PAST, max_days=ON_SITE_MAX_DAYS),
            required=True,
            hint="First and last day on-site (one date for a single day).",
        ),
        FieldSpec(
            "On-Site Agenda",
            "agenda",
            Text(),
            required=True,
            hint="The proposed agenda for each day on-site; `#### Day 1` sub-headings are fine.",
            placeholder="the agenda for each day",
        ),
        FieldSpec(
            "Outstanding Activities Prior to Scheduling",
            "outstanding",
            Text(),
            required=True,
            hint="What must be completed before the event. Write `None` if nothing.",
            placeholder="what must happen before the event, or `None`",
        ),
        FieldSpec(
            "Pre-Requisites",
            "prerequisites",
            Checklist(
                (
                    Item(
                        "customer_agreed",
                        "The customer requested or accepted the on-site, with an agreed-upon agenda",
                    ),
                    Item(
                        "budget_initiative",
                        "There is a predefined initiative with budget that aligns with a problem"
                        " GitLab can solve, at a price GitLab can be bought for",
                    ),
                )
            ),
            required=True,
            hint="Every on-site needs both. The budget can be net new spend, or reclaimed spend"
            " whose existing budget and renewal dates are known.",
        ),
    ),
)

SA_REQUEST = FormDefinition(
    name="SA Request",
    file_name="SA Request.md",
    label="form::sa-request",
    next_label="sa-request::ready-for-triage",
    intro=(
        "Request a Solutions Architect when the request can't go through the SA Request button"
        " on the Salesforce opportunity. Fill in the Command Plan below; the SA team triages"
        " within one business day and answers the 4 Questions."
    ),
    fields=(
        FieldSpec(
            "Customer SFDC Opportunity Link",
            "opportunity",
            SalesforceLink(),
            required=False,
            hint="The Salesforce opportunity, if one exists.",
        ),
        FieldSpec(
            "Account",
            "account",
            Text(),
            required=True,
            hint="The customer account.",
            placeholder="the customer account name",
        ),
        FieldSpec(
            "Region",
            "region",
            Choice(("AMER", "EMEA")),
            required=False,
            hint="Tick one: the regional SA team that triages it, in its own business days (if left"
            " unticked: the region of the person who files it, else every regional team).",
        ),
        FieldSpec(
            "Segment",
            "segment",
            Choice(("SMB", "Mid-Market First Order", "Mid-Market Named", "Mid-Market Territory")),
            required=True,
            hint="Tick one: the segment of the account executive's role.",
        ),
        FieldSpec(
            "Requested Meeting Date",
            "meeting_date",
            Date(Timing.NOT_PAST),
            required=True,
            hint="Leave the SA time to prepare: not within 12-24 hours of this request.",
        ),
        FieldSpec(
            "Requested Meeting Time",
            "meeting_time",
            Text(),
            required=False,
            hint="The start time and time zone.",
            placeholder="the start time with its time zone, e.g. `15:00 CET`",
        ),
        FieldSpec(
            "Meeting Type",
            "meeting_type",
            Choice(("Discovery", "Demo", "Technical Deep Dive", "Reverse AMA", "Workshop")),
            required=True,
            hint="Tick one.",
        ),
        FieldSpec(
            "Current DevOps Stack",
            "devops_stack",
            Text(),
            required=True,
            hint="Command Plan: SCM, planning, CI/CD, cloud vendor(s) and deployment"
            " technologies." + UNKNOWN_OK,
            placeholder="their current tools",
        ),
        FieldSpec(
            "Competitors Evaluated",
            "competitors",
            Text(),
            required=True,
            hint="Command Plan: competing technologies evaluated (e.g. GitHub, Azure"
            " DevOps, Atlassian)." + UNKNOWN_OK,
            placeholder="the competitors evaluated",
        ),
        FieldSpec(
            "Attendees",
            "attendees",
            Text(),
            required=True,
            hint="Command Plan: who will attend, with names and titles." + UNKNOWN_OK,
            placeholder="each attendee's name and title",
        ),
        FieldSpec(
            "Use Cases",
            "use_cases",
            Text(),
            required=True,
            hint="Command Plan: what they want GitLab to address." + UNKNOWN_OK,
            placeholder="the use cases",
        ),
        FieldSpec(
            "Why Now",
            "why_now",
            Text(),
            required=True,
            hint="Command Plan: the compelling event." + UNKNOWN_OK,
            placeholder="why they are looking now",
        ),
        FieldSpec(
            "The 4 Questions",
            "four_questions",
            Checklist(
                (
                    Item("command_plan", "The Command Plan is properly completed", required=False),
                    Item(
                        "understanding",
                        "The SA understands the stack, competitors, attendees, use cases and why now",
                        required=False,
                    ),
                    Item("lead_time", "The SA has lead time to prepare", required=False),
                    Item(
                        "experience",
                        "The SA has relatable experience for this account",
                        required=False,
                    ),
                )
            ),
            required=False,
            hint="For the SA team during triage; the requester may leave them unticked.",
        ),
    ),
)
