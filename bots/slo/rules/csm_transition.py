"""CSM transition: at Negotiating or Awaiting Signature, the SA and the AE introduce a CSM.

Handbook (Post-Sales Engagement): "As an opportunity enters into either the Negotiating or Awaiting
Signature stage, the Solutions Architect and Account Executive ought to begin introducing the customer
to a Customer Success Manager following the Commercial CSM Transition Process." One reminder to the SA
and the AE; it clears with a done label (`slo.csm_transition.done_labels`) or when the stage moves on.

But "Customer Success Manager assignment is not available for the majority of Commercial Accounts": the
reminder says whether this account qualifies, from Salesforce (a CSM named for the account, or its CSM
eligibility field) or else from the segment (`slo.csm_transition.csm_segments`, default Named), and
asks for an introduction only where a CSM can exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo.common import RuleEnv, off, unique
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_enabled, read_labels
from bots.sources.request import Segment, Stage

if TYPE_CHECKING:
    from bots.slo.facts import Facts

V = TypeVar("V")


@dataclass(frozen=True)
class CsmSettings(RuleSettings):
    stages: tuple[Stage, ...] = (Stage.NEGOTIATING, Stage.AWAITING_SIGNATURE)
    done_labels: tuple[str, ...] = ("csm-introduced",)
    csm_segments: tuple[Segment, ...] = (Segment.NAMED,)  # where CSM assignment is available

    def labels(self) -> tuple[str, ...]:
        return self.done_labels

    @functools.cached_property  # in the reason of every request at another stage
    def stage_names(self) -> str:
        return ", ".join(x.value for x in self.stages)


def _vocabulary(node: Node, from_text: Callable[[str], V | None], default: tuple[V, ...],
                what: str) -> tuple[V, ...]:
    """A list of vocabulary values (stages, segments); an unknown one is named with its key path."""
    if node.value is None:
        return default
    parsed = []
    for item in node.elements():
        value = from_text(item.get(str, required=True))
        if value is None:
            item.reject(f"unknown {what} {item.value!r}")
        else:
            parsed.append(value)
    return tuple(parsed)


def read(node: Node, known: Known) -> CsmSettings:
    d = CsmSettings()
    enabled = read_enabled(node, {"stages", "done_labels", "csm_segments"})
    stages = node.field("stages", lambda n: _vocabulary(n, Stage.from_text, d.stages, "stage"), d.stages)
    segments = node.field("csm_segments", lambda n: _vocabulary(n, Segment.from_text, d.csm_segments,
                                                                "segment"), d.csm_segments)
    return CsmSettings(enabled, stages, read_labels(node.child("done_labels"), d.done_labels, known),
                       segments)


CSM = Level(
    key="csm-transition", severity=25,
    rule="the Solutions Architect and Account Executive ought to begin introducing the customer to a "
         "Customer Success Manager",
    label="slo::csm-transition", color="#4682B4",
    description="Negotiating / Awaiting Signature: SA and AE reminded to introduce a CSM",
    template="""
{% if qualifies %}
**Time to introduce a Customer Success Manager** {{ mentions }}

The opportunity is at {{ stage }} and the account qualifies for a Customer Success Manager ({{ because }}). Please begin the Commercial CSM Transition Process together with the customer.

> "{{ rule }}" (Commercial SA Engagement Model, Post-Sales Engagement)

_Clears when the `{{ labels[0] }}` label is added, or when the stage moves on._
{% else %}
**No CSM transition for this account** {{ mentions }}

The opportunity is at {{ stage }}, but the account does not qualify for a Customer Success Manager ({{ because }}): "Customer Success Manager assignment is not available for the majority of Commercial Accounts". There is nobody to introduce; after the close, point the customer's questions to GitLab Support (the mirror's closing note has the handbook's reply).

_Clears when the stage moves on._
{% endif %}
""")  # noqa: E501
MARKS = (LabelSpec("csm-introduced", "#5F9EA0", "Customer introduced to a Customer Success Manager"),)


def check(f: Facts, c: CsmSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not c.enabled:
        return (off(CSM, "the CSM-transition SLO is disabled"),)
    if f.stage not in c.stages:
        return (off(CSM, f"the stage is {f.stage.value if f.stage else 'unknown'}, not {c.stage_names}"),)
    assert f.stage is not None
    done = sorted(f.labels.intersection(c.done_labels))
    if done:
        why = f"labelled `{done[0]}`"
        return (Check(CSM, Status.MET, why, resolution=why),)
    recipients = unique([*f.assignees, f.ae]) or f.team
    qualifies, reason = qualifies_for_csm(f, c)
    context = {"stage": f.stage.value, "labels": c.done_labels, "qualifies": qualifies, "because": reason}
    return (Check(CSM, Status.DUE, f"the stage is {f.stage.value}", None, None, f.calendar, recipients,
                  context),)


def qualifies_for_csm(f: Facts, c: CsmSettings) -> tuple[bool, str]:
    """Whether a CSM can exist for the account, and why: Salesforce first, else the segment."""
    if f.csm:
        return True, "Salesforce names a Customer Success Manager for the account"
    if f.csm_eligible is not None:
        return f.csm_eligible, f"Salesforce marks the account as {'' if f.csm_eligible else 'not '}eligible"
    segment = f.segment.value if f.segment else "unknown"
    if f.segment in c.csm_segments:
        return True, f"a {segment} account, where CSM assignment is available"
    return False, f"a {segment} account, where CSM assignment is not available"


RULE = RequestRule(key="csm_transition", levels=(CSM,), defaults=CsmSettings(), read=read, check=check,
                   marks=MARKS)
