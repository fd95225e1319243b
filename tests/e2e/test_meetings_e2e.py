"""Meeting agendas end to end: the real CLI against the sandbox.

Handbook ("Team Meetings"): "All team meetings are facilitated to be asynchronous friendly. Therefore,
all meetings are recorded and shared with the team." A run files the agendas of the coming two weeks
(a second run writes nothing); an agenda is closed once its recording link is in, and its organisers
are reminded once when it is not.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import failed_only_on_bad_rows
from tests.e2e.test_slo_e2e import PROJECT, human

pytestmark = pytest.mark.e2e
BOT = "sa-triage-bot"
NOW = "2026-11-23T15:00:00Z"  # Monday 15:00 in London, 10:00 in New York


def _run_twice(env, *args: str) -> str:
    first = env.run("run", *args)
    assert first.code in (0, 1), first.text  # the sample export has bad rows on purpose
    env.sandbox.log.reset()
    again = env.run("run", *args)
    assert failed_only_on_bad_rows(again), again.text
    assert env.writes() == 0, env.sandbox.log.by_route()
    return first.text


def _agendas(env) -> dict[str, dict]:
    return {i["title"]: i for i in env.sandbox.issues(PROJECT) if "meeting-agenda" in i["labels"]}


def test_a_run_files_the_agendas_of_the_coming_two_weeks_once(env):
    text = _run_twice(env, "mirror", "meetings", "--now", NOW)
    assert "filed 8 agenda(s) for 23 Nov–7 Dec" in text
    assert sorted(_agendas(env)) == [
        "AMER Regional Team Meeting: Mon 23 Nov 2026", "AMER Regional Team Meeting: Mon 30 Nov 2026",
        "EMEA Regional Team Meeting: Mon 30 Nov 2026",
        "EMEA Weekly Standup: Mon 30 Nov 2026", "EMEA Weekly Standup: Mon 7 Dec 2026",
        "Global Team Meeting: Mon 23 Nov 2026 (Peer Review)",
        "Manager Sync: Tue 1 Dec 2026", "Manager Sync: Tue 24 Nov 2026"]
    standup = _agendas(env)["EMEA Weekly Standup: Mon 30 Nov 2026"]["description"]
    assert "### SA requests waiting in triage (`triage::new`, `region::EMEA`)" in standup
    assert "Kestrel Maschinenbau GmbH" in standup and "Northwind" not in standup  # EMEA's only


def _notes(env, iid: int) -> list[dict]:
    return [n for n in env.sandbox.notes(PROJECT, iid) if n["author"]["username"] == BOT]


def test_an_agenda_is_closed_once_its_recording_is_linked_and_its_organiser_reminded_once(env):
    _run_twice(env, "meetings", "--now", NOW)
    agendas = _agendas(env)
    global_ = agendas["Global Team Meeting: Mon 23 Nov 2026 (Peer Review)"]
    amer = agendas["AMER Regional Team Meeting: Mon 23 Nov 2026"]
    linked = global_["description"].replace("Recording: _paste the link here",
                                            "Recording: https://youtu.be/global-1123 _was: paste")
    human(env, "anna.schmidt", "PUT", f"/issues/{global_['iid']}", description=linked)
    _run_twice(env, "meetings", "--now", "2026-11-23T17:00:00Z")  # the Global one is over, AMER's not
    assert env.sandbox.issue(PROJECT, global_["iid"])["state"] == "closed"
    assert env.sandbox.issue(PROJECT, amer["iid"])["state"] == "opened"
    text = _run_twice(env, "meetings", "--now", "2026-11-24T19:00:00Z")  # a day after AMER's: 14:00 EST
    assert f"#{amer['iid']}: reminded of the recording link" in text
    (note,) = _notes(env, amer["iid"])
    assert note["body"].startswith("<!-- sa-triage:meeting-recording -->")
    assert "@maria.garcia" in note["body"]
    assert "AMER Regional Team Meeting of Mon 23 Nov, 12:00 EST" in note["body"]
    _run_twice(env, "meetings", "--now", "2026-11-25T19:00:00Z")
    assert len(_notes(env, amer["iid"])) == 1  # reminded once
    human(env, "maria.garcia", "POST", f"/issues/{amer['iid']}/notes", body="Recording: https://youtu.be/amer")
    _run_twice(env, "meetings", "--now", "2026-11-25T19:00:00Z")
    assert env.sandbox.issue(PROJECT, amer["iid"])["state"] == "closed"


def test_the_standup_list_is_refreshed_before_the_meeting_only_when_it_changed(env):
    _run_twice(env, "mirror", "meetings", "--now", NOW)
    kestrel = next(i for i in env.sandbox.issues(PROJECT) if "Kestrel" in i["title"])
    human(env, "anna.schmidt", "PUT", f"/issues/{kestrel['iid']}", remove_labels="triage::new",
          add_labels="triage::assigned")
    text = _run_twice(env, "meetings", "--now", "2026-11-23T16:00:00Z")
    assert "2 standup triage list(s) refreshed" in text  # 30 Nov's and 7 Dec's
    standups = [i for t, i in _agendas(env).items() if "Standup" in t]
    assert len(standups) == 2 and all("Kestrel" not in i["description"] for i in standups)
    assert all(i["description"].count("## Recording") == 1 for i in standups)  # people's part kept
