"""Async Slack support: early-stage or narrowly scoped requests get one note naming the region's channel."""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots import actions as a
from bots import markers
from bots.errors import ConfigErrors
from bots.jobs import parse_config
from bots.mirror import redirect
from bots.mirror.decide import missing_info
from bots.mirror.redirect_settings import AsyncSlackSettings, async_slack_settings
from bots.mirror.request_plan import plan_request, plan_with_info
from bots.sources.request import MeetingType, Region, RequestStatus, Segment, Stage, Subscription
from tests.factories import ROOT, config, context, request
from tests.golden_files import check
from tests.issue11.helpers import quoted
from tests.jobs.test_mirror_plan import as_issue, created

GOLDEN = ROOT / "tests" / "golden" / "async-slack"
S = AsyncSlackSettings()
EARLY = dict(segment=Segment.TERRITORY, stage=Stage.SCOPING, meeting_type=MeetingType.REVERSE_AMA)
NIGHT = datetime(2026, 11, 18, 4, 0, tzinfo=UTC)  # 23:00 in New York, 04:00 in London
MORNING = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # 10:00 in New York


def test_the_handbook_passages_the_rule_follows_are_copied_verbatim():
    assert quoted("In some cases SA support might be required in early stage or not fully qualified")
    assert quoted("- AMER: `#cs-commercial-amer-support`") and quoted("- EMEA: `#sa-commercial-emea-support`")
    assert quoted("including the SFDC URL, and type of subscription (SaaS or Self-Managed)")
    assert quoted("Avoid using these Slack channels for cases that require technical discovery and")
    assert quoted("such as discovery calls, demonstrations, or technical deep dives")
    assert dict(S.channels) == {"AMER": "#cs-commercial-amer-support", "EMEA": "#sa-commercial-emea-support"}
    assert async_slack_settings(config()) == S  # the shipped file says the defaults


@pytest.mark.parametrize(("segment", "stage"), [
    (Segment.TERRITORY, Stage.SCOPING), (Segment.TERRITORY, Stage.DISCOVERY),
    (Segment.FIRST_ORDER, Stage.DISCOVERY), (Segment.FIRST_ORDER, Stage.PENDING_ACCEPTANCE)])
def test_a_stage_earlier_than_the_segments_engagement_model_qualifies(segment, stage):
    """"SA support might be required in early stage or not fully qualified opportunities"."""
    why = redirect.reason(request(segment=segment, stage=stage, meeting_type=None), S)
    assert why is not None and f"stage {stage.value}, earlier than the" in why


@pytest.mark.parametrize(("segment", "stage"), [
    (Segment.TERRITORY, Stage.PROPOSAL), (Segment.FIRST_ORDER, Stage.NEGOTIATING),
    (Segment.FIRST_ORDER, Stage.AWAITING_SIGNATURE)])
def test_a_stage_after_the_model_is_no_early_stage_and_is_not_pointed_to_slack(segment, stage):
    req = request(segment=segment, stage=stage, meeting_type=None)
    assert redirect.reason(req, S) is None
    assert any("outside the" in x for x in missing_info(req))  # asked about as before


@pytest.mark.parametrize(("segment", "stage"), [
    (Segment.TERRITORY, Stage.TECHNICAL_EVALUATION), (Segment.FIRST_ORDER, Stage.SCOPING),
    (Segment.FIRST_ORDER, Stage.PROPOSAL), (Segment.NAMED, Stage.SCOPING),
    (Segment.NAMED, Stage.NEGOTIATING)])
def test_a_stage_inside_the_model_does_not_qualify_by_itself(segment, stage):
    req = request(segment=segment, stage=stage, meeting_type=None)
    assert redirect.reason(req, S) is None
    assert redirect.reason(replace(req, narrow_scope=True), S) == \
        "is marked in Salesforce as a narrowly scoped question"


@pytest.mark.parametrize("kind", [MeetingType.DISCOVERY, MeetingType.DEMO, MeetingType.TECHNICAL_DEEP_DIVE,
                                  MeetingType.WORKSHOP])
def test_a_request_for_discovery_or_solutioning_is_never_redirected(kind):
    req = request(**{**EARLY, "meeting_type": kind}, narrow_scope=True)
    assert redirect.needs_discovery_or_solutioning(req, S) and redirect.reason(req, S) is None
    assert not [n for n in created(req).notes if redirect.MARKER in n]
    assert "async-slack" not in created(req).labels_after_notes


def test_a_request_flagged_as_needing_deep_technical_knowledge_is_never_redirected():
    req = request(**EARLY, narrow_scope=True, deep_technical_or_resale=True)
    assert redirect.reason(req, S) is None
    assert redirect.reason(replace(req, deep_technical_or_resale=False), S)  # the flag alone keeps it


def test_switched_off_or_off_the_board_nothing_qualifies():
    assert redirect.reason(request(**EARLY), S) is not None
    assert redirect.reason(request(**EARLY), AsyncSlackSettings(enabled=False)) is None
    assert redirect.reason(request(**EARLY), AsyncSlackSettings(channels=())) is None
    assert redirect.reason(request(**{**EARLY, "stage": Stage.CLOSED_LOST}), S) is None
    assert redirect.reason(request(**EARLY, status=RequestStatus.WITHDRAWN), S) is None


def test_the_export_column_feeds_narrow_scope_and_an_export_without_it_reads_none(tmp_path):
    from bots.sources.exports import read_csv
    from bots.sources.fields import DEFAULT_EXPORT_MAPPING, DEFAULT_SALESFORCE_MAPPING
    from tests.sources.sources_factories import HEADER, export_row, write_csv

    assert DEFAULT_EXPORT_MAPPING.column("narrow_scope") == "Narrowly Scoped Question"
    assert DEFAULT_SALESFORCE_MAPPING.column("narrow_scope") == "SA_Request_Narrowly_Scoped__c"
    (req,) = read_csv(write_csv(tmp_path, [export_row(narrow_scope="Yes")])).requests
    assert req.narrow_scope is True
    keep = [i for i, h in enumerate(HEADER) if h != "Narrowly Scoped Question"]
    row = export_row()
    result = read_csv(write_csv(tmp_path, [[row[i] for i in keep]], header=[HEADER[i] for i in keep]))
    assert result.requests[0].narrow_scope is None and not result.problems


def test_a_new_qualifying_request_gets_one_note_and_the_label_as_its_receipt_and_stays_on_the_board():
    req = request(**EARLY, narrow_scope=True)
    action = created(req)
    (note,) = [n for n in action.notes if redirect.MARKER in n]
    assert "`#cs-commercial-amer-support`" in note and "#sa-commercial-emea-support" not in note
    assert note.startswith(redirect.MARKER) and "@jordan.lee" in note
    assert "async-slack" in action.labels_after_notes and "async-slack" not in action.labels
    assert "triage::new" in action.labels  # still on the board: the team can still take it
    assert plan_request(req, as_issue(action), context()) == []  # a re-run writes nothing


def test_an_emea_request_is_pointed_to_the_emea_channel_and_an_unknown_region_to_both():
    emea = created(request(**EARLY, region=Region.EMEA))
    (note,) = [n for n in emea.notes if redirect.MARKER in n]
    assert "`#sa-commercial-emea-support`" in note and "amer" not in note
    unknown = created(request(**EARLY, region=None, ae_email="nobody@example.com"))
    (note,) = [n for n in unknown.notes if redirect.MARKER in n]
    assert "#cs-commercial-amer-support" in note and "#sa-commercial-emea-support" in note


def test_the_note_waits_for_the_aes_business_hours_then_a_later_run_posts_it_once():
    req = request(**EARLY)
    action, info = plan_with_info(req, None, context(NIGHT))
    (create,) = action
    assert isinstance(create, a.CreateIssue)
    assert not [n for n in create.notes if redirect.MARKER in n]
    assert "async-slack" not in create.labels_after_notes
    wait = "async-slack note: waiting for business hours (opens Wed 18 Nov, 09:00 EST)"
    assert any(wait in x for x in info)
    issue = as_issue(create)
    *_, note, update = plan_request(req, issue, context(MORNING))  # after the needs-info note (it waited too)
    assert isinstance(note, a.UpsertNote) and note.marker == redirect.MARKER
    assert isinstance(update, a.UpdateIssue) and set(update.add_labels) == {"async-slack", "needs-info"}
    assert update.edit is None and update.remove_labels == ()
    labelled = replace(issue, labels=tuple(sorted((*issue.labels, "async-slack", "needs-info"))))
    assert plan_request(req, labelled, context(MORNING)) == []


def test_once_assigned_nothing_is_posted_and_the_label_goes_when_the_request_no_longer_qualifies():
    req = request(**EARLY)
    waited = as_issue(plan_request(req, None, context(NIGHT))[0])  # type: ignore[arg-type]
    taken = plan_request(req, replace(waited, assignees=("alex.kim",)), context(MORNING))
    assert [x.marker for x in taken if isinstance(x, a.UpsertNote)] == [markers.note_marker("needs-info")]
    assert [x.add_labels for x in taken if isinstance(x, a.UpdateIssue)] == [("needs-info",)]
    issue = as_issue(created(req))
    moved = replace(req, stage=Stage.TECHNICAL_EVALUATION)
    updates = [x for x in plan_request(moved, issue, context()) if isinstance(x, a.UpdateIssue)]
    assert [set(u.remove_labels) for u in updates] == [{"async-slack", "needs-info", "stage::2-scoping"}]
    assert not [x for x in plan_request(moved, issue, context()) if isinstance(x, a.UpsertNote)
                and x.marker == redirect.MARKER]


def test_salesforce_text_cannot_act_in_the_note():
    hostile = request(**EARLY, opportunity_url="https://evil.example/@alex.kim\n/label ~x",
                      opportunity_id="006Ak000001AbCdIAK")
    (note,) = [n for n in created(hostile).notes if redirect.MARKER in n]
    assert "evil" not in note and "(006Ak000001AbCdIAK)" in note
    assert not any(line.startswith("/") for line in note.splitlines())


@pytest.mark.parametrize(("name", "req"), [
    ("amer-narrow-scope", request(narrow_scope=True, meeting_type=None)),
    ("emea-early-stage", request(**EARLY, region=Region.EMEA, subscription=Subscription.SELF_MANAGED)),
    ("no-subscription-given", request(**EARLY, subscription=None)),
])
def test_the_note_matches_its_golden_file(name, req):
    why = redirect.reason(req, S)
    assert why is not None
    region = req.region.value if req.region else "unknown"
    check(GOLDEN, name, redirect.note(req, why, region, "jordan.lee", S) + "\n")


def _settings(text: str) -> AsyncSlackSettings:
    shipped = (ROOT / "sa-triage.yml").read_text()
    start = shipped.index("async_slack:")
    end = shipped.index("\n\n", start)
    text = shipped[:start] + text + shipped[end:]
    return async_slack_settings(parse_config(text, "sa-triage.yml", Path(ROOT)))


def test_channels_label_and_meeting_types_are_configurable():
    s = _settings('async_slack:\n  label: triage::async-slack\n  channels: {EMEA: "#emea-help"}\n'
                  '  engaged_meeting_types: [Discovery]')
    assert s.label == "triage::async-slack" and s.channels == (("EMEA", "#emea-help"),)
    assert s.engaged_meeting_types == (MeetingType.DISCOVERY,)
    assert redirect.channels("AMER", s) == (("EMEA", "#emea-help"),)  # no AMER channel: every one


@pytest.mark.parametrize(("text", "problem"), [
    ('async_slack:\n  channels: {APAC: "#apac"}', "no region 'APAC'"),
    ('async_slack:\n  channels: {AMER: "amer support"}', "expected a Slack channel"),
    ("async_slack:\n  engaged_meeting_types: [lunch]", "expected a meeting type"),
])
def test_a_bad_setting_names_its_key(text, problem):
    with pytest.raises(ConfigErrors) as e:
        _settings(text)
    assert problem in str(e.value) and "async_slack." in str(e.value)
