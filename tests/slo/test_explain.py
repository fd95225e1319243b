"""`sa-triage explain ISSUE`: each SLO's clock start, due time (local), state and why."""

import json

import jsonschema

from bots.golive import Hold
from bots.slo.engine import plan_issue
from bots.slo.explain import explain_issue, explain_json
from bots.slo.settings import slo_settings
from tests.factories import BOT, KEY, ROOT, config, request
from tests.factories import issue as plain_issue
from tests.slo.helpers import FakeGitLab, env, facts, local, mirrored
from tests.slo.test_slack_channel import form


def test_explain_a_breached_request_waiting_for_business_hours():
    req = request(requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
    gl = FakeGitLab(mirrored(req))
    lines = explain_issue(gl.issue, (), config(), BOT, KEY, local("AMER", 2026, 11, 23, 17, 30))
    text = "\n".join(lines)
    assert lines[1] == ("  region AMER (America/New_York, business hours 09:00–17:00, closed at "
                        "Mon 23 Nov, 17:30 EST)")
    assert lines[2] == "  request received Fri 20 Nov, 16:00 EST (Salesforce, from the mirror's signed state)"
    assert ("  triage-breached     DUE  (label slo::triage-breached)\n"
            "                      clock start  Fri 20 Nov, 16:00 EST\n"
            "                      due          Mon 23 Nov, 16:00 EST\n"
            "                      why          not triaged yet: no assignee and still on `triage::new`\n"
            "                      reminder     due, waiting for business hours (opens Tue 24 Nov, 09:00 EST)"
            ) in text
    assert "  judgment            NOT APPLICABLE" in text and "region AMER: required in EMEA only" in text


def test_explain_after_triage_shows_the_time_to_triage_and_the_resolution():
    req = request(requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
    gl = FakeGitLab(mirrored(req))
    gl.run(local("AMER", 2026, 11, 23, 16, 30))
    gl.assign("alex.kim", local("AMER", 2026, 11, 24, 10, 0))
    text = "\n".join(explain_issue(gl.issue, gl.note_tuple(), config(), BOT, KEY,
                                   local("AMER", 2026, 11, 24, 10, 30)))
    assert "  time to triage: 10.0 business hours (triaged Tue 24 Nov, 10:00 EST by assignment)" in text
    assert "reminder     the next run edits it to say resolved" in text


def test_explain_a_slack_channel_and_an_issue_without_state():
    text = "\n".join(explain_issue(form(), (), config(), BOT, KEY, local("EMEA", 2026, 11, 23, 8, 0)))
    assert "Ephemeral Slack channel request" in text and "due          Mon 23 Nov, 00:00 GMT" in text
    assert "reminder     due, waiting for business hours (opens Mon 23 Nov, 09:00 GMT)" in text
    other = explain_issue(plain_issue(5, description="hand-made"), (), config(), BOT, KEY,
                          local("EMEA", 2026, 11, 23, 8, 0))
    assert other[1] == "  not an SA request mirrored by the bot (no signed state): no SLO applies"


SCHEMA_FILE = ROOT / "docs" / "explain.schema.json"


def valid(data: dict) -> dict:
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()),
                        format_checker=jsonschema.FormatChecker())
    return data


def test_explain_json_gives_each_slo_with_iso_times_in_the_local_zone():
    req = request(requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
    gl = FakeGitLab(mirrored(req))
    data = valid(explain_json(gl.issue, (), config(), BOT, KEY, local("AMER", 2026, 11, 23, 17, 30)))
    assert data["schema"] == "sa-triage/explain/1" and data["kind"] == "request"
    assert data["region"] == {"name": "AMER", "timezone": "America/New_York", "open": False}
    assert data["received"] == "2026-11-20T16:00:00-05:00"
    breach = next(s for s in data["slos"] if s["level"] == "triage-breached")
    assert breach == {
        "level": "triage-breached", "rule": "triage", "handbook": breach["handbook"], "state": "due",
        "label": "slo::triage-breached", "active": True, "clock_start": "2026-11-20T16:00:00-05:00",
        "due": "2026-11-23T16:00:00-05:00", "due_local": "Mon 23 Nov, 16:00 EST",
        "timezone": "America/New_York",
        "why": "not triaged yet: no assignee and still on `triage::new`", "reminder": "waiting",
        "reminder_text": "due, waiting for business hours (opens Tue 24 Nov, 09:00 EST)"}
    assert breach["handbook"] == "If it comes in at 4pm, the Team has until 4pm the next day to triage."
    judgment = next(s for s in data["slos"] if s["level"] == "judgment")
    assert judgment["state"] == "not_applicable" and judgment["reminder"] == "none"


def test_explain_json_shows_time_to_triage_a_held_back_reminder_and_the_other_kinds():
    req = request(requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
    gl = FakeGitLab(mirrored(req))
    late = local("AMER", 2026, 11, 23, 16, 30)
    for action in plan_issue(facts(gl.issue), slo_settings(config()), env(), late, Hold(late)).actions:
        gl.apply(action, late)
    data = valid(explain_json(gl.issue, (), config(), BOT, KEY, late))
    assert next(s for s in data["slos"] if s["level"] == "triage-breached")["reminder"] == "held-back"
    text = "\n".join(explain_issue(gl.issue, (), config(), BOT, KEY, late))
    assert "reminder     held back at go-live: recorded, never posted" in text
    gl.assign("alex.kim", local("AMER", 2026, 11, 24, 10, 0))
    later = local("AMER", 2026, 11, 24, 11, 0)
    data = valid(explain_json(gl.issue, gl.note_tuple(), config(), BOT, KEY, later))
    assert data["time_to_triage"] == {"business_hours": 10.0, "by": "assignment",
                                      "triaged_at": "2026-11-24T10:00:00-05:00"}
    slack = valid(explain_json(form(), (), config(), BOT, KEY, local("EMEA", 2026, 11, 23, 8, 0)))
    assert slack["kind"] == "form" and slack["region"] is None
    assert {s["rule"] for s in slack["slos"]} == {"slack_channel"}
    none = valid(explain_json(plain_issue(5, description="hand-made"), (), config(), BOT, KEY,
                              local("EMEA", 2026, 11, 23, 8, 0)))
    assert none["kind"] == "none" and none["slos"] == [] and none["received"] is None
