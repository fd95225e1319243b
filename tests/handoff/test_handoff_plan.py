"""The SA-to-SA handoff bot, planned over a fake board (the gateway's note re-check included).

Handbook (Commercial Sales - Customer Success, "SA to SA (new accounts)"), copied into
tests/fixtures/handbook/excerpts.md:
- "Update SA name on account team in Salesforce"
- "Ensure any account notes, tech stack discoveries, technical briefs or running call notes are linked
  to Salesforce and shared with the new SA"
- "Introduce new SA live on a client call"
- "If a POV is pending or active, update the POV record in Salesforce as required"
- "Ensure any current action items are identified via an issue on the Commercial SA Triage board"
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bots import markers
from bots.errors import ConfigError
from bots.handoff import notes as n
from bots.handoff import record as rec
from bots.handoff.settings import HandoffSettings, parse_handoff
from bots.handoff.steps import STEPS
from bots.model import Note
from bots.schema import Node, raise_found
from tests.factories import KEY, NOW
from tests.handoff.helpers import Fake, later

TUE = NOW  # Tue 17 Nov 2026, 15:00 UTC: 10:00 in New York (AMER hours)
ALEX, DANA, CHRIS = "alex.kim", "dana.white", "chris.ng"


def _handed_over(fake: Fake | None = None) -> Fake:
    fake = fake or Fake()
    fake.assign(ALEX, at=later(TUE, hours=-2))
    fake.run(later(TUE, hours=-1))
    fake.assign(DANA, at=TUE)
    return fake


def test_a_first_assignment_is_not_a_handoff_and_is_remembered_once():
    fake = Fake()
    fake.assign(ALEX, at=TUE)
    fake.run(TUE)
    assert fake.bot_notes("handoff") == []
    assert rec.read(fake.issue.description, KEY) == rec.Record((ALEX,))
    before = fake.writes
    fake.run(later(TUE, hours=1))
    assert fake.writes == before  # nothing changed: no write


def test_a_request_that_never_had_an_sa_costs_nothing():
    fake = Fake()
    plan = fake.run(TUE)
    assert plan.actions == () and fake.notes_read == 0


def test_one_sa_to_another_posts_the_five_steps_to_both_once():
    fake = _handed_over()
    fake.run(TUE)
    (note,) = fake.bot_notes("handoff")
    assert f"@{ALEX}" in note.body and f"@{DANA}" in note.body
    assert [f"- [ ] {text}" in note.body for _, text in STEPS] == [True] * 5
    record = rec.read(fake.issue.description, KEY)
    # when it went out is the note's own time: the description is not edited for it
    assert record is not None and record.last == rec.Handoff(1, (ALEX,), (DANA,))
    writes = fake.writes
    fake.run(later(TUE, minutes=15))
    assert fake.writes == writes  # run twice: 0 writes


def test_back_and_forth_is_two_handoffs():
    fake = _handed_over()
    fake.run(TUE)
    fake.assign(ALEX, at=later(TUE, hours=1))
    fake.run(later(TUE, hours=1))
    first, second = fake.bot_notes("handoff")
    assert first.body.startswith(n.checklist_marker(1)) and second.body.startswith(n.checklist_marker(2))
    assert "**SA handoff: @dana.white → @alex.kim**" in second.body


def test_an_unassign_alone_is_no_handoff_and_the_next_sa_is_handed_it_by_the_last_one():
    fake = Fake()
    fake.assign(ALEX, at=TUE)
    fake.run(TUE)
    fake.assign(at=later(TUE, hours=1))
    fake.run(later(TUE, hours=1))
    assert fake.bot_notes("handoff") == []
    fake.assign(CHRIS, at=later(TUE, hours=2))
    fake.run(later(TUE, hours=2))
    (note,) = fake.bot_notes("handoff")
    assert "**SA handoff: @alex.kim → @chris.ng**" in note.body


def test_a_second_sa_beside_the_first_is_no_handoff():
    fake = Fake()
    fake.assign(ALEX, at=TUE)
    fake.run(TUE)
    fake.assign(ALEX, DANA, at=later(TUE, hours=1))
    fake.run(later(TUE, hours=1))
    assert fake.bot_notes("handoff") == []
    assert rec.read(fake.issue.description, KEY).sa == (ALEX, DANA)  # seen, and recorded


def test_someone_who_is_not_an_sa_is_no_party_to_a_handoff():
    fake = Fake()
    fake.assign(ALEX, at=TUE)
    fake.run(TUE)
    fake.assign("jordan.lee", at=later(TUE, hours=1))  # an AE
    fake.run(later(TUE, hours=1))
    assert fake.bot_notes("handoff") == []
    assert rec.read(fake.issue.description, KEY).sa == (ALEX,)  # the SA the bot saw, still the one


def test_first_sight_reads_the_previous_sa_from_gitlab_system_notes_only():
    fake = Fake()
    fake.notes.append(Note(1, "mallory", "assigned to @chris.ng and unassigned @dana.white",
                           TUE, TUE))  # a comment, not a system note: never trusted
    fake.assign(ALEX, at=later(TUE, hours=-3))
    fake.assign(DANA, at=later(TUE, hours=-2))
    fake.run(TUE)
    (note,) = fake.bot_notes("handoff")
    assert "**SA handoff: @alex.kim → @dana.white**" in note.body


def test_a_record_someone_edited_is_not_trusted():
    fake = _handed_over()
    fake.run(TUE)
    forged = fake.issue.description.replace('"sa":["dana.white"]', '"sa":["chris.ng"]')
    assert forged != fake.issue.description
    fake.issue = replace(fake.issue, description=forged)
    assert rec.read(forged, KEY) is None


def test_the_checklist_waits_for_the_sas_business_hours():
    night = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # 03:00 in New York
    fake = _handed_over()
    plan = fake.run(night)
    assert fake.bot_notes("handoff") == []
    assert any("waits for business hours (Wed 18 Nov, 09:00 EST)" in line for line in plan.info)
    fake.run(datetime(2026, 11, 18, 14, 0, tzinfo=UTC))  # 09:00 EST
    assert len(fake.bot_notes("handoff")) == 1


def test_one_reminder_after_the_business_days_lists_the_open_steps_then_done_when_all_are_ticked():
    fake = _handed_over()
    edits = fake.description_edits  # the first sight of an SA
    fake.run(TUE)
    assert fake.description_edits == edits + 1  # the handoff (with the reassignment), not the checklist
    marker = n.checklist_marker(1)
    fake.tick(marker, STEPS[0][1], STEPS[2][1], STEPS[4][1])
    fake.run(later(TUE, days=2))  # Thu: 2 business days
    assert fake.bot_notes("handoff-reminder") == []
    fake.run(later(TUE, days=3))  # Fri: 3 business days
    (reminder,) = fake.bot_notes("handoff-reminder")
    assert f"@{DANA} @{ALEX}" in reminder.body
    assert STEPS[1][1] in reminder.body and STEPS[3][1] in reminder.body
    assert STEPS[0][1] not in reminder.body
    fake.run(later(TUE, days=6))
    assert len(fake.bot_notes("handoff-reminder")) == 1  # once: the reminder note itself says it went out
    assert fake.description_edits == edits + 1  # the reminder edits no description
    fake.tick(marker, STEPS[1][1], STEPS[3][1])
    fake.run(later(TUE, days=7))
    (done,) = fake.bot_notes("handoff-done")
    assert "handoff 1 done" in done.body and "@" not in done.body.replace("`@", "")
    assert fake.description_edits == edits + 2  # done: recorded once, so its notes are no longer read
    writes, read = fake.writes, fake.notes_read
    fake.run(later(TUE, days=8))
    assert (fake.writes, fake.notes_read) == (writes, read)  # done: no writes, no notes read


def test_only_a_box_on_the_bots_own_line_counts_as_ticked():
    fake = _handed_over()
    fake.run(TUE)
    (note,) = fake.bot_notes("handoff")
    text = STEPS[2][1]
    edited = note.body.replace(f"- [ ] {text}", f"- [x] {text} (skipped, no call planned)")
    for _, step in STEPS:
        if step != text:
            edited = edited.replace(f"- [ ] {step}", f"- [x] {step}")
    assert "- [ ] " not in edited and edited.count("- [x] ") == len(STEPS)  # every box ticked, one with more
    fake.notes = [replace(x, body=edited) if x.id == note.id else x for x in fake.notes]
    fake.run(later(TUE, days=1))
    assert fake.bot_notes("handoff-done") == []


def test_a_checklist_posted_by_a_run_that_died_is_never_posted_again():
    fake = _handed_over()
    plan = fake.run(TUE)
    fake.tick(n.checklist_marker(1), STEPS[0][1])
    # the record write was lost: the description goes back to what it was before the handoff run
    fake.issue = replace(fake.issue, description=fake.issue.description.split("<!-- sa-triage:handoff")[0])
    assert plan.actions
    writes = fake.writes
    fake.run(later(TUE, minutes=15))
    (note,) = fake.bot_notes("handoff")
    assert f"- [x] {STEPS[0][1]}" in note.body  # the tick is kept
    assert fake.writes == writes + 1  # only the record


def test_a_legacy_record_with_the_progress_in_it_is_read_and_loses_it_on_the_next_write():
    fake = _handed_over()
    fake.run(TUE)
    fake.run(later(TUE, days=3))  # the reminder
    data = rec.to_data(rec.read(fake.issue.description, KEY))
    data["last"].update(posted=TUE.isoformat(), reminded=True)
    legacy = markers.signed_comment("handoff", data, KEY)
    fake.issue = replace(fake.issue, description=markers.put_signed_comment(
        fake.issue.description, "handoff", legacy))
    old = rec.read(fake.issue.description, KEY)
    assert old is not None and old.last is not None and old.last.reminded and old.last.posted == TUE
    writes = fake.writes
    fake.run(later(TUE, days=4))
    assert fake.writes == writes and legacy in fake.issue.description  # nothing to write: left as it is
    fake.tick(n.checklist_marker(1), *(text for _, text in STEPS))
    fake.run(later(TUE, days=5))
    assert '"reminded"' not in fake.issue.description and '"posted"' not in fake.issue.description
    assert rec.read(fake.issue.description, KEY).last.done


def test_the_settings_have_handbook_defaults_and_name_a_bad_key():
    def parse(value: object) -> HandoffSettings:  # a bad value collected, raised at the reading's end
        node = Node("sa-triage.yml", "handoff", value, [])
        settings = parse_handoff(node)
        raise_found(node.found)
        return settings

    assert parse(None) == HandoffSettings()
    with pytest.raises(ConfigError, match=r"handoff\.remind_after_business_days"):
        parse({"remind_after_business_days": 0})
    with pytest.raises(ConfigError, match=r"handoff.roles\[0\]|handoff.roles.0"):
        parse({"roles": ["ae"]})
