"""The assigned SA lets the AE know: within one business day of the assignment, the issue shows it.

Handbook (SA Request Triage Process, step 6, Communication): "The assigned SA is responsible for
communicating with the Account Executive to notify them they are working on the account, confirm
details, set expectations, and discuss possible account strategies." The board says when that is
done: the `triage::assigned` list is "An SA is assigned and has contacted the AE". So the rule is met
once the issue is on a list from `slo.ae_contact.contacted_list` on (by default `triage::assigned`,
then `triage::engaged`) or carries a done label. The handbook sets no deadline: one business day from
the first assignment is the team's (`business_days`), counted from the assignment time GitLab's system
note gives (the SLO record keeps it). One gentle reminder, to the assignees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, names, off
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled, read_label, read_labels

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class AeContactSettings(RuleSettings):
    business_days: int = 1  # from the first assignment (the handbook sets no deadline)
    contacted_list: str = "triage::assigned"  # this board list and those after it: the AE was contacted
    done_labels: tuple[str, ...] = ("ae-contacted",)

    def labels(self) -> tuple[str, ...]:
        return (self.contacted_list, *self.done_labels)


def read(node: Node, known: Known) -> AeContactSettings:
    d = AeContactSettings()
    enabled = read_enabled(node, {"business_days", "contacted_list", "done_labels"})
    return AeContactSettings(enabled, read_days(node.child("business_days"), d.business_days, minimum=1),
                             read_label(node.child("contacted_list"), d.contacted_list, known),
                             read_labels(node.child("done_labels"), d.done_labels, known))


AE_CONTACT = Level(
    key="ae-contact", severity=20,
    rule="The assigned SA is responsible for communicating with the Account Executive to notify them they "
         "are working on the account, confirm details, set expectations, and discuss possible account "
         "strategies.",
    label="slo::ae-contact-reminded", color="#20B2AA",
    description="Assigned SA reminded to let the AE know they are on the account",
    template="""
**Has the AE heard from you?** {{ mentions }}

You were assigned {{ assigned }}. When you have let {{ ae }} know you are working on the account (details, expectations, the next meeting and who plays which role in it), move this issue to `{{ contacted_list }}`.

> "{{ rule }}" (Commercial SA Engagement Model, SA Request Triage Process, step 6)

_Clears when the issue is on `{{ contacted_list }}` or a later list{% if labels %}, or the `{{ labels[0] }}` label is added{% endif %}. This is the only reminder._
""")  # noqa: E501
MARKS = (LabelSpec("ae-contacted", "#66CDAA", "The assigned SA has contacted the AE"),)


def contacted(f: Facts, c: AeContactSettings, lists: tuple[str, ...]) -> str | None:
    """How the issue shows that the AE was contacted, or None."""
    later = lists[lists.index(c.contacted_list):] if c.contacted_list in lists else (c.contacted_list,)
    on = [x for x in later if x in f.labels]
    if on:
        return f"the AE was contacted (the issue is on `{on[0]}`)"
    done = [x for x in c.done_labels if x in f.labels]
    return f"the AE was contacted (labelled `{done[0]}`)" if done else None


def check(f: Facts, c: AeContactSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not c.enabled:
        return (off(AE_CONTACT, "the AE-contact SLO is disabled"),)
    if not f.assignees:
        return (off(AE_CONTACT, "not assigned yet"),)
    cal, at = f.calendar, f.record.assigned_at
    assigned = datetime.fromisoformat(at) if at else None
    start, due = (cal.clock_start(assigned), cal.due(assigned, c.business_days)) if assigned else (None, None)
    done = contacted(f, c, env.board_lists)
    if done:
        return (Check(AE_CONTACT, Status.MET, done, start, due, cal, resolution=done),)
    if assigned is None or start is None or due is None:
        return (Check(AE_CONTACT, Status.UNKNOWN, "the assignment time is read from the notes"),)
    context = {"assigned": when(cal, assigned), "contacted_list": c.contacted_list, "labels": c.done_labels,
               "ae": names((f.ae,)) if f.ae else "the AE"}  # shown, not mentioned: the note is the SA's
    why = f"assigned to {names(f.assignees)}; not on `{c.contacted_list}` yet"
    return (Check(AE_CONTACT, due_or_pending(now, due), why, start, due, cal, f.assignees, context),)


RULE = RequestRule(key="ae_contact", levels=(AE_CONTACT,), defaults=AeContactSettings(), read=read,
                   check=check, marks=MARKS)
