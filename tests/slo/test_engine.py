"""Once, and cleared: each reminder level is posted at most once, re-runs write nothing, crashes and
overlapping runs post no duplicate, and a met objective clears its label and edits its note."""

from dataclasses import replace
from datetime import timedelta

from bots.slo import record
from bots.slo.engine import label_changes, needs_notes, plan_issue
from bots.slo.notes import open_levels
from bots.slo.settings import SloSettings, slo_settings
from bots.sources.request import Region
from gitlab_sandbox.mentions import find_mentions
from tests.factories import BOT, KEY, config, request
from tests.slo.helpers import FakeGitLab, env, facts, local, mirrored, system

BREACH = "<!-- sa-triage:slo triage-breached -->"
REQ = request(region=Region.AMER, requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
LATE = local("AMER", 2026, 11, 23, 16, 30)  # triage due Mon 16:00 EST


def breached() -> FakeGitLab:
    gl = FakeGitLab(mirrored(REQ))
    gl.run(LATE)
    return gl


def opened(gl: FakeGitLab) -> set[str]:
    """The open levels, as the bot's own notes say."""
    markers_of = {m.split()[2]: m for m in gl.bot_notes()}
    return open_levels(gl.notes, markers_of, bot=BOT, key=KEY)


def test_a_fresh_issue_costs_no_read_and_no_write():
    gl = FakeGitLab(mirrored(REQ))
    plan = gl.run(local("AMER", 2026, 11, 20, 16, 30))
    assert plan.actions == () and gl.reads == 0 and gl.writes == 0


def test_breach_posts_once_and_reruns_write_nothing():
    gl = breached()
    assert list(gl.bot_notes()) == [BREACH] and gl.posts == 1
    assert "slo::triage-breached" in gl.issue.labels
    assert opened(gl) == {"triage-breached"}  # the note says it is open...
    assert record.read(gl.issue.description, KEY) is None  # ...and the description was not edited
    for hours in (0, 1, 2):
        writes = gl.writes
        assert gl.run(LATE + timedelta(hours=hours)).actions == ()
        assert gl.writes == writes


def test_a_crash_between_the_note_and_the_label_reposts_nothing():
    gl = FakeGitLab(mirrored(REQ), crash_after=1)  # the note lands, the issue update does not
    gl.run(LATE)
    assert gl.posts == 1 and "slo::triage-breached" not in gl.issue.labels
    gl.crash_after = None
    gl.run(LATE)
    assert gl.posts == 1 and "slo::triage-breached" in gl.issue.labels


def test_overlapping_runs_from_the_same_snapshot_post_one_note():
    gl = FakeGitLab(mirrored(REQ))
    first, second = gl.plan(LATE), gl.plan(LATE)
    for action in (*first.actions, *second.actions):
        gl.apply(action, LATE)
    assert gl.posts == 1 and len(gl.notes) == 1
    assert gl.run(LATE).actions == ()


def test_a_removed_label_comes_back_without_a_second_note():
    gl = breached()
    gl.relabel(remove=("slo::triage-breached",))
    (update,) = gl.run(LATE).actions
    assert update.add_labels == ("slo::triage-breached",) and update.edit is None
    assert gl.posts == 1


def test_a_deleted_or_forged_record_is_rebuilt_without_a_second_note():
    gl = breached()
    gl.assign("alex.kim", LATE + timedelta(hours=1))
    gl.run(LATE + timedelta(hours=2))
    signed = record.read(gl.issue.description, KEY)
    assert signed is not None and signed.triage_hours == 9.0
    forged = gl.issue.description.replace('"triage_hours":9.0', '"triage_hours":1.0')
    for description in (forged, gl.issue.description.replace(record.comment(signed, KEY), "")):
        gl.issue = replace(gl.issue, description=description)
        assert record.read(description, KEY) is None
        gl.run(LATE)
        assert gl.posts == 1 and record.read(gl.issue.description, KEY) == signed


def test_triage_clears_the_labels_edits_the_notes_and_records_the_time_to_triage():
    gl = breached()
    gl.run(local("AMER", 2026, 11, 24, 16, 30))  # escalated
    assert set(gl.bot_notes()) == {BREACH, "<!-- sa-triage:slo triage-escalated -->"}
    gl.assign("alex.kim", local("AMER", 2026, 11, 25, 10, 0))
    gl.run(local("AMER", 2026, 11, 25, 20, 0))  # after hours: edits that ping nobody still go out
    bodies = [n.body for n in gl.bot_notes().values()]
    assert len(bodies) == 2  # the breach and the escalation notes, both edited
    for body in bodies:
        assert ("**Resolved:** triaged Wed 25 Nov, 10:00 EST (assigned to `@alex.kim`), 18.0 business hours "
                "after the request.") in body
        assert find_mentions(body) == []  # the edit notifies nobody
    assert not {x for x in gl.issue.labels if x.startswith("slo::")}
    t = record.time_to_triage(gl.issue.description, KEY)
    assert (t.business_hours, t.by, t.breached) == (18.0, "assignment", True)
    assert t.triaged_at == local("AMER", 2026, 11, 25, 10, 0)
    writes = gl.writes
    gl.run(local("AMER", 2026, 11, 26, 12, 0))
    assert gl.writes == writes


def test_resolving_a_level_whose_note_is_gone_posts_no_resolved_note():
    gl = breached()
    gl.notes.clear()  # a person deleted the bot's note
    gl.assign("alex.kim", local("AMER", 2026, 11, 24, 10, 0))
    plan = gl.run(local("AMER", 2026, 11, 24, 11, 0))
    assert gl.posts == 1 and not gl.bot_notes()
    assert "slo::triage-breached" in plan.actions[-1].remove_labels


def test_needs_notes_only_when_the_engine_must_look():
    f = facts(mirrored(REQ))
    assert not needs_notes(f, slo_settings(config()), env(), LATE - timedelta(hours=1))  # nothing due
    assert needs_notes(f, slo_settings(config()), env(), LATE)  # due, no label: did the note go out?
    assigned = facts(mirrored(REQ, assignees=("alex.kim",)))
    assert needs_notes(assigned, slo_settings(config()), env(), LATE)  # the assignment time, once
    notes = (system(1, "assigned to @alex.kim", local("AMER", 2026, 11, 23, 10, 0)),)
    done = plan_issue(assigned.with_notes(notes), slo_settings(config()), env(), LATE)
    issue = replace(assigned.issue, description=done.actions[-1].edit.apply(assigned.issue.description))
    assert not needs_notes(facts(issue), slo_settings(config()), env(), LATE)


def test_premium_keeps_only_the_worst_slo_label_free_keeps_all():
    have = frozenset({"sa-request", "slo::triage-breached"})
    opened = {"triage-breached", "triage-escalated", "judgment"}
    free = (("slo::judgment-missing", "slo::triage-escalated"), ())
    assert label_changes(have, opened, premium=False) == free
    premium = (("slo::triage-escalated",), ("slo::triage-breached",))
    assert label_changes(have, opened, premium=True) == premium
    assert label_changes(frozenset({"slo::unrelated", "fast-track"}), set(), premium=True) == ((), ())


def test_business_hours_can_be_switched_off():
    night = local("AMER", 2026, 11, 23, 23, 0)
    gl = FakeGitLab(mirrored(REQ))
    assert gl.run(night).actions == ()
    s = replace(slo_settings(config()), business_hours_only=False)
    plan = plan_issue(facts(mirrored(REQ)), s, env(), night)
    assert plan.actions[0].marker == BREACH
    assert SloSettings().business_hours_only


def test_the_record_sits_after_the_mirror_block_and_people_text_is_kept():
    gl = breached()
    gl.assign("alex.kim", LATE + timedelta(hours=1))
    gl.run(LATE + timedelta(hours=2))
    desc = gl.issue.description
    end = desc.index("<!-- sa-triage:end -->")
    assert desc[end:].split("\n")[1].startswith("<!-- sa-triage:slo {")
    assert desc.endswith("### Notes from the team\n")
    assert "sig=" in desc[end:]


def test_pings_wait_for_the_recipients_own_region_not_the_requests():
    """An EMEA request covered by an AMER SA: London is open, New York is not yet."""
    from datetime import date

    from bots.sources.request import Segment

    req = request(region=Region.EMEA, ae_email="lukas.weber@example.com", segment=Segment.TERRITORY,
                  close_date=date(2026, 12, 31), requested_at=local("EMEA", 2026, 11, 19, 12, 0),
                  meeting_at=None)
    gl = FakeGitLab(mirrored(req, assignees=("alex.kim",)),
                    [system(1, "assigned to @alex.kim", local("EMEA", 2026, 11, 19, 13, 0))])
    plan = gl.run(local("EMEA", 2026, 11, 24, 10, 0))  # at-risk due Tue 24 Nov 00:00 GMT
    assert "#1 tech-eval-at-risk: due, waiting for business hours (opens Tue 24 Nov, 09:00 EST)" in plan.info
    assert "<!-- sa-triage:slo tech-eval-at-risk -->" not in gl.bot_notes()
    gl.run(local("AMER", 2026, 11, 24, 9, 0))
    assert "@alex.kim" in gl.bot_notes()["<!-- sa-triage:slo tech-eval-at-risk -->"].body


def test_a_closed_request_settles_its_open_reminders_and_labels_once():
    # "Reminders that outlive their request": the mirror closed it (won, lost or withdrawn).
    gl = breached()
    left = tuple(x for x in gl.issue.labels if x != "triage::new")  # the mirror takes its list label
    gl.issue = replace(gl.issue, state="closed", labels=left)
    gl.run(LATE + timedelta(hours=1))
    note = gl.bot_notes()[BREACH]
    assert "No longer applies:** the request is closed (it left the triage board)" in note.body
    assert "@" not in note.body.split("-->", 1)[1]  # nobody is mentioned again
    assert not any(x.startswith("slo::") for x in gl.issue.labels)
    assert record.read(gl.issue.description, KEY) is None  # no description edit: not "triaged" either
    assert opened(gl) == set()
    writes = gl.writes
    assert gl.run(LATE + timedelta(hours=2)).actions == () and gl.writes == writes and gl.posts == 1
