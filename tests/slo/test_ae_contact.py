"""The assigned SA lets the AE know (triage step 6), shown by the issue's board list `triage::assigned`
("An SA is assigned and has contacted the AE"): one reminder to the SA a business day after the
assignment, cleared by the move.

Handbook (SA Request Triage Process, step 6, copied into tests/fixtures): "The assigned SA is
responsible for communicating with the Account Executive to notify them they are working on the
account, confirm details, set expectations, and discuss possible account strategies."
"""

from dataclasses import replace
from datetime import timedelta

import pytest

from bots.slo.model import Status
from bots.slo.rules.ae_contact import AeContactSettings
from bots.slo.settings import slo_settings
from bots.sources.request import Region
from tests.factories import config, request
from tests.issue11.helpers import quoted
from tests.slo.helpers import FakeGitLab, checks_at, fmt, local, mirrored, system

EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}
MARKER = "<!-- sa-triage:slo ae-contact -->"


def on_list(issue, label):
    return replace(issue, labels=tuple(sorted({*issue.labels} - {"triage::new"} | {label})))


def assigned(at, sa="marco.bianchi"):
    req = request(requested_at=at - timedelta(hours=3), meeting_at=at + timedelta(days=20), **EMEA)
    return mirrored(req, assignees=(sa,)), (system(1, f"assigned to @{sa}", at),)


TABLE = [  # case, assigned (EMEA local), due (EMEA local)
    ("Monday 10:30", (2026, 11, 23, 10, 30), "Tue 24 Nov, 10:30 GMT"),
    ("Friday 16:00: Monday 16:00", (2026, 11, 27, 16, 0), "Mon 30 Nov, 16:00 GMT"),
    ("Christmas Eve: Christmas and the Boxing Day substitute skipped", (2026, 12, 24, 11, 0),
     "Tue 29 Dec, 11:00 GMT"),
]


@pytest.mark.parametrize(("case", "at", "due"), TABLE, ids=[r[0] for r in TABLE])
def test_due_one_business_day_after_the_assignment_for_the_assignee(case, at, due):
    assert quoted("- The assigned SA is responsible for communicating with the Account Executive")
    issue, notes = assigned(local("EMEA", *at))
    c = checks_at(issue, local("EMEA", *at), notes)["ae-contact"]
    assert (c.status, fmt("EMEA", c.due), c.recipients) == (Status.PENDING, due, ("marco.bianchi",))
    assert checks_at(issue, c.due, notes)["ae-contact"].status is Status.DUE


def test_the_contacted_list_a_later_list_or_the_done_label_meet_it_and_need_no_notes():
    at = local("EMEA", 2026, 11, 23, 10, 30)
    issue, _ = assigned(at)
    later = at + timedelta(days=3)
    for label in ("triage::assigned", "triage::engaged", "ae-contacted"):
        c = checks_at(on_list(issue, label), later, None)["ae-contact"]  # notes not read
        assert c.status is Status.MET and label in c.resolution
    assert checks_at(on_list(issue, "triage::in-review"), later, None)["ae-contact"].status is Status.UNKNOWN
    assert checks_at(replace(issue, assignees=()), later, None)["ae-contact"].status is Status.NOT_APPLICABLE


def test_a_setting_moves_the_list_and_disabled_is_off():
    at = local("EMEA", 2026, 11, 23, 10, 30)
    issue, notes = assigned(at)
    s = slo_settings(config())
    engaged = replace(s, ae_contact=AeContactSettings(contacted_list="triage::engaged"))
    later = at + timedelta(days=3)
    for label, status in (("triage::assigned", Status.DUE), ("triage::engaged", Status.MET)):
        assert checks_at(on_list(issue, label), later, notes, engaged)["ae-contact"].status is status
    off = replace(s, ae_contact=AeContactSettings(enabled=False))
    assert checks_at(issue, later, notes, off)["ae-contact"].status is Status.NOT_APPLICABLE


def test_one_reminder_mentioning_only_the_sa_then_resolved_by_the_move_and_no_more_reads():
    at = local("EMEA", 2026, 11, 23, 10, 30)
    issue, notes = assigned(at)
    pair = replace(issue, assignees=("marco.bianchi", "lena.fischer"))  # a second pair of eyes: no reads
    gl = FakeGitLab(on_list(pair, "triage::in-review"), list(notes))
    gl.run(at + timedelta(minutes=30))  # records the assignment time
    gl.run(local("EMEA", 2026, 11, 24, 10, 30))
    note = gl.bot_notes()[MARKER]
    assert "@marco.bianchi @lena.fischer" in note.body and "`@lukas.weber`" in note.body  # AE: not pinged
    assert note.body.replace("`@lukas.weber`", "").count("@lukas.weber") == 0
    assert "slo::ae-contact-reminded" in gl.issue.labels
    posts = gl.posts
    gl.run(local("EMEA", 2026, 11, 24, 15, 0))
    assert gl.posts == posts
    gl.issue = on_list(gl.issue, "triage::assigned")
    gl.run(local("EMEA", 2026, 11, 24, 16, 0))
    resolved = "**Resolved:** the AE was contacted (the issue is on `triage::assigned`)"
    assert resolved in gl.bot_notes()[MARKER].body and list(gl.bot_notes()) == [MARKER]
    assert "slo::ae-contact-reminded" not in gl.issue.labels
    reads, writes = gl.reads, gl.writes
    gl.run(local("EMEA", 2026, 11, 25, 10, 0))
    assert (gl.reads, gl.writes, gl.posts) == (reads, writes, posts)
