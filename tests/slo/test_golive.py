"""A quiet go-live: reminders due before go-live are recorded as held back (never posted), still show as
open and clear as usual; a second baseline holds back nothing new and writes nothing; a later breach pings."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bots import actions as a
from bots import golive
from bots.errors import ConfigError
from bots.golive import Hold, held_json, held_line, hold_for
from bots.jobs.slo import SloJob, SloSnapshot
from bots.model import Issue
from bots.schema import Node
from bots.slo import record
from bots.slo.engine import IssuePlan, plan_reading
from bots.slo.form_issues import plan_form_issue
from bots.slo.settings import slo_settings
from bots.sources.request import Region
from tests.factories import KEY, config, context, request
from tests.slo.helpers import FakeGitLab, env, facts, local, mirrored

REQ = request(region=Region.AMER, requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
LATE = local("AMER", 2026, 11, 23, 16, 30)  # triage due Mon 16:00 EST: breached
ESCALATED = local("AMER", 2026, 11, 24, 16, 30)  # escalation due Tue 16:00 EST
BREACH = "<!-- sa-triage:slo triage-breached -->"
ESCALATION = "<!-- sa-triage:slo triage-escalated -->"


def run(gl: FakeGitLab, now: datetime, hold: Hold = golive.NO_HOLD) -> IssuePlan:
    plan = plan_reading(facts(gl.issue), slo_settings(config()), env(), now, gl.note_tuple, hold)
    for action in plan.actions:
        gl.apply(action, now)
    return plan


def stored(gl: FakeGitLab) -> record.Record:
    found = record.read(gl.issue.description, KEY)
    assert found is not None
    return found


def test_baseline_records_the_due_breach_without_posting_it_and_shows_its_label():
    gl = FakeGitLab(mirrored(REQ))
    plan = run(gl, LATE, Hold(LATE))
    assert gl.posts == 0 and not any(isinstance(x, a.UpsertNote) for x in plan.actions)
    assert plan.held == ((1, "triage-breached"),)
    assert (stored(gl).open, stored(gl).held) == ((), ("triage-breached",))  # held: written once
    assert "slo::triage-breached" in gl.issue.labels and plan.before == frozenset()


def test_a_second_baseline_holds_back_nothing_new_and_writes_nothing():
    gl = FakeGitLab(mirrored(REQ))
    run(gl, LATE, Hold(LATE))
    writes = gl.writes
    again = run(gl, LATE + timedelta(minutes=5), Hold(LATE + timedelta(minutes=5)))
    assert again.actions == () and again.held == () and gl.writes == writes


def test_after_go_live_the_held_reminder_never_posts_but_a_new_breach_does():
    gl = FakeGitLab(mirrored(REQ))
    run(gl, LATE, Hold(LATE))
    assert run(gl, LATE + timedelta(minutes=30)).actions == () and gl.posts == 0
    plan = run(gl, ESCALATED)  # the escalation falls due after go-live: it pings
    assert [x.marker for x in plan.actions if isinstance(x, a.UpsertNote)] == [ESCALATION]
    assert BREACH not in gl.bot_notes() and gl.posts == 1
    assert plan.before == {"triage-breached"}  # due, held back: open without a note
    assert {"slo::triage-breached", "slo::triage-escalated"} <= set(gl.issue.labels)
    assert stored(gl).held == ("triage-breached",)


def test_a_held_reminder_clears_as_usual_with_no_note_to_edit():
    gl = FakeGitLab(mirrored(REQ))
    run(gl, LATE, Hold(LATE))
    gl.assign("alex.kim", LATE + timedelta(hours=1))
    plan = run(gl, LATE + timedelta(hours=2))
    assert not any(isinstance(x, a.UpsertNote) for x in plan.actions) and gl.posts == 0
    assert (stored(gl).open, stored(gl).held) == ((), ("triage-breached",))  # stays: never posted
    assert "slo::triage-breached" not in gl.issue.labels


def test_a_held_reminder_that_lapses_needs_no_notes_read():
    gl = FakeGitLab(mirrored(REQ))
    run(gl, LATE, Hold(LATE))
    gl.relabel(remove=("triage::new",), add=("triage::in-review",))  # triaged on the board: no notes
    reads = []
    plan = plan_reading(facts(gl.issue), slo_settings(config()), env(), LATE + timedelta(hours=1),
                        lambda: reads.append(1) or (), golive.NO_HOLD)
    assert not plan.with_notes and reads == []
    assert plan.record.held == ("triage-breached",)
    assert "slo::triage-breached" in plan.actions[-1].remove_labels


def test_a_hold_before_a_later_go_live_posts_what_falls_due_after_it():
    gl = FakeGitLab(mirrored(REQ))
    go_live = local("AMER", 2026, 11, 24, 9, 0)  # breach due Mon 16:00 (held), escalation Tue 16:00 (posted)
    run(gl, ESCALATED, Hold(go_live))
    assert list(gl.bot_notes()) == [ESCALATION]
    assert stored(gl).held == ("triage-breached",)


def test_the_slo_job_says_how_many_it_held_back():
    gl = FakeGitLab(mirrored(REQ))
    plan = run(gl, LATE, Hold(LATE))
    other = replace(plan, held=((2, "triage-breached"), (2, "triage-escalated")))
    ctx = replace(context(LATE), hold=Hold(LATE))
    out = SloJob().plan(SloSnapshot((plan, other), (), ()), ctx)
    assert "held back 3 reminder(s) on 2 request(s) (go-live: recorded, not posted)" in out.info
    assert len(out.held) == 3
    quiet = SloJob().plan(SloSnapshot((), (), ()), context(LATE))
    assert not any("held back" in i for i in quiet.info) and quiet.held == ()


def test_a_slack_channel_reminder_held_back_gets_its_label_only():
    filed = datetime(2026, 9, 4, tzinfo=UTC)
    issue = Issue(7, "Ephemeral Slack channel: Northwind", _slack_form(), ("form::ephemeral-slack-channel",),
                  "opened", "lena.fischer", (), filed, filed)
    now = local("EMEA", 2026, 11, 23, 10, 0)
    plan = plan_form_issue(issue, config(), slo_settings(config()), now, Hold(now))
    assert plan.actions == (a.UpdateIssue(7, add_labels=("slo::slack-channel-expiring",)),)
    assert plan.held == ((7, "slack-heads-up"),)
    labelled = replace(issue, labels=(*issue.labels, "slo::slack-channel-expiring"))
    assert plan_form_issue(labelled, config(), slo_settings(config()), now, Hold(now)).held == ()


def _slack_form() -> str:
    return ("### Account\n\nNorthwind Logistics\n\n### Purpose\n\nPOV\n\n"
            "### Approving SA\n\n@marco.bianchi\n\n"
            "### Creation Date\n\n2026-09-04\n\n### Close-By Date\n\n2026-12-01\n")


NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("go_live", "baseline", "before"), [
    (None, False, None),
    (None, True, NOW),
    (NOW - timedelta(days=1), False, NOW - timedelta(days=1)),
    (NOW - timedelta(days=1), True, NOW),  # --baseline after go-live: up to now
    (NOW + timedelta(days=3), True, NOW + timedelta(days=3)),  # before go-live: up to go-live
])
def test_the_run_holds_up_to_the_later_of_now_with_baseline_and_go_live(go_live, baseline, before):
    assert hold_for(golive.GoLive(go_live), NOW, baseline) == Hold(before)


def test_hold_counts_due_times_up_to_and_including_its_moment():
    hold = Hold(NOW)
    assert hold.holds(NOW, NOW + timedelta(hours=1)) and not hold.holds(NOW + timedelta(seconds=1), NOW)
    assert hold.holds(None, NOW) and not Hold().holds(None, NOW) and not Hold().active


def node(value: object) -> Node:
    return Node("sa-triage.yml", "go_live", value, [])


@pytest.mark.parametrize(("value", "expected"), [
    (None, None),
    (date(2026, 11, 23), datetime(2026, 11, 23, tzinfo=UTC)),
    ("2026-11-23", datetime(2026, 11, 23, tzinfo=UTC)),
    ("2026-11-23T09:00:00-05:00", datetime(2026, 11, 23, 14, tzinfo=UTC)),
    (datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 23, 9, tzinfo=UTC)),
])
def test_go_live_reads_a_date_or_a_zoned_time(value, expected):
    assert golive.parse_go_live(node(value)).at == expected


@pytest.mark.parametrize(("value", "problem"), [
    ("next monday", "expected a date (2026-11-23) or an ISO-8601 time with zone, got 'next monday'"),
    ("2026-11-23T09:00:00", "give a time zone"),
    (12, "expected a date"),
])
def test_a_bad_go_live_names_the_key_and_the_value(value, problem):
    with pytest.raises(ConfigError, match="go_live") as e:
        golive.parse_go_live(node(value))
    assert problem in str(e.value)


def test_the_shipped_config_has_no_go_live_and_a_config_can_set_one():
    from bots.jobs import parse_config
    from tests.factories import ROOT
    assert config().section(golive.GoLive) == golive.GoLive()
    text = (ROOT / "sa-triage.yml").read_text() + "\ngo_live: 2026-11-23\n"
    cfg = parse_config(text, "sa-triage.yml", ROOT)
    assert cfg.section(golive.GoLive).at == datetime(2026, 11, 23, tzinfo=UTC)


def test_held_back_reports():
    held = [(3, "triage-breached"), (3, "triage-escalated"), (5, "meeting-prep")]
    assert held_line(held) == "held back 3 reminder(s) on 2 request(s)"
    assert held_json(held)["requests"] == 2 and held_json([]) == {"reminders": 0, "requests": 0, "items": []}
    assert held_json(held)["items"][0] == {"issue": 3, "reminder": "triage-breached"}
