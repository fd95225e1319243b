"""Lead time: a meeting < 24 hours' notice after the request (or flagged in Salesforce) is a fast track.

Handbook (The 4 Questions, #3): "Does the SA have the lead time to prepare; is the meeting is not
scheduled within 12-24 hours of the request" and the "'Fast Track' process that allows the AE to both
mark the request record in Salesforce (for future metrics) and notify the Team". The mirror sets the
`fast-track` label from the hours of notice between request and meeting, the region's weekends
and days off left out (Fri 16:00 for Mon 10:00 is 18 hours' notice, not 66 clock hours; and not its
opening hours: 24 of those are three working days); this rule notifies the regional team at once
(within its business hours) and clears when the request is triaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.mirror.decide import short_notice
from bots.schema import Node
from bots.slo.common import RuleEnv, off
from bots.slo.model import Check, Deferred, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.rules.triage import triage_summary
from bots.slo.settings import Known, RuleSettings, read_enabled

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class LeadTimeSettings(RuleSettings):
    """Only `enabled`: the hours come from `mirror.fast_track_hours`."""


def read(node: Node, known: Known) -> LeadTimeSettings:
    return LeadTimeSettings(read_enabled(node, set()))


FAST_TRACK = Level(
    key="fast-track", severity=50,
    rule="a 'Fast Track' process that allows the AE to both mark the request record in Salesforce "
         "(for future metrics) and notify the Team",
    label="slo::fast-track-notified", color="#FF4500",
    description="Fast track (meeting < 24 hours' notice, days off not counted): regional team notified",
    template="""
**Fast track: short lead time** {{ mentions }}

This request came in {{ received }} and {{ reason }}: less time than the SA team needs to prepare. Please triage it now.

> "{{ rule }}" (Commercial SA Engagement Model, The 4 Questions, #3)

_Clears when an SA is assigned or the issue leaves `{{ first_list }}`. A second review is not expected for fast tracks._
""")  # noqa: E501


def check(f: Facts, s: LeadTimeSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not s.enabled:
        return (off(FAST_TRACK, "the lead-time SLO is disabled"),)
    if not f.fast_track:
        return (off(FAST_TRACK, f"not a fast track: the meeting is not within {env.fast_track_hours} "
                                "hours' notice of the request and Salesforce does not flag it"),)
    cal = f.calendar
    if f.meeting is not None and f.meeting >= f.entered:
        hours = short_notice(f.entered, f.meeting, env.fast_track_hours, cal)
        reason = (f"the meeting ({when(cal, f.meeting)}) is {hours:.1f} hours after the request "
                  "(weekends and days off not counted)"
                  if hours is not None else "the request is flagged fast track in Salesforce")
    else:
        reason = "the request is flagged fast track in Salesforce"
    context = Deferred(lambda: {"reason": reason, "received": when(cal, f.entered),
                                "first_list": f.first_list})
    if f.record.triaged_at is not None or f.triaged_now:
        done = triage_summary(f)
        return (Check(FAST_TRACK, Status.MET, done, f.entered, f.entered, cal, context=context,
                      resolution=done),)
    if f.meeting is not None and now >= f.meeting:
        passed = f"the meeting time ({when(cal, f.meeting)}) has passed"
        return (Check(FAST_TRACK, Status.NOT_APPLICABLE, passed, f.entered, f.entered, cal, context=context),)
    return (Check(FAST_TRACK, Status.DUE, f"fast track: {reason}; not triaged yet", f.entered, f.entered, cal,
                  f.team, context),)


RULE = RequestRule(key="lead_time", levels=(FAST_TRACK,), defaults=LeadTimeSettings(), read=read, check=check)
