"""CSM transition: at Negotiating or Awaiting Signature, the SA and the AE introduce a CSM.

Handbook (Post-Sales Engagement): "As an opportunity enters into either the Negotiating or Awaiting
Signature stage, the Solutions Architect and Account Executive ought to begin introducing the customer
to a Customer Success Manager following the Commercial CSM Transition Process." One reminder to the SA
and the AE; it clears with a done label (`slo.csm_transition.done_labels`) or when the stage moves on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.labels import LabelSpec
from bots.schema import Node
from bots.slo.common import RuleEnv, off, unique
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_enabled, read_labels
from bots.sources.request import Stage

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class CsmSettings(RuleSettings):
    stages: tuple[Stage, ...] = (Stage.NEGOTIATING, Stage.AWAITING_SIGNATURE)
    done_labels: tuple[str, ...] = ("csm-introduced",)

    def labels(self) -> tuple[str, ...]:
        return self.done_labels


def read(node: Node, known: Known) -> CsmSettings:
    d = CsmSettings()
    enabled = read_enabled(node, {"stages", "done_labels"})
    stages = d.stages
    if node.child("stages").value is not None:
        parsed = []
        for item in node.child("stages").elements():
            stage = Stage.from_text(item.get(str, required=True))
            if stage is None:
                raise item.error(f"unknown stage {item.value!r}")
            parsed.append(stage)
        stages = tuple(parsed)
    return CsmSettings(enabled, stages, read_labels(node.child("done_labels"), d.done_labels, known))


CSM = Level(
    key="csm-transition", severity=25,
    rule="the Solutions Architect and Account Executive ought to begin introducing the customer to a "
         "Customer Success Manager",
    label="slo::csm-transition", color="#4682B4",
    description="Negotiating / Awaiting Signature: SA and AE reminded to introduce a CSM",
    template="""
**Time to introduce a Customer Success Manager** {{ mentions }}

The opportunity is at {{ stage }}. Please begin the Commercial CSM Transition Process together with the customer.

> "{{ rule }}" (Commercial SA Engagement Model, Post-Sales Engagement)

_Clears when the `{{ labels[0] }}` label is added, or when the stage moves on._
""")  # noqa: E501
MARKS = (LabelSpec("csm-introduced", "#5F9EA0", "Customer introduced to a Customer Success Manager"),)


def check(f: Facts, c: CsmSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not c.enabled:
        return (off(CSM, "the CSM-transition SLO is disabled"),)
    stages = ", ".join(x.value for x in c.stages)
    if f.stage not in c.stages:
        return (off(CSM, f"the stage is {f.stage.value if f.stage else 'unknown'}, not {stages}"),)
    assert f.stage is not None
    done = sorted(f.labels & set(c.done_labels))
    if done:
        why = f"labelled `{done[0]}`"
        return (Check(CSM, Status.MET, why, resolution=why),)
    recipients = unique([*f.assignees, f.ae]) or f.team
    context = {"stage": f.stage.value, "labels": c.done_labels}
    return (Check(CSM, Status.DUE, f"the stage is {f.stage.value}", None, None, f.calendar, recipients,
                  context),)


RULE = RequestRule(key="csm_transition", levels=(CSM,), defaults=CsmSettings(), read=read, check=check,
                   marks=MARKS)
