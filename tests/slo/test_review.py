"""Second pair of eyes: a second assignee or reviewer within one business day of assignment.

Handbook, Commercial SA Engagement Model, "#2: Encourage a Second Pair of Eyes Without Delaying Assignment":
  "Once an opportunity is assigned, the assigned team member is enouraged collaborate with another team
  member or a reporting manager to review the plan, verify goals, and identify next steps."
  Not when: "Fast-track prioritization for demos that were scheduled with less than 24 hours notice" or
  "Very specific communication language or skill required for the engagement (which means the request can
  be directly assigned to a specific SA)".
"""

from dataclasses import replace
from datetime import timedelta

import pytest

from bots.slo.model import Status
from bots.sources.request import Region
from tests.factories import request
from tests.slo.helpers import FakeGitLab, checks_at, comment, fmt, local, mirrored, system

MINUTE = timedelta(minutes=1)
EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}

TABLE = [  # region, assigned (local), due (local)
    ("EMEA Monday 11:00 -> Tuesday 11:00", "EMEA", (2026, 11, 23, 11, 0), "Tue 24 Nov, 11:00 GMT"),
    ("AMER Wednesday before Thanksgiving -> Friday", "AMER", (2026, 11, 25, 10, 0), "Fri 27 Nov, 10:00 EST"),
    ("AMER Friday evening -> Monday evening", "AMER", (2026, 11, 20, 18, 0), "Mon 23 Nov, 18:00 EST"),
    ("assigned on a Saturday: clock starts Monday", "AMER", (2026, 11, 21, 10, 0), "Tue 24 Nov, 09:00 EST"),
]


def assigned_issue(region, at, sa="marco.bianchi", **kw):
    """Assigned at `at`, and on `triage::assigned` (the SA let the AE know: only the second pair of eyes
    is left to remind of)."""
    extra = EMEA if region == "EMEA" else {}
    req = request(requested_at=at - timedelta(hours=3), meeting_at=at + timedelta(days=20), **extra, **kw)
    issue = mirrored(req, assignees=(sa,))
    labels = tuple(sorted({*issue.labels} - {"triage::new"} | {"triage::assigned"}))
    return replace(issue, labels=labels), (system(1, f"assigned to @{sa}", at),)


@pytest.mark.parametrize(("case", "region", "assigned", "due"), TABLE, ids=[r[0] for r in TABLE])
def test_second_review_due_one_business_day_after_assignment(case, region, assigned, due):
    at = local(region, *assigned)
    issue, notes = assigned_issue(region, at)
    c = checks_at(issue, at, notes)["second-review"]
    assert fmt(region, c.due) == due and c.status is Status.PENDING
    assert checks_at(issue, c.due - MINUTE, notes)["second-review"].status is Status.PENDING
    d = checks_at(issue, c.due, notes)["second-review"]
    assert d.status is Status.DUE and d.recipients == ("marco.bianchi",)


def test_not_for_fast_tracks_direct_assignments_or_unassigned_requests():
    at = local("EMEA", 2026, 11, 23, 11, 0)
    issue, notes = assigned_issue("EMEA", at, fast_track=True)
    assert checks_at(issue, at + timedelta(days=3), notes)["second-review"].status is Status.NOT_APPLICABLE
    issue, notes = assigned_issue("EMEA", at)
    direct = replace(issue, labels=(*issue.labels, "direct-assignment"))
    c = checks_at(direct, at + timedelta(days=3), notes)["second-review"]
    assert c.status is Status.NOT_APPLICABLE and c.why == "assigned directly (label `direct-assignment`)"
    unassigned = replace(issue, assignees=())
    assert checks_at(unassigned, at + timedelta(days=3), ())["second-review"].why == "not assigned yet"


@pytest.mark.parametrize(("author", "body", "met"), [
    ("marco.bianchi", "@lena.fischer could you look over the Command Plan with me?", True),
    ("marco.bianchi", "@anna.schmidt FYI, plan looks thin on use cases", True),  # reporting manager
    ("lena.fischer", "Read the plan: the use cases need a why-now.", True),  # another SA commented
    ("marco.bianchi", "`@lena.fischer` in code is not a mention", False),
    ("marco.bianchi", "@lukas.weber is the AE, not a reviewer", False),
    ("lukas.weber", "@lena.fischer can you help?", False),  # the AE asking is not the SA collaborating
    ("marco.bianchi", "<!-- @lena.fischer --> hidden", False),
])
def test_reviewer_found_in_the_notes(author, body, met):
    at = local("EMEA", 2026, 11, 23, 11, 0)
    issue, notes = assigned_issue("EMEA", at)
    notes = (*notes, comment(2, body, at + timedelta(hours=2), author))
    c = checks_at(issue, at + timedelta(days=1), notes)["second-review"]
    assert c.status is (Status.MET if met else Status.DUE)
    if met:
        assert c.remember == (("reviewed", True),)


def test_second_assignee_or_done_label_needs_no_notes():
    at = local("EMEA", 2026, 11, 23, 11, 0)
    issue, _ = assigned_issue("EMEA", at)
    two = replace(issue, assignees=("marco.bianchi", "lena.fischer"))
    assert checks_at(two, at + timedelta(days=2), None)["second-review"].status is Status.MET
    done = replace(issue, labels=(*issue.labels, "second-review-done"))
    assert checks_at(done, at + timedelta(days=2), None)["second-review"].status is Status.MET


def test_one_gentle_reminder_then_resolved_and_no_more_reads():
    at = local("EMEA", 2026, 11, 23, 11, 0)
    issue, notes = assigned_issue("EMEA", at)
    gl = FakeGitLab(issue, list(notes))
    gl.run(at + timedelta(minutes=30))  # records the assignment time (one read)
    assert gl.reads == 1
    gl.run(local("EMEA", 2026, 11, 24, 11, 0))
    assert list(gl.bot_notes()) == ["<!-- sa-triage:slo second-review -->"]
    assert "@marco.bianchi" in gl.bot_notes()["<!-- sa-triage:slo second-review -->"].body
    writes = gl.writes
    gl.run(local("EMEA", 2026, 11, 24, 15, 0))
    assert gl.writes == writes and gl.posts == 1
    gl.comment("@lena.fischer could you review the plan?", local("EMEA", 2026, 11, 24, 15, 30),
               "marco.bianchi")
    gl.run(local("EMEA", 2026, 11, 24, 16, 0))
    body = gl.bot_notes()["<!-- sa-triage:slo second-review -->"].body
    assert "**Resolved:** `@lena.fischer` joined as a second pair of eyes." in body
    assert "slo::second-review-reminded" not in gl.issue.labels
    reads = gl.reads
    gl.run(local("EMEA", 2026, 11, 25, 10, 0))
    assert gl.reads == reads and gl.posts == 1
