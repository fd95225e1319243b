"""The one typed request record: written by the mirror, read the same way by every bot, upgrades kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from bots import markers
from bots.mirror.request_plan import plan_request
from bots.request_record import VERSION, read_plan, read_request
from bots.slo import record
from bots.slo.facts import from_issue
from bots.slo.settings import slo_settings
from bots.sources.request import Segment, Stage
from bots.suggest.profile import profile_of
from tests.factories import BOT, KEY, ROOT, config, context, request
from tests.factories import issue as make_issue

# A description written and signed by the first release (476d8ed), with the SLO bot's record after
# the block: what every mirrored issue on a board looks like on the day of the upgrade.
V1 = (ROOT / "tests/fixtures/upgrade/v1-mirrored-issue.md").read_text()


def v1_issue(**kw):
    (create,) = plan_request(request(), None, context())  # the labels and title it has on the board
    return make_issue(7, title=create.title, description=V1, labels=create.labels, **kw)


def test_a_record_signed_by_the_first_release_verifies_and_reads_after_the_upgrade():
    r = read_request(v1_issue(), BOT, KEY)
    assert r is not None and r.version == 1 and r.key == "006Ak000001AbCdIAK"
    assert (r.region, r.stage, r.segment, r.close) == ("AMER", Stage.TECHNICAL_EVALUATION, Segment.NAMED,
                                                        date(2027, 2, 26))
    assert r.entered == datetime(2026, 11, 16, 16, tzinfo=UTC) and r.net_arr == Decimal("42000")
    assert r.ae == "jordan.lee" and r.attendees and read_plan(v1_issue(), BOT, KEY) is None
    assert record.read(V1, KEY) == record.Record(triaged_at="2026-11-17T15:00:00+00:00", triage_hours=1.0,
                                                 triaged_by="assignment", open=("judgment",))
    profile = profile_of(v1_issue(), KEY, (), BOT)  # no recorded plan: the block's table
    assert profile is not None and dict(profile.plan)["scm"] == "GitHub Enterprise"
    assert markers.compact(V1) == V1  # kept whole in the snapshot while it has no plan


def test_upgrading_rewrites_no_description_while_the_request_is_unchanged():
    assert plan_request(request(), v1_issue(), context()) == []
    (note, update) = plan_request(replace(request(), stage=Stage.PROPOSAL), v1_issue(), context())
    assert "3-Technical Evaluation → **4-Proposal**" in note.body
    text = update.edit.apply(V1)
    r = read_request(make_issue(7, description=text), BOT, KEY)
    assert r is not None and r.version == VERSION and r.stage is Stage.PROPOSAL
    assert (read_plan(make_issue(7, description=text), BOT, KEY) or {})["scm"] == "GitHub Enterprise"
    assert r.entered == datetime(2026, 11, 16, 16, tzinfo=UTC)  # the triage clock is kept
    assert record.read(text, KEY) == record.read(V1, KEY)  # the SLO bot's record survives


def test_only_issues_the_bot_created_are_requests():
    (create,) = plan_request(request(), None, context())
    mine = make_issue(3, description=create.description, labels=create.labels)
    assert read_request(mine, BOT, KEY) is not None
    cloned = replace(mine, iid=4, author="ana.lopez")  # GitLab's "clone issue", or a pasted block
    assert read_request(cloned, BOT, KEY) is None
    assert from_issue(cloned, config(), slo_settings(config()), KEY, BOT) is None
    assert profile_of(cloned, KEY, (), BOT) is None
    forged = replace(mine, description=create.description.replace('"region":"AMER"', '"region":"EMEA"'))
    assert read_request(forged, BOT, KEY) is None  # not signed by us
    assert read_request(replace(mine, description="no block"), BOT, KEY) is None


def test_the_record_carries_the_command_plan_capped_for_the_snapshot():
    long = replace(request().command_plan, use_cases="CI " * 1000)
    (create,) = plan_request(replace(request(), command_plan=long), None, context())
    plan = read_plan(make_issue(3, description=create.description), BOT, KEY)
    assert plan is not None and len(plan["use_cases"]) == 500 and plan["scm"] == "GitHub Enterprise"
    r = read_request(make_issue(3, description=create.description), BOT, KEY)
    lean = markers.compact(create.description)
    assert read_request(make_issue(3, description=lean), BOT, KEY) == r  # the lean snapshot reads the same
    assert len(lean) < len(create.description)


def test_a_request_state_is_verified_once_for_its_record_and_plan(monkeypatch):
    (create,) = plan_request(request(), None, context())
    mine = make_issue(3, description=create.description + "\n<!-- once -->")  # a description of its own
    signed = []
    real = markers._sign
    monkeypatch.setattr(markers, "_sign", lambda *a: signed.append(a[1]) or real(*a))
    assert read_request(mine, BOT, KEY) is not None and signed == ["state"]
    assert (read_plan(mine, BOT, KEY) or {})["scm"] == "GitHub Enterprise" and signed == ["state"]
    forged = replace(mine, description=mine.description.replace('"region":"AMER"', '"region":"EMEA"'))
    assert read_plan(forged, BOT, KEY) is None  # without a record read, its plan is still checked
