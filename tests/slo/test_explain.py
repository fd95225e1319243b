"""`sa-triage explain ISSUE`: each SLO's clock start, due time (local), state and why."""

from bots.slo.explain import explain_issue
from tests.factories import BOT, KEY, config, request
from tests.factories import issue as plain_issue
from tests.slo.helpers import FakeGitLab, local, mirrored
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
