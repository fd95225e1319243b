"""SA requests filed from the `SA Request` form: triaged within one business day, as a mirrored request
is; one more business day and the regional manager is asked to step in.

Handbook (#1: Triage within One Business Day): "If it comes in at 4pm, the Team has until 4pm the next
day to triage." The form is the way in for a request that cannot go through the Salesforce button,
and it promises the same ("the SA team triages within one business day").

- The clock starts when the issue was filed: GitLab's `created_at`, which nobody can edit. It counts
  in the calendar of the region the form names (its optional **Region**), else of the author's region
  in the roster; when neither is known, every region's team is reminded, on the first region's
  calendar (as for a mirrored request of an unknown region).
- Triage means an SA is assigned, or the issue is on a board list past the first (its list label),
  as for a mirrored request. What the form still lacks does not stop the clock: asking for it is part
  of triage (question #1). A form whose **Customer SFDC Opportunity Link** names an opportunity whose
  request is mirrored and open needs no triage of its own: the request is triaged on its issue.
- People write these issues, so the bot never edits the description: its labels are its state
  (`bots.slo.form_issues`). Once triaged, the labels go and the notes say so, edited in place; an
  issue left with nobody on it again is reminded again, in the same notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.issue_templates import SA_REQUEST, validate
from bots.schema import Node
from bots.slo.common import due_or_pending, names, off
from bots.slo.facts import region_recipients
from bots.slo.linked import linked_key
from bots.slo.model import Check, Level, Status
from bots.slo.rule import FormRule
from bots.slo.rules.triage import QUOTE
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_label

if TYPE_CHECKING:
    from bots.config import Config
    from bots.model import Issue
    from bots.slo.linked import Links


@dataclass(frozen=True)
class FormTriageSettings(RuleSettings):
    label: str = SA_REQUEST.label  # the issues filed from the SA Request form
    business_days: int = 1  # handbook: triage within one business day
    escalate_after_business_days: int = 1  # after the breach, before the manager is asked

    def labels(self) -> tuple[str, ...]:
        return (self.label,)


def read(node: Node, known: Known) -> FormTriageSettings:
    d = FormTriageSettings()
    enabled = read_enabled(node, {"label", "business_days", "escalate_after_business_days"})
    return FormTriageSettings(enabled, read_label(node.child("label"), d.label, known),
                              read_days(node.child("business_days"), d.business_days, minimum=1),
                              read_days(node.child("escalate_after_business_days"),
                                        d.escalate_after_business_days, minimum=1))


BREACHED = Level(
    key="form-triage-breached", severity=90, rule=QUOTE,
    label="slo::form-triage-breached", color="#8B0000",
    description="SA request filed from the form, not triaged within one business day",
    template="""
**Triage overdue** {{ mentions }}

This SA request was filed from the form {{ received }} and was due for triage by **{{ triage_due }}** (one business day{{ region_note }}).
Please pick it up: assign an SA, or move it to a board list after `{{ first_list }}`.

> "{{ rule }}" (Commercial SA Engagement Model, Triage within One Business Day)

_Clears when an SA is assigned or the issue is on a board list after `{{ first_list }}`. If it is still waiting at {{ escalate }}, the regional manager is asked to step in._
""")  # noqa: E501
ESCALATED = Level(
    key="form-triage-escalated", severity=100, rule=QUOTE,
    label="slo::form-triage-escalated", color="#4B0000",
    description="Triage breach of an SA request filed from the form, escalated to the regional manager",
    template="""
**Triage escalated** {{ mentions }}

This SA request was filed from the form {{ received }}, was due for triage by {{ triage_due }}, and is still waiting one business day later. Could you find it an SA?

> "{{ rule }}" (Commercial SA Engagement Model, Triage within One Business Day)

_Clears when an SA is assigned or the issue is on a board list after `{{ first_list }}`._
""")  # noqa: E501


def _region(issue: Issue, cfg: Config, values: Mapping[str, object]) -> str:
    """The region the form names, else the author's (roster); "" when neither is a configured region."""
    named = values.get("region")
    person = cfg.person(issue.author)
    for region in (named, person.region if person else None):
        if isinstance(region, str) and region in cfg.regions:
            return region
    return ""


def triaged(issue: Issue, cfg: Config, values: Mapping[str, object], links: Links) -> str | None:
    """How the issue was triaged (for the resolved note), or None while it waits (`values`: the form's)."""
    key = linked_key(values)
    mirrored = links.get(key) if key else None
    if mirrored is not None and not mirrored.closed:
        return f"its opportunity's request is on the board as #{mirrored.iid}, triaged there"
    if issue.assignees:
        return f"assigned to {names(issue.assignees)}"
    past_first = [x for x in cfg.board.lists[1:] if x in issue.labels]
    return f"on the board at `{past_first[0]}`" if past_first else None


def check(issue: Issue, t: FormTriageSettings, now: datetime, cfg: Config, links: Links) -> tuple[Check, ...]:
    if not t.enabled:
        why = "the form triage SLO is disabled"
        return off(BREACHED, why), off(ESCALATED, why)
    values = validate(SA_REQUEST, issue.description, today=now.date(), known_users=frozenset()).values
    region = _region(issue, cfg, values)
    cal, team, managers = region_recipients(cfg, region)
    start = cal.clock_start(issue.created_at)
    deadline = cal.due(issue.created_at, t.business_days)
    escalate = cal.add_business_days(deadline, t.escalate_after_business_days)
    first_list = cfg.board.first_list
    context = {"received": when(cal, issue.created_at), "triage_due": when(cal, deadline),
               "escalate": when(cal, escalate), "first_list": first_list,
               "region_note": f" in {region}'s calendar" if region else
               "; no region is known, so every regional team is asked"}
    done = triaged(issue, cfg, values, links)
    if done is not None:
        return tuple(Check(lv, Status.MET, f"triaged ({done})", start, at, cal, context=context,
                           resolution=f"triaged ({done})")
                     for lv, at in ((BREACHED, deadline), (ESCALATED, escalate)))
    waiting = f"not triaged yet: no assignee and not on a board list past `{first_list}`"
    return (Check(BREACHED, due_or_pending(now, deadline), waiting, start, deadline, cal, team, context),
            Check(ESCALATED, due_or_pending(now, escalate), waiting, start, escalate, cal, managers or team,
                  context))


RULE = FormRule(key="form_triage", levels=(BREACHED, ESCALATED), defaults=FormTriageSettings(), read=read,
                check=check, watch=lambda t: t.label, noun="SA request form",
                title="SA request filed from the form", clears=True)
