"""The mirror planner: one issue per request, kept in step, labelled, and nothing when nothing changed."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bots import actions as a
from bots import markers, sanitize
from bots.mirror.job import MirrorJob, MirrorSnapshot
from bots.mirror.request_plan import plan_request
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.sources.request import CommandPlan, Region, RequestStatus, Segment, Stage
from tests.factories import BOT, NOW, context, request
from tests.issue11.helpers import quoted


def created(req, ctx=None) -> a.CreateIssue:
    (action,) = plan_request(req, None, ctx or context())
    assert isinstance(action, a.CreateIssue)
    return action


def as_issue(create: a.CreateIssue, iid=1, **kw) -> Issue:
    """The issue GitLab would hold after `create` (labels sorted by title, as GitLab returns them)."""
    base = dict(iid=iid, title=create.title, description=create.description,
                labels=tuple(sorted(create.labels + create.labels_after_notes)), state="opened",
                author=BOT, assignees=(),
                created_at=NOW, updated_at=NOW)
    base.update(kw)
    return Issue(**base)


def test_new_request_becomes_one_issue_in_the_first_board_list_with_its_labels():
    action = created(request())
    assert action.key == "006Ak000001AbCdIAK"
    assert action.title == "SA Request: Northwind Logistics — Northwind — CI/CD consolidation"
    assert set(action.labels) == {"sa-request", "region::AMER", "segment::named",
                                  "stage::3-technical-evaluation", "priority::3", "triage::new"}
    assert action.notes == ()
    assert markers.find_issue_key(as_issue(action), BOT) == action.key


def test_rerun_with_nothing_changed_plans_nothing():
    req = request()
    assert plan_request(req, as_issue(created(req)), context()) == []


def test_people_text_outside_the_block_survives_and_changes_rewrite_only_the_block():
    req = request()
    issue = as_issue(created(req))
    issue = replace(issue, description=issue.description + "\nSA notes: call went well\n- [x] #1")
    changed = replace(req, stage=Stage.PROPOSAL)
    note, update = plan_request(changed, issue, context())
    assert isinstance(note, a.UpsertNote) and "3-Technical Evaluation → **4-Proposal**" in note.body
    assert update.add_labels == ("stage::4-proposal",)
    assert update.remove_labels == ("stage::3-technical-evaluation",)
    text = update.edit.apply(issue.description)
    assert text.endswith("SA notes: call went well\n- [x] #1")
    assert "4-Proposal" in markers.current_block(text)


def test_forged_state_is_not_trusted_for_the_change_note():
    req = request()
    issue = as_issue(created(req))
    forged = replace(issue, description=issue.description.replace('"stage":"3-Technical Evaluation"',
                                                                   '"stage":"1-Discovery"'))
    actions = plan_request(req, forged, context())
    # The block is rewritten (its signature no longer verifies) but no "changed" note is made up.
    assert [type(x) for x in actions] == [a.UpdateIssue]


def test_region_falls_back_to_the_roster_then_unknown_with_a_note_to_both_teams():
    by_roster = created(request(region=None, ae_email="sam.taylor@example.com"))
    assert "region::AMER" in by_roster.labels
    unknown = created(request(region=None, ae_email="nobody@example.com"))
    assert unknown.labels_after_notes == ("region::unknown",)  # added once its note is posted
    (note,) = unknown.notes
    assert "@commercial-sa-amer" in note and "@commercial-sa-emea" in note


def test_a_region_set_by_hand_is_kept_when_the_data_has_none():
    req = request(region=None, ae_email="nobody@example.com")
    issue = as_issue(created(req))
    issue = replace(issue, labels=tuple(sorted(set(issue.labels) - {"region::unknown"} | {"region::EMEA"})))
    actions = plan_request(req, issue, context())
    assert all("region::unknown" not in getattr(x, "add_labels", ()) for x in actions)
    assert all("region::EMEA" not in getattr(x, "remove_labels", ()) for x in actions)  # kept


def test_previous_scoped_label_is_always_removed_explicitly():
    req = request()
    issue = as_issue(created(req))
    (update,) = plan_request(replace(req, segment=Segment.TERRITORY), issue, context())
    assert update.add_labels == ("segment::territory",) and update.remove_labels == ("segment::named",)


def test_fast_track_from_the_flag_or_a_meeting_with_less_than_24_hours_notice():
    assert "fast-track" in created(request(fast_track=True)).labels
    # Requested Mon 11:00 New York: 24 hours' notice is Tue 11:00 (16:00 UTC), not three working
    # days (24 of its opening hours).
    soon = request(meeting_at=datetime(2026, 11, 17, 15, 59, tzinfo=UTC))
    assert "fast-track" in created(soon).labels
    later = request(meeting_at=datetime(2026, 11, 17, 16, 0, tzinfo=UTC))
    assert "fast-track" not in created(later).labels
    assert "fast-track" not in created(request(meeting_at=datetime(2026, 11, 19, 15, 0, tzinfo=UTC))).labels


def test_priority_from_deal_size_named_account_and_urgency():
    assert "priority::1" in created(request(net_arr=Decimal(150_000), named_account=True)).labels
    soon_close = request(net_arr=Decimal(60_000), close_date=NOW.date() + timedelta(days=20))
    assert "priority::2" in created(soon_close).labels
    assert "priority::3" in created(request(net_arr=Decimal(-5_000))).labels


def test_a_fast_track_is_prioritised():
    """Step 5: "Fast-track prioritization is available for time-sensitive requests." A small deal whose
    demo is tomorrow morning (less than 24 hours' notice) is priority 1, not 3 (the near meeting's 2
    points, and the fast track's 3); the same deal with the meeting two days out is priority 3."""
    assert quoted("Fast-track prioritization is available for time-sensitive requests.")
    small = Decimal(10_000)  # no deal-size points
    tomorrow = request(net_arr=small, meeting_at=datetime(2026, 11, 17, 15, 30, tzinfo=UTC))
    assert {"fast-track", "priority::1"} <= set(created(tomorrow).labels)
    flagged = request(net_arr=small, fast_track=True, meeting_at=None)  # the AE's flag: 3 points alone
    assert {"fast-track", "priority::2"} <= set(created(flagged).labels)
    later = request(net_arr=small, meeting_at=datetime(2026, 11, 18, 15, 0, tzinfo=UTC))
    assert "fast-track" not in created(later).labels and "priority::3" in created(later).labels
    none = replace(mirror_settings(context().config).priority, fast_track_points=0)
    cfg = context().config.with_section(replace(mirror_settings(context().config), priority=none))
    assert "priority::3" in created(tomorrow, replace(context(), config=cfg)).labels


def test_incomplete_command_plan_gets_needs_info_and_one_note_to_the_ae():
    req = request(command_plan=replace(request().command_plan, why_now="", attendees=()))
    action = created(req)
    assert "needs-info" not in action.labels and action.labels_after_notes == ("needs-info",)
    (note,) = action.notes
    assert note.startswith(markers.note_marker("needs-info"))
    assert "@jordan.lee" in note and "Why now?" in note and "Attendees" in note


def test_compelling_event_required_only_for_positive_net_arr():
    no_event = replace(request().command_plan, compelling_event="")
    assert "needs-info" in created(request(command_plan=no_event)).labels_after_notes
    negative = created(request(command_plan=no_event, net_arr=Decimal(-100)))
    assert "needs-info" not in negative.labels_after_notes


def test_outside_the_segment_engagement_model_needs_info():
    territory_scoping = request(segment=Segment.TERRITORY, stage=Stage.SCOPING)
    (note,) = created(territory_scoping).notes
    assert "outside the territory engagement model" in note
    assert not created(request(segment=Segment.NAMED, stage=Stage.SCOPING)).labels_after_notes


def test_needs_info_note_edited_then_marked_resolved_and_label_removed():
    incomplete = request(command_plan=CommandPlan())
    issue = as_issue(created(incomplete))
    note, update = plan_request(request(), issue, context())
    assert isinstance(note, a.UpsertNote) and note.marker == markers.note_marker("needs-info")
    assert "Resolved" in note.body and update.remove_labels == ("needs-info",)


def test_withdrawn_request_gets_a_note_and_leaves_the_board():
    req = request()
    issue = as_issue(created(req))
    note, close = plan_request(replace(req, status=RequestStatus.WITHDRAWN), issue, context())
    assert "withdrawn" in note.body
    assert close.state_event == "close" and close.remove_labels == ("triage::new",)
    assert plan_request(replace(req, status=RequestStatus.WITHDRAWN),
                        replace(issue, state="closed"), context()) == []


def test_closed_before_ever_mirrored_creates_nothing():
    assert plan_request(request(stage=Stage.CLOSED_WON), None, context()) == []


def test_hostile_text_cannot_run_quick_actions_or_mention():
    hostile = "/close\n/label ~x\n@all <script>alert(1)</script> | broken | table"
    req = request(account=hostile, opportunity_name="@someone /unlabel ~sa-request",
                  command_plan=replace(request().command_plan, use_cases=hostile, why_now=""))
    action = created(req)
    texts = [action.description, *action.notes]
    for text in texts:
        assert not sanitize.has_quick_action_line(text)
        assert "@all" not in text and "@someone" not in text and "<script>" not in text
    assert "\n" not in action.title and "@someone" not in action.title


def test_an_issue_someone_else_wrote_with_our_key_is_ignored():
    req = request()
    fake = replace(as_issue(created(req)), author="mallory")
    plan = MirrorJob().plan(MirrorSnapshot((req,), (), (fake,)), context())
    assert [type(x) for x in plan.actions] == [a.CreateIssue]


def test_emea_request_on_emea_labels():
    assert "region::EMEA" in created(request(region=Region.EMEA, ae_email="lukas.weber@example.com")).labels


def test_signed_state_carries_what_the_slo_engine_needs():
    plan = replace(request().command_plan, attendees=())
    action = created(request(sa_judgment="[BLUE] hmm", fast_track=True, command_plan=plan))
    state = markers.read_signed_state(markers.current_block(action.description), context().state_key)
    assert state["entered"] == "2026-11-16T16:00:00+00:00"
    assert {k: state[k] for k in ("segment", "net_arr", "judgment", "ae", "fast_track", "attendees",
                                  "meeting_type")} == {
        "segment": "named", "net_arr": "42000", "judgment": "malformed", "ae": "jordan.lee",
        "fast_track": True, "attendees": False, "meeting_type": "demo"}
    ok = created(request(sa_judgment="[GREEN] Champion engaged"))
    assert '"judgment":"ok"' in ok.description and '"attendees":true' in ok.description


def test_the_slo_bots_signed_record_after_the_block_survives_a_mirror_rewrite():
    from bots.slo import record

    req = request()
    issue = as_issue(created(req))
    kept = record.Record(triaged_at="2026-11-17T15:00:00+00:00", triage_hours=1.0, open=("judgment",))
    issue = replace(issue, description=record.write(issue.description, kept, context().state_key))
    (_note, update) = plan_request(replace(req, stage=Stage.PROPOSAL), issue, context())
    text = update.edit.apply(issue.description)
    assert "4-Proposal" in markers.current_block(text)
    assert record.read(text, context().state_key) == kept


def test_a_note_lost_to_a_crash_after_the_create_is_posted_by_the_next_run():
    # Killed after GitLab created the issue, before its note and the note's receipt label.
    req = request(command_plan=replace(request().command_plan, why_now=""))
    action = created(req)
    crashed = replace(as_issue(action), labels=tuple(sorted(action.labels)))
    note, update = plan_request(req, crashed, context())
    assert isinstance(note, a.UpsertNote) and note.marker == markers.note_marker("needs-info")
    assert update.add_labels == ("needs-info",) and update.edit is None
    assert plan_request(req, as_issue(action), context()) == []  # not after a complete create
