"""Demo data for the forms bot: issues filed from the templates by roster people, in the sandbox."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bots.config import Config, Person
from bots.forms.pto import business_days_after
from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE, SA_REQUEST, FormDefinition
from bots.issue_templates import render as render_template
from bots.issue_templates.checklists import Checklist
from bots.issue_templates.markdown import strip_quick_actions
from bots.issue_templates.salesforce import checksum

DEMO_OPPORTUNITY = "0064M00000DeMo1"


def fill_template(form: FormDefinition, answers: dict[str, str]) -> str:
    """The form's template with `answers` in place of the blanks (`"ticked"` ticks a checklist).

    The template's `/label` line is left out, as GitLab removes it when it runs the quick action.
    """
    text = render_template(form)
    for spec in form.fields:
        answer = answers.get(spec.key)
        if answer is None:
            continue
        if answer == "ticked" and isinstance(spec.type, Checklist):
            answer = "\n".join(f"- [x] {item.text}" for item in spec.type.items)
        start = text.index(f"### {spec.heading}\n")
        blank = "\n".join(spec.type.body(spec.prompt))
        at = text.index(blank, start)
        text = text[:at] + answer + text[at + len(blank):]
    return strip_quick_actions(text).rstrip() + "\n"


def _pick(cfg: Config, role: str, region: str | None = None) -> Person:
    """The first roster person with `role` (in `region`, if one there has it)."""
    people = [p for p in cfg.roster if p.role == role]
    local = [p for p in people if p.region == region] if region else []
    if not (local or people):
        raise ValueError(f"the roster has no {role!r} to file demo issues as")
    return (local or people)[0]


def _on_site_answers(sa: Person, ae: Person, today: date) -> dict[str, str]:
    start = today + timedelta(days=21)
    opportunity = DEMO_OPPORTUNITY + checksum(DEMO_OPPORTUNITY)
    return {
        "opportunity": f"https://gitlab.my.salesforce.com/{opportunity}",
        "estimated_cost": "USD 2,400 (flights and two nights)",
        "attendees": f"@{sa.username} (SA) and @{ae.username} (AE)",
        "engagement_summary": "Discovery call and a CI/CD demo in October; trial running since.",
        "stakeholders": "VP Engineering, the platform team and two security leads.",
        "proposed_dates": f"{start.isoformat()} to {(start + timedelta(days=1)).isoformat()}",
        "agenda": "#### Day 1\nExecutive briefing and demo\n#### Day 2\nHands-on CI/CD workshop",
        "outstanding": "Confirm the room and the attendee list with the champion.",
        "prerequisites": "ticked",
    }


def seed_demo_forms(sandbox: Any, cfg: Config) -> None:
    """File, as roster people, one incomplete and one complete on-site request, one PTO issue and one
    SA request (`seed_sa_request_form`).

    The incomplete request (by an AE) leaves most sections as the template has them and gives a
    cost without a currency; the complete one (by an SA of the same region) is ready for approval;
    the PTO coverage issue (by an SA) starts on the next business day and names no coverage SA,
    so the bot both lists what is missing and reminds its author.
    """
    project = cfg.gitlab.project or "commercial/triage"
    ae = _pick(cfg, "ae")
    sa = _pick(cfg, "sa", ae.region)
    region = cfg.regions.get(ae.region or "")
    calendar = region.calendar if region else None
    today = sandbox.now().date()
    complete = _on_site_answers(sa, ae, today)
    incomplete = {"opportunity": complete["opportunity"], "estimated_cost": "2400",
                  "engagement_summary": "Two discovery calls so far."}
    start = business_days_after(today, 1, calendar)
    pto = {"dates": f"{start.isoformat()} to {(start + timedelta(days=4)).isoformat()}",
           "active_customers": "Northwind Logistics: POV of CI/CD, may need help with runners.",
           "announced": "ticked"}
    filed = (
        ("On-site: Northwind Logistics executive briefing", ae, ON_SITE_REQUEST, incomplete),
        ("On-site: Contoso CI/CD workshop", sa, ON_SITE_REQUEST, complete),
        (f"PTO: {sa.name}", sa, PTO_COVERAGE, pto),
    )
    for title, author, form, answers in filed:
        sandbox.add_issue(project, title, author=author.username,
                          description=fill_template(form, answers), labels=[form.label])
    seed_sa_request_form(sandbox, cfg, project)


def seed_sa_request_form(sandbox: Any, cfg: Config, project: str) -> None:
    """An SA request filed from the form by an EMEA AE at 14:00 on the business day before the demo's
    now: one business day later it is overdue for triage, so the SLO bot reminds the EMEA team (the
    escalation to the manager is a business day off)."""
    ae = _pick(cfg, "ae", "EMEA")
    region = cfg.regions.get(ae.region or "")
    if region is None:
        return
    cal = region.calendar
    now = sandbox.now()
    zone = ZoneInfo(cal.timezone)
    today_14 = datetime.combine(now.astimezone(zone).date(), time(14, 0), zone)
    filed = cal.add_business_days(today_14, -1)
    answers = {"account": "Fabrikam Retail", "region": f"- [ ] AMER\n- [x] {region.name}",
               "segment": "- [ ] SMB\n- [ ] Mid-Market First Order\n- [x] Mid-Market Named\n"
                          "- [ ] Mid-Market Territory",
               "meeting_date": (now.date() + timedelta(days=14)).isoformat(),
               "meeting_type": "- [ ] Discovery\n- [x] Demo\n- [ ] Technical Deep Dive\n- [ ] Reverse AMA\n"
                               "- [ ] Workshop",
               "devops_stack": "Azure DevOps Server, Jenkins, on-premises Kubernetes",
               "competitors": "GitHub Enterprise", "attendees": "Unknown",
               "use_cases": "One DevSecOps platform for 300 developers", "why_now": "ADO Server renewal"}
    sandbox.add_issue(project, "SA request: Fabrikam Retail (outside Salesforce)", author=ae.username,
                      description=fill_template(SA_REQUEST, answers), labels=[SA_REQUEST.label],
                      created_at=filed.astimezone(UTC).isoformat())
