"""Meeting readiness, lead time (fast track) and follow-up: the SLOs around the customer meeting.

Handbook, Commercial SA Engagement Model:
  Running Meetings: "Agenda and list of attendees should be provided in advance; failure to provide this
  information could delay in the scheduling or declination of a meeting request."
  The 4 Questions, #3: "Does the SA have the lead time to prepare; is the meeting is not scheduled within
  12-24 hours of the request" ... "a 'Fast Track' process that allows the AE to both mark the request
  record in Salesforce (for future metrics) and notify the Team".
  Triage process, step 8, Follow-up and Documentation: "Post-engagement, the SA documents the outcomes,
  next steps, and any relevant information in Salesforce and the Customers & Prospects Google Drive folder."
"""

from dataclasses import replace
from datetime import timedelta

import pytest

from bots.slo.model import Status
from bots.sources.request import Attendee, Region
from tests.factories import COMPLETE_PLAN, request
from tests.issue11.helpers import quoted
from tests.slo.helpers import FakeGitLab, checks_at, comment, fmt, local, mirrored, system

MINUTE = timedelta(minutes=1)
EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}
OBJECTIVES = "\n\n### Objectives\n\nThey want one platform for SCM and CI; we aim to agree a POC scope.\n"
AGENDA = "\n\n### Agenda\n\n1. Introductions\n2. Demo of merge request pipelines\n"


def with_agenda(issue, objectives: bool = True):
    """The meeting's objectives and its agenda added below the bot's block (as people write them)."""
    return replace(issue, description=issue.description + (OBJECTIVES if objectives else "") + AGENDA)


# ---------------------------------------------------------------- meeting readiness

PREP = [  # region, meeting (local), reminder (local), "needed by" deadline (local)
    ("AMER: Monday meeting, Thanksgiving skipped", "AMER", (2026, 11, 30, 12, 0),
     "Wed 25 Nov, 12:00 EST", "Fri 27 Nov, 12:00 EST"),
    ("EMEA: Christmas Day and the English Boxing Day substitute skipped", "EMEA", (2026, 12, 29, 15, 0),
     "Wed 23 Dec, 15:00 GMT", "Thu 24 Dec, 15:00 GMT"),
    ("Monday 09:00 meeting", "AMER", (2026, 11, 23, 9, 0), "Thu 19 Nov, 09:00 EST", "Fri 20 Nov, 09:00 EST"),
]


@pytest.mark.parametrize(("case", "region", "meeting", "remind", "deadline"), PREP, ids=[r[0] for r in PREP])
def test_meeting_prep_reminder_and_deadline(case, region, meeting, remind, deadline):
    extra = EMEA if region == "EMEA" else {}
    req = request(requested_at=local(region, 2026, 11, 2, 10, 0), meeting_at=local(region, *meeting), **extra)
    issue = mirrored(req)
    c = checks_at(issue, local(region, 2026, 11, 3, 10, 0))["meeting-prep"]
    assert fmt(region, c.due) == remind and c.context["deadline"] == deadline
    assert checks_at(issue, c.due - MINUTE)["meeting-prep"].status is Status.PENDING
    due = checks_at(issue, c.due)["meeting-prep"]
    assert due.status is Status.DUE and due.recipients == (("lukas.weber",) if extra else ("jordan.lee",))
    assert checks_at(with_agenda(issue), c.due)["meeting-prep"].status is Status.MET
    assert checks_at(issue, local(region, *meeting))["meeting-prep"].status is Status.NOT_APPLICABLE


def test_attendees_need_names_and_titles_and_an_empty_agenda_section_does_not_count():
    plan = replace(COMPLETE_PLAN, attendees=(Attendee("Ada Park", ""),))
    issue = with_agenda(mirrored(request(command_plan=plan)))
    now = local("AMER", 2026, 11, 19, 12, 0)
    c = checks_at(issue, now)["meeting-prep"]
    assert c.status is Status.DUE and c.context["missing"] == [
        "attendees with names and titles (Salesforce Command Plan)"]
    empty = replace(mirrored(request()), description=mirrored(request()).description + "\n### Agenda\n\n")
    assert checks_at(empty, now)["meeting-prep"].context["missing"][1].startswith("an `Agenda` section")


def test_the_objectives_are_asked_for_too_unless_the_team_turns_them_off():
    """Running Meetings: "All meetings should be planned with clear desired outcomes available to the
    SA" ("Why does the prospect want to meet with us?", "What are our meeting objectives/goals?")."""
    assert quoted("- All meetings should be planned with clear desired outcomes available to the SA")
    now = local("AMER", 2026, 11, 19, 12, 0)
    agenda_only = with_agenda(mirrored(request()), objectives=False)
    c = checks_at(agenda_only, now)["meeting-prep"]
    assert c.status is Status.DUE and c.context["missing"] == [
        "an `Objectives` section in this issue: why the prospect wants to meet with us, and our objectives "
        "for the meeting"]
    assert checks_at(with_agenda(mirrored(request())), now)["meeting-prep"].status is Status.MET
    from bots.slo.rules.meeting_prep import MeetingPrepSettings
    from bots.slo.settings import slo_settings
    from tests.factories import config

    s = replace(slo_settings(config()), meeting_prep=MeetingPrepSettings(objectives_heading=None))
    assert checks_at(agenda_only, now, settings=s)["meeting-prep"].status is Status.MET


def test_agenda_inside_the_bot_block_does_not_count():
    issue = mirrored(request())
    forged = replace(issue, description=issue.description.replace("### Command Plan", "### Agenda\n\nx\n\n"
                                                                 "### Command Plan"))
    assert "### Agenda" in forged.description and "### Agenda" not in issue.description
    assert checks_at(forged, local("AMER", 2026, 11, 19, 12, 0))["meeting-prep"].status is Status.DUE


def test_meeting_prep_note_clears_when_the_agenda_is_added():
    gl = FakeGitLab(mirrored(request()))  # meeting Fri 20 Nov 12:00 EST; reminder Wed 18 Nov 12:00
    gl.run(local("AMER", 2026, 11, 18, 12, 0))
    note = gl.bot_notes()["<!-- sa-triage:slo meeting-prep -->"]
    assert "@jordan.lee" in note.body and "Thu 19 Nov, 12:00 EST" in note.body
    gl.issue = with_agenda(gl.issue)
    gl.run(local("AMER", 2026, 11, 18, 14, 0))
    assert "**Resolved:** the objectives, the agenda and the attendees are in." in gl.bot_notes()[
        "<!-- sa-triage:slo meeting-prep -->"].body
    assert "slo::meeting-prep-missing" not in gl.issue.labels


# ---------------------------------------------------------------- lead time

def test_fast_track_below_24_hours_notice_or_flagged():
    at = local("EMEA", 2026, 11, 23, 9, 30)  # Monday
    just_short = at + timedelta(hours=23, minutes=59)
    short = mirrored(request(requested_at=at, meeting_at=just_short, **EMEA))
    assert checks_at(short, at)["fast-track"].status is Status.DUE
    assert checks_at(short, at)["fast-track"].recipients == ("commercial-sa-emea",)
    enough = mirrored(request(requested_at=at, meeting_at=at + timedelta(days=1), **EMEA))
    assert checks_at(enough, at)["fast-track"].status is Status.NOT_APPLICABLE
    # Three working days' notice is not a fast track, though it is only 24 of London's opening hours.
    days = mirrored(request(requested_at=at, meeting_at=at + timedelta(days=2, hours=23), **EMEA))
    assert checks_at(days, at)["fast-track"].status is Status.NOT_APPLICABLE
    flagged = mirrored(request(requested_at=at, meeting_at=at + timedelta(days=4), fast_track=True, **EMEA))
    c = checks_at(flagged, at)["fast-track"]
    assert c.status is Status.DUE and c.context["reason"] == "the request is flagged fast track in Salesforce"


def test_fast_track_notifies_at_once_in_hours_clears_on_triage_or_lapses_after_the_meeting():
    at = local("EMEA", 2026, 11, 22, 20, 0)  # Sunday evening, meeting 19 h later: London closed
    req = request(requested_at=at, meeting_at=local("EMEA", 2026, 11, 23, 15, 0), **EMEA)
    gl = FakeGitLab(mirrored(req))
    assert "#1 fast-track: due, waiting for business hours (opens Mon 23 Nov, 09:00 GMT)" in gl.run(at).info
    gl.run(local("EMEA", 2026, 11, 23, 9, 0))
    assert "@commercial-sa-emea" in gl.bot_notes()["<!-- sa-triage:slo fast-track -->"].body
    gl.assign("marco.bianchi", local("EMEA", 2026, 11, 23, 9, 40))
    gl.run(local("EMEA", 2026, 11, 23, 10, 0))
    body = gl.bot_notes()["<!-- sa-triage:slo fast-track -->"].body
    assert ("**Resolved:** triaged Mon 23 Nov, 09:40 GMT (assigned to `@marco.bianchi`), 0.7 business "
            "hours") in body
    untriaged = FakeGitLab(mirrored(req))
    untriaged.run(local("EMEA", 2026, 11, 23, 9, 0))
    untriaged.run(local("EMEA", 2026, 11, 23, 15, 0))
    assert "**No longer applies:** the meeting time (Mon 23 Nov, 15:00 GMT) has passed." in \
        untriaged.bot_notes()["<!-- sa-triage:slo fast-track -->"].body


# ---------------------------------------------------------------- follow-up

FOLLOW = [  # meeting (local EST), follow-up due (local)
    ("Friday meeting, due Monday", (2026, 11, 20, 12, 0), "Mon 23 Nov, 12:00 EST"),
    ("Wednesday meeting, Thanksgiving skipped", (2026, 11, 25, 15, 0), "Fri 27 Nov, 15:00 EST"),
    ("Saturday meeting: the clock starts Monday", (2026, 11, 21, 11, 0), "Tue 24 Nov, 09:00 EST"),
]


@pytest.mark.parametrize(("case", "meeting", "due"), FOLLOW, ids=[r[0] for r in FOLLOW])
def test_follow_up_due_one_business_day_after_the_meeting(case, meeting, due):
    req = request(meeting_at=local("AMER", *meeting), requested_at=local("AMER", 2026, 11, 2, 9, 0))
    issue = mirrored(req, assignees=("alex.kim",))
    notes = (system(1, "assigned to @alex.kim", local("AMER", 2026, 11, 3, 9, 0)),)
    c = checks_at(issue, local("AMER", *meeting), notes)["follow-up"]
    assert fmt("AMER", c.due) == due and c.status is Status.PENDING
    assert checks_at(issue, c.due, notes)["follow-up"].status is Status.DUE
    assert checks_at(issue, c.due, None)["follow-up"].status is Status.UNKNOWN  # needs the notes
    documented = (*notes, comment(2, "## Follow-up\nDemo done; POC next.", c.due - MINUTE, "alex.kim"))
    met = checks_at(issue, c.due, documented)["follow-up"]
    assert met.status is Status.MET and met.remember == (("documented", local("AMER", *meeting).isoformat()),)


def test_follow_up_only_counts_an_sa_note_after_the_meeting_or_the_done_label():
    meeting = local("AMER", 2026, 11, 20, 12, 0)
    issue = mirrored(request(meeting_at=meeting), assignees=("alex.kim",))
    late = local("AMER", 2026, 11, 24, 12, 0)
    base = (system(1, "assigned to @alex.kim", local("AMER", 2026, 11, 17, 9, 0)),)
    before = (*base, comment(2, "## Follow-up\nplanned", meeting - MINUTE, "alex.kim"))
    by_ae = (*base, comment(2, "## Follow-up\nnotes", meeting + MINUTE, "jordan.lee"))
    by_other_sa = (*base, comment(2, "### follow-up\nnotes", meeting + MINUTE, "chris.ng"))
    assert checks_at(issue, late, before)["follow-up"].status is Status.DUE
    assert checks_at(issue, late, by_ae)["follow-up"].status is Status.DUE
    assert checks_at(issue, late, by_other_sa)["follow-up"].status is Status.MET
    labelled = replace(issue, labels=(*issue.labels, "follow-up-documented"))
    assert checks_at(labelled, late, None)["follow-up"].status is Status.MET  # no notes needed
    unassigned = mirrored(request(meeting_at=meeting))
    assert checks_at(unassigned, late)["follow-up"].status is Status.NOT_APPLICABLE
