"""Triage SLO at the calendar's edges.

Handbook, Commercial SA Engagement Model, "#1: Triage within One Business Day":
  "One Full Business Day Defined:  If it comes in at 4pm, the Team has until 4pm the next day to triage."
and "SA Regional Team (EMEA or AMER) members review new requests. The service level objective for these
reviews is one business day." Escalation to the regional manager one more business day later.
"""

from dataclasses import replace
from datetime import timedelta

import pytest

from bots.slo.facts import from_issue
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from bots.sources.request import Region
from tests.factories import BOT, KEY, config, request
from tests.slo.helpers import FakeGitLab, checks_at, fmt, local, mirrored

RULE = "If it comes in at 4pm, the Team has until 4pm the next day to triage."
EMEA_AE = "lukas.weber@example.com"
MINUTE = timedelta(minutes=1)


def req(region: str, *received: int):
    kw = {"region": Region(region), "requested_at": local(region, *received), "meeting_at": None}
    if region == "EMEA":
        kw["ae_email"] = EMEA_AE
    return request(**kw)


# region, received (local), clock start, triage due, escalation (all local wall-clock times)
TABLE = [
    ("handbook: in at 4pm, due 4pm next day", "AMER", (2026, 11, 17, 16, 0),
     "Tue 17 Nov, 16:00 EST", "Wed 18 Nov, 16:00 EST", "Thu 19 Nov, 16:00 EST"),
    ("Friday 4pm -> Monday 4pm", "AMER", (2026, 11, 20, 16, 0),
     "Fri 20 Nov, 16:00 EST", "Mon 23 Nov, 16:00 EST", "Tue 24 Nov, 16:00 EST"),
    ("Saturday: clock starts Monday at opening", "AMER", (2026, 11, 21, 10, 0),
     "Mon 23 Nov, 09:00 EST", "Tue 24 Nov, 09:00 EST", "Wed 25 Nov, 09:00 EST"),
    ("the day before Thanksgiving skips it", "AMER", (2026, 11, 25, 16, 0),
     "Wed 25 Nov, 16:00 EST", "Fri 27 Nov, 16:00 EST", "Mon 30 Nov, 16:00 EST"),
    ("on Thanksgiving: clock starts Friday", "AMER", (2026, 11, 26, 11, 0),
     "Fri 27 Nov, 09:00 EST", "Mon 30 Nov, 09:00 EST", "Tue 1 Dec, 09:00 EST"),
    ("after hours: the clock still starts at once", "AMER", (2026, 11, 23, 18, 30),
     "Mon 23 Nov, 18:30 EST", "Tue 24 Nov, 18:30 EST", "Wed 25 Nov, 18:30 EST"),
    ("daylight saving: same wall-clock time", "AMER", (2026, 3, 6, 16, 0),
     "Fri 6 Mar, 16:00 EST", "Mon 9 Mar, 16:00 EDT", "Tue 10 Mar, 16:00 EDT"),
    ("EMEA Christmas Eve: the English Boxing Day substitute is off (mode any)", "EMEA", (2026, 12, 24, 16, 0),
     "Thu 24 Dec, 16:00 GMT", "Tue 29 Dec, 16:00 GMT", "Wed 30 Dec, 16:00 GMT"),
    ("EMEA New Year's Eve: 1 January is off everywhere", "EMEA", (2026, 12, 31, 16, 0),
     "Thu 31 Dec, 16:00 GMT", "Mon 4 Jan, 16:00 GMT", "Tue 5 Jan, 16:00 GMT"),
]


@pytest.mark.parametrize(("case", "region", "received", "start", "due", "escalate"), TABLE,
                         ids=[row[0] for row in TABLE])
def test_triage_clock_due_and_escalation(case, region, received, start, due, escalate):
    issue = mirrored(req(region, *received))
    c = checks_at(issue, local(region, *received))
    breached, escalated = c["triage-breached"], c["triage-escalated"]
    assert (fmt(region, breached.clock_start), fmt(region, breached.due), fmt(region, escalated.due)) == (
        start, due, escalate)
    assert checks_at(issue, breached.due - MINUTE)["triage-breached"].status is Status.PENDING
    assert checks_at(issue, breached.due)["triage-breached"].status is Status.DUE
    assert checks_at(issue, escalated.due)["triage-escalated"].status is Status.DUE


def test_breach_mentions_the_regional_team_and_escalation_the_managers():
    issue = mirrored(req("EMEA", 2026, 11, 19, 12, 0))
    c = checks_at(issue, local("EMEA", 2026, 11, 23, 12, 0))
    assert c["triage-breached"].recipients == ("commercial-sa-emea",)
    assert c["triage-escalated"].recipients == ("anna.schmidt",)
    assert c["triage-breached"].level.rule == RULE


def test_triage_means_an_assignee_or_leaving_the_first_list():
    issue = mirrored(req("AMER", 2026, 11, 20, 16, 0))
    late = local("AMER", 2026, 11, 24, 10, 0)
    assert checks_at(issue, late)["triage-breached"].status is Status.DUE
    assigned = replace(issue, assignees=("alex.kim",))
    assert checks_at(assigned, late)["triage-breached"].status is Status.MET
    lists = tuple("triage::in-review" if x == "triage::new" else x for x in issue.labels)
    moved = replace(issue, labels=lists)
    assert checks_at(moved, late)["triage-escalated"].status is Status.MET


def test_clock_is_the_salesforce_time_from_signed_state_never_updated_at():
    issue = mirrored(req("AMER", 2026, 11, 20, 16, 0), updated_at=local("AMER", 2026, 11, 24, 15, 0),
                     created_at=local("AMER", 2026, 11, 23, 9, 0))
    assert fmt("AMER", checks_at(issue, local("AMER", 2026, 11, 23, 9, 0))["triage-breached"].due) == \
        "Mon 23 Nov, 16:00 EST"
    text = issue.description.replace("2026-11-20T21:00:00", "2026-11-23T21:00:00")
    forged = replace(issue, description=text)
    # a forged clock: not signed
    assert from_issue(forged, config(), slo_settings(config()), KEY, BOT) is None


def test_note_waits_for_business_hours_then_goes_out_at_opening():
    """After hours: breach Tue 18:30 EST -> note at Wed 09:00; escalation Wed 18:30 -> Fri 09:00
    (Thanksgiving Thursday is closed)."""
    gl = FakeGitLab(mirrored(req("AMER", 2026, 11, 23, 18, 30)))
    plan = gl.run(local("AMER", 2026, 11, 24, 18, 45))
    assert plan.actions == ()
    assert plan.info == ("#1 triage-breached: due, waiting for business hours (opens Wed 25 Nov, 09:00 EST)",)
    gl.run(local("AMER", 2026, 11, 25, 9, 0))
    assert list(gl.bot_notes()) == ["<!-- sa-triage:slo triage-breached -->"]
    assert gl.run(local("AMER", 2026, 11, 26, 12, 0)).info == (
        "#1 triage-escalated: due, waiting for business hours (opens Fri 27 Nov, 09:00 EST)",)
    gl.run(local("AMER", 2026, 11, 27, 9, 5))
    assert "@maria.garcia" in gl.bot_notes()["<!-- sa-triage:slo triage-escalated -->"].body
    assert set(gl.issue.labels) >= {"slo::triage-breached", "slo::triage-escalated"}
