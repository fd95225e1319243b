"""The mirror's fast path (bots/mirror/fastpath.py): a row as the mirror last wrote its issue is
skipped only while nothing the plan reads has moved: the row, the mirror's labels, the title, the
assignment, the AE's roster entry, the clock's next priority moment."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

from bots import actions as a
from bots import markers
from bots.mirror import fastpath
from bots.mirror.decide import priority_points
from bots.mirror.missing import FLAG, RECORD
from bots.mirror.request_plan import plan_with_info
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.sources.normalize import RawRow
from tests.factories import BOT, KEY, NOW, ROOT, config, context, request

ROW = "d" * 32  # the raw digest of the request's row


def created(req=None, ctx=None, row: str | None = ROW) -> Issue:
    (create,), _ = plan_with_info(req or request(), None, ctx or context(), row)
    assert isinstance(create, a.CreateIssue)
    return Issue(iid=3, title=create.title, description=create.description,
                 labels=tuple(sorted(create.labels + create.labels_after_notes)), state="opened",
                 author=BOT, assignees=(), created_at=NOW, updated_at=NOW)


def skips(issue: Issue, req=None, ctx=None, row: str = ROW) -> bool:
    req, ctx = req or request(), ctx or context()
    unchanged = fastpath.Unchanged({req.opportunity_id: issue}, ctx.config, ctx.now, ctx.state_key)
    return unchanged(RawRow(req.opportunity_id, row, {"ae_email": req.ae_email}.get))


def test_a_created_issue_carries_the_record_and_its_unchanged_row_is_skipped():
    issue = created()
    assert markers.read_signed_comment(issue.description, fastpath.ROW, KEY) is not None
    assert skips(issue)
    assert plan_with_info(request(), issue, context(), ROW) == ([], ())  # what the skip stands for


def test_no_record_without_a_row_digest_and_an_old_issue_goes_the_normal_way():
    issue = created(row=None)
    assert not fastpath.has_record(issue.description)
    assert not skips(issue)


def test_a_changed_row_is_not_skipped():
    assert not skips(created(), row="e" * 32)


def test_label_drift_title_and_assignment_are_noticed_from_the_issue_list():
    issue = created()
    stage = next(x for x in issue.labels if x.startswith("stage::"))
    assert not skips(replace(issue, labels=tuple(x for x in issue.labels if x != stage)))  # removed
    assert not skips(replace(issue, labels=(*issue.labels, "priority::1")))  # a person's priority
    assert not skips(replace(issue, title="SA Request: renamed"))
    assert not skips(replace(issue, assignees=("priya.shah",)))
    # Labels of other families (board lists, the team's own) are not the mirror's to restore.
    assert skips(replace(issue, labels=(*issue.labels, "triage::accepted", "customer-call")))


def test_flagged_counted_or_tampered_issues_are_not_skipped():
    issue = created()
    assert not skips(replace(issue, labels=(*issue.labels, FLAG)))
    counted = markers.put_signed_comment(issue.description, RECORD, markers.signed_comment(RECORD, {}, KEY))
    assert not skips(replace(issue, description=counted))
    assert not skips(issue, ctx=replace(context(), state_key=markers.UNVERIFIED_KEY))  # a dry run
    forged = issue.description.replace('"d":"', '"d":"0')
    assert not skips(replace(issue, description=forged))
    other_state = issue.description.replace("sa-triage:state {", "sa-triage:state {\"x\":1,")
    assert not skips(replace(issue, description=other_state))


def test_a_roster_change_for_the_ae_and_a_config_change_are_noticed():
    issue, ctx = created(), context()
    cfg = ctx.config
    roster = tuple(replace(p, username="jordan.l") if p.email == "jordan.lee@example.com" else p
                   for p in cfg.roster)
    assert not skips(issue, ctx=replace(ctx, config=replace(cfg, roster=roster)))
    label = replace(mirror_settings(cfg), fast_track_hours=48)
    assert not skips(issue, ctx=replace(ctx, config=cfg.with_section(label)))
    others = tuple(p for p in cfg.roster if p.email != "jordan.lee@example.com")
    unrelated = tuple(replace(p, skills=("go",)) for p in others)
    mine = tuple(p for p in cfg.roster if p.email == "jordan.lee@example.com")
    assert skips(issue, ctx=replace(ctx, config=replace(cfg, roster=mine + unrelated)))


def test_the_priority_moment_ends_the_skip_and_the_normal_plan_changes_the_label():
    meeting = NOW + timedelta(days=10)
    req = request(meeting_at=meeting, net_arr=request().net_arr * 3)  # 3 points; the meeting near: +2
    issue = created(req)
    data = markers.read_signed_comment(issue.description, fastpath.ROW, KEY)
    p = mirror_settings(context().config).priority
    due = meeting - timedelta(days=p.meeting_within_days)
    assert data is not None and data["due"] == due.isoformat()
    assert p.level(priority_points(req, p, due)) != p.level(priority_points(req, p, NOW))
    just_before = due - timedelta(seconds=1)
    assert skips(issue, req, context(just_before))
    assert plan_with_info(req, issue, context(just_before), ROW) == ([], ())
    assert not skips(issue, req, context(due))
    (update,), _ = plan_with_info(req, issue, context(due), ROW)
    assert isinstance(update, a.UpdateIssue) and update.add_labels == ("priority::1",)
    assert update.edit is not None and update.edit.records[0][0] == fastpath.ROW  # a fresh record
    assert not skips(issue, req, context(NOW - timedelta(seconds=1)))  # a run before the write


def test_a_note_that_waits_leaves_no_record_and_removes_an_old_one():
    ctx = context()
    issue = created()
    late = context(NOW.replace(hour=3))  # night in both regions: the needs-info note waits
    req = request(command_plan=replace(request().command_plan, scm=""))
    actions, info = plan_with_info(req, issue, late, ROW)
    assert info and any("needs-info" in line for line in info)
    (update,) = [x for x in actions if isinstance(x, a.UpdateIssue)]
    assert update.edit is not None and update.edit.records == ((fastpath.ROW, ""),)
    assert not fastpath.has_record(update.edit.apply(issue.description))
    assert plan_with_info(req, issue, ctx, ROW)[1] == ()  # in business hours it goes, with a record


def test_the_config_digest_is_the_same_in_every_process():
    """Runs are separate processes with their own string hashing: a digest that followed set order
    would never match, and the fast path would silently never be taken."""
    code = ("from tests.factories import config; from bots.mirror.fastpath import config_digest; "
            "print(config_digest(config()))")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT).stdout
               for seed in ("1", "2", "3")}
    assert len(digests) == 1 and len(digests.pop().strip()) == 32


# The shipped config's digest as the release before the truncated-export guard wrote it into every
# fast-path record. A settings field that plans no present row must leave it alone (repr=False):
# otherwise an upgrade sends every unchanged row of a deployed board the slow way until its issue's
# next write (20,000 rows: mirror CPU 8 s -> 19 s, peak RSS 134 -> 184 MB, measured). Change it only
# with a change that plans rows differently (and bump PLAN_VERSION then); a change that plans only
# some rows differently goes into those rows' issue digest instead (`fastpath.flag_part`).
SHIPPED_CONFIG_DIGEST = "2e3cb91f3c1833cf871f2ec3f522e4ba"


def test_the_config_digest_survives_settings_that_plan_no_present_row():
    from bots.mirror.fastpath import config_digest
    from bots.mirror.settings import MirrorSettings

    cfg = config()
    assert config_digest(cfg) == SHIPPED_CONFIG_DIGEST
    guarded = cfg.with_section(replace(cfg.section(MirrorSettings), missing_guard_percent=50))
    assert config_digest(guarded) == SHIPPED_CONFIG_DIGEST


def test_a_record_is_in_force_from_its_time_until_its_due_one_however_it_is_spelled():
    ctx = context()
    unchanged = fastpath.Unchanged({}, ctx.config, ctx.now, ctx.state_key)
    at, later = NOW.isoformat(), (NOW + timedelta(hours=1)).isoformat()
    assert unchanged._in_force({"at": at, "due": None}) and unchanged._in_force({"at": at, "due": later})
    assert unchanged._in_force({"at": at, "due": later})  # the same times again (parsed once)
    assert not unchanged._in_force({"at": later, "due": None})  # written after this run's time
    assert not unchanged._in_force({"at": at, "due": at})  # its priority moment has come
    for bad in ({}, {"at": "soon"}, {"at": at, "due": "never"}, {"at": 5}, {"at": [at]},
                {"at": NOW.replace(tzinfo=None).isoformat()}, {"at": at, "due": "2026-01-01T00:00:00"}):
        assert not unchanged._in_force(bad), bad


def _as_before(issue: Issue, req) -> Issue:
    """`issue` with the record the release before fast-track points wrote: no fast-track part."""
    block = markers.current_block(issue.description) or ""
    mine = fastpath.issue_digest(fastpath.watched(config()), issue.labels, issue.title, False,
                                 fastpath.state_sig(block))
    person = fastpath.person_digest(config(), req.ae_email)
    old = fastpath.record(ROW, person, fastpath.config_digest(config()), mine, NOW, None, KEY)
    return replace(issue, description=markers.put_signed_comment(issue.description, fastpath.ROW, old))


def test_fast_track_points_reach_only_the_fast_tracks_records():
    """`priority.fast_track_points` is not in the config digest but in a fast track's issue digest: a
    change to it, or an upgrade from the release before it, sends only the fast tracks the normal way
    (where their priority is raised once), and leaves every other record in force."""
    ctx = context()
    settings = mirror_settings(ctx.config)
    other = replace(ctx, config=ctx.config.with_section(
        replace(settings, priority=replace(settings.priority, fast_track_points=1))))
    plain_req = request(meeting_at=None)
    plain = created(plain_req)
    assert skips(plain, plain_req, other)  # no fast track: its record stays in force
    assert _as_before(plain, plain_req).description == plain.description  # and upgrades as it is
    fast_req = request(fast_track=True, meeting_at=None)  # 42,000 ARR: 1 point, and the fast track's 3
    fast = created(fast_req)
    assert {"fast-track", "priority::2"} <= set(fast.labels) and skips(fast, fast_req)
    assert not skips(fast, fast_req, other)
    before = _as_before(replace(fast, labels=tuple(sorted(
        {*fast.labels} - {"priority::2"} | {"priority::3"}))), fast_req)  # as the release before left it
    assert not skips(before, fast_req)
    (update,), _ = plan_with_info(fast_req, before, ctx, ROW)
    assert isinstance(update, a.UpdateIssue) and update.edit is not None
    assert (update.add_labels, update.remove_labels) == (("priority::2",), ("priority::3",))
    after = replace(before, labels=tuple(sorted({*before.labels} - {"priority::3"} | {"priority::2"})),
                    description=update.edit.apply(before.description))
    assert skips(after, fast_req)  # a fresh record, with the fast-track part


def test_an_async_slack_pointer_of_the_release_before_at_a_late_stage_goes_the_normal_way_once():
    """What qualifies for the Slack pointer is versioned in the digest of issues labelled `async-slack`
    only (`redirect.QUALIFIES_VERSION`): the release before pointed a Territory request at 4-Proposal
    to Slack; now that stage is after the model, not early, and only such issues are planned again."""
    from bots.sources.request import Segment, Stage

    late = request(segment=Segment.TERRITORY, stage=Stage.PROPOSAL, meeting_type=None)
    issue = created(late)
    assert "async-slack" not in issue.labels and skips(issue, late)
    before = _as_before(replace(issue, labels=tuple(sorted((*issue.labels, "async-slack")))), late)
    assert not skips(before, late)
    (update,), _ = plan_with_info(late, before, context(), ROW)
    assert isinstance(update, a.UpdateIssue) and update.remove_labels == ("async-slack",)
