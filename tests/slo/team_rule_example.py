"""A rule as a newcomer adds one: this module, and one line in `bots.slo.rules.RULES` (the tests
register it in a patched copy of the list). A team rule: the handbook does not say it, so it quotes
nothing and says `team_rule=True`.

Meeting cover: a meeting within two business days and no SA assigned yet; the regional team is asked
to find one. Met once an SA is assigned; no longer applies once the meeting has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bots.calendars import when
from bots.schema import Node
from bots.slo.common import RuleEnv, due_or_pending, names, off
from bots.slo.model import Check, Level, Status
from bots.slo.rule import RequestRule
from bots.slo.settings import Known, RuleSettings, read_days, read_enabled

if TYPE_CHECKING:
    from bots.slo.facts import Facts


@dataclass(frozen=True)
class MeetingCoverSettings(RuleSettings):
    business_days: int = 2  # the team is asked this long before the meeting


def read(node: Node, known: Known) -> MeetingCoverSettings:
    d = MeetingCoverSettings()
    return MeetingCoverSettings(read_enabled(node, {"business_days"}),
                                read_days(node.child("business_days"), d.business_days, minimum=1))


UNCOVERED = Level(
    key="meeting-uncovered", severity=45, rule="",
    label="slo::meeting-uncovered", color="#8E44AD", description="Meeting soon and no SA assigned",
    template="""
**No SA for the {{ meeting }} meeting yet** {{ mentions }}

Could someone from the team pick this request up before then?

_Clears when an SA is assigned. (A team rule.)_
""")


def check(f: Facts, m: MeetingCoverSettings, now: datetime, env: RuleEnv) -> tuple[Check, ...]:
    if not m.enabled or f.meeting is None:
        return (off(UNCOVERED, "disabled" if not m.enabled else "no meeting is scheduled"),)
    cal = f.calendar
    if f.assignees:
        why = f"assigned to {names(f.assignees)}"
        return (Check(UNCOVERED, Status.MET, why, resolution=why),)
    if now >= f.meeting:
        return (Check(UNCOVERED, Status.NOT_APPLICABLE, "the meeting has passed"),)
    ask = cal.add_business_days(f.meeting, -m.business_days)
    return (Check(UNCOVERED, due_or_pending(now, ask), "no SA assigned", None, ask, cal, f.team,
                  {"meeting": when(cal, f.meeting)}),)


RULE = RequestRule(key="meeting_cover", levels=(UNCOVERED,), defaults=MeetingCoverSettings(), read=read,
                   check=check, team_rule=True)
