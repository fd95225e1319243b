"""Every bot note that mentions someone waits for their business hours, and the run says it waited."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bots import actions as a
from bots.mirror.job import MirrorJob, MirrorSnapshot
from bots.mirror.request_plan import plan_with_info
from bots.model import Issue
from tests.factories import BOT, COMPLETE_PLAN, context, request

NY = ZoneInfo("America/New_York")
NIGHT = datetime(2026, 11, 17, 3, 0, tzinfo=NY)  # Tuesday 03:00 in New York
MORNING = datetime(2026, 11, 17, 9, 5, tzinfo=NY)


def incomplete():
    return request(command_plan=replace(COMPLETE_PLAN, why_now=""), requested_at=NIGHT, meeting_at=None)


def issue_of(create: a.CreateIssue, iid: int = 1) -> Issue:
    return Issue(iid=iid, title=create.title, description=create.description,
                 labels=tuple(sorted(create.labels + create.labels_after_notes)), state="opened", author=BOT,
                 assignees=(), created_at=NIGHT, updated_at=NIGHT)


def test_the_needs_info_note_waits_for_the_aes_morning_and_the_run_says_so():
    (create,), info = plan_with_info(incomplete(), None, context(NIGHT))
    assert isinstance(create, a.CreateIssue)
    assert create.notes == () and "needs-info" not in create.labels + create.labels_after_notes
    assert info == ("new request 006Ak000001AbCdIAK needs-info note: waiting for business hours "
                    "(opens Tue 17 Nov, 09:00 EST)",)
    issue = issue_of(create)
    assert plan_with_info(incomplete(), issue, context(NIGHT.replace(hour=4)))[0] == []  # still night
    planned, info = plan_with_info(incomplete(), issue, context(MORNING))
    note, update = planned
    assert isinstance(note, a.UpsertNote) and "@jordan.lee" in note.body and "Why now?" in note.body
    assert isinstance(update, a.UpdateIssue) and update.add_labels == ("needs-info",) and info == ()


def test_a_change_at_night_keeps_the_note_and_its_record_until_morning():
    (create,), _ = plan_with_info(incomplete(), None, context(MORNING))
    issue = issue_of(create)
    worse = replace(incomplete(), command_plan=replace(COMPLETE_PLAN, why_now="", scm=""))
    later = NIGHT.replace(day=18)
    planned, info = plan_with_info(worse, issue, context(later))
    assert not any(isinstance(x, a.UpsertNote) for x in planned) and "waiting for business hours" in info[0]
    for x in planned:  # whatever is updated, the record still says what the note asks
        if isinstance(x, a.UpdateIssue) and x.edit is not None:
            issue = replace(issue, description=x.edit.apply(issue.description))
    (note, *_), _ = plan_with_info(worse, issue, context(MORNING.replace(day=18)))
    assert isinstance(note, a.UpsertNote) and "Current DevOps stack: SCM" in note.body


def test_the_region_unknown_note_waits_for_the_first_teams_hours():
    req = request(region=None, ae_email="nobody@example.com", requested_at=NIGHT, meeting_at=None)
    (create,), info = plan_with_info(req, None, context(NIGHT))
    assert create.notes == () and create.labels_after_notes == ()
    assert "region-unknown note: waiting for business hours" in info[0]


def test_the_mirror_run_reports_what_waited():
    snap = MirrorSnapshot((incomplete(),), (), ())
    plan = MirrorJob().plan(snap, context(NIGHT))
    assert any("waiting for business hours (opens Tue 17 Nov, 09:00 EST)" in x for x in plan.info)


def test_a_note_that_mentions_nobody_does_not_wait():
    req = replace(incomplete(), ae_email="unknown.ae@example.com")
    (create,), info = plan_with_info(req, None, context(NIGHT))
    assert len(create.notes) == 1 and info == ()  # no AE in the roster: the note mentions nobody


# -- the PTO reminder -------------------------------------------------------------------------------

def test_the_pto_reminder_waits_for_the_authors_morning():
    from bots.forms import notes
    from bots.issue_templates import PTO_COVERAGE
    from tests.forms.helpers import form_issue, settle
    from tests.issue_templates.helpers import fill

    issue = form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, dates="2026-11-19 to 2026-11-20", coverage=None),
                       author="jordan.lee")
    night, planned = settle(issue, context(NIGHT))
    assert not any(n.body.startswith(notes.PTO_REMINDER_MARKER) for n in night.notes)
    assert "issue #1 PTO reminder: waiting for business hours (opens Tue 17 Nov, 09:00 EST)" in planned.info
    morning, _ = settle(night, context(MORNING))
    (reminder,) = [n for n in morning.notes if n.body.startswith(notes.PTO_REMINDER_MARKER)]
    assert "**Reminder** @jordan.lee" in reminder.body


# -- suggestions ------------------------------------------------------------------------------------

def test_the_suggestion_note_waits_for_the_suggested_sas_morning():
    from tests.suggest.helpers import cfg, ctx_for, emea_request, plan, sa

    conf = cfg(sa("lena.fischer", skills=("kubernetes",)))
    london_night = datetime(2026, 11, 18, 3, 0, tzinfo=ZoneInfo("Europe/London"))
    waited = plan((emea_request(),), ctx_for(conf, london_night))
    assert waited.actions == ()
    assert any("suggestion note: waiting for business hours (opens Wed 18 Nov, 09:00 GMT)" in x
               for x in waited.info)
    posted = plan((emea_request(),), ctx_for(conf, london_night.replace(hour=9, minute=30)))
    assert any(isinstance(x, a.UpsertNote) for x in posted.actions)
