"""CSM transition: at Negotiating or Awaiting Signature, the SA and the AE introduce a CSM.

Handbook (Post-Sales Engagement): "As an opportunity enters into either the Negotiating or Awaiting
Signature stage, the Solutions Architect and Account Executive ought to begin introducing the customer
to a Customer Success Manager following the Commercial CSM Transition Process." One reminder to the SA
and the AE; it clears with a done label (`slo.csm_transition.done_labels`) or when the stage moves on.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo.common import RuleEnv, off, unique
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings

CSM = level("csm-transition")


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    c = s.csm_transition
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
