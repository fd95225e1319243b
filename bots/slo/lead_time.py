"""Lead time: a meeting less than 24 hours after the request (or flagged in Salesforce) is a fast track.

Handbook (The 4 Questions, #3): "Does the SA have the lead time to prepare; is the meeting is not
scheduled within 12-24 hours of the request" and the "'Fast Track' process that allows the AE to both
mark the request record in Salesforce (for future metrics) and notify the Team". The mirror sets the
`fast-track` label; this rule notifies the regional team at once (within its business hours) and
clears when the request is triaged.
"""

from __future__ import annotations

from datetime import datetime

from bots.slo.common import RuleEnv, off, when
from bots.slo.facts import Facts
from bots.slo.model import Check, Status, level
from bots.slo.settings import SloSettings
from bots.slo.triage import triage_summary

FAST_TRACK = level("fast-track")


def check(f: Facts, s: SloSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not s.lead_time.enabled:
        return (off(FAST_TRACK, "the lead-time SLO is disabled"),)
    if not f.fast_track:
        return (off(FAST_TRACK, f"not a fast track: the meeting is not within {env.fast_track_hours} h "
                                "of the request and Salesforce does not flag it"),)
    cal = f.calendar
    if f.meeting is not None:
        hours = (f.meeting - f.entered).total_seconds() / 3600
        reason = (f"the meeting ({when(cal, f.meeting)}) is {hours:.1f} h after the request"
                  if hours < env.fast_track_hours else "the request is flagged fast track in Salesforce")
    else:
        reason = "the request is flagged fast track in Salesforce"
    context = {"reason": reason, "received": when(cal, f.entered), "first_list": f.first_list}
    if f.record.triaged_at is not None or f.triaged_now:
        done = triage_summary(f)
        return (Check(FAST_TRACK, Status.MET, done, f.entered, f.entered, cal, context=context,
                      resolution=done),)
    if f.meeting is not None and now >= f.meeting:
        passed = f"the meeting time ({when(cal, f.meeting)}) has passed"
        return (Check(FAST_TRACK, Status.NOT_APPLICABLE, passed, f.entered, f.entered, cal, context=context),)
    return (Check(FAST_TRACK, Status.DUE, f"fast track: {reason}; not triaged yet", f.entered, f.entered, cal,
                  f.team, context),)
