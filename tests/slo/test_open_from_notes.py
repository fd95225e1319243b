"""Which reminders are open comes from the bot's own notes, not the description (issue 13, item 7):
opening and clearing edit no description, the labels are only a hint for when to read the notes, and
a record an earlier version wrote (with `open`) is still read and loses `open` on its next write."""

from dataclasses import replace
from datetime import timedelta

from bots import actions as a
from bots import markers
from bots.slo import record
from bots.slo.engine import GRACE, notes_decide, plan_issue
from bots.slo.messages import NoteState
from bots.slo.notes import STATE_KIND, is_active
from bots.slo.settings import slo_settings
from bots.sources.request import Region
from tests.factories import KEY, config, request
from tests.slo.helpers import FakeGitLab, env, facts, local, mirrored

BREACH = "<!-- sa-triage:slo triage-breached -->"
LABEL = "slo::triage-breached"
REQ = request(region=Region.AMER, requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
LATE = local("AMER", 2026, 11, 23, 16, 30)  # triage due Mon 16:00 EST


def legacy(gl: FakeGitLab) -> FakeGitLab:
    """`gl` as an earlier version left it: `open` in the description's record, notes without state."""
    old = record.Record(open=("triage-breached",))
    gl.issue = replace(gl.issue, description=record.write(gl.issue.description, old, KEY))
    gl.notes = [replace(n, body=n.body.replace(n.body.split("\n")[1] + "\n", "", 1)) for n in gl.notes]
    assert all(STATE_KIND not in n.body for n in gl.notes)
    return gl


def test_the_note_carries_its_signed_state_and_only_a_valid_one_counts():
    gl = FakeGitLab(mirrored(REQ))
    gl.run(LATE)
    note = gl.bot_notes()[BREACH]
    assert is_active(note, "triage-breached", KEY)
    assert is_active(note, "triage-breached", markers.state_key("other"))  # unsigned for us: its text
    gl.assign("alex.kim", LATE + timedelta(hours=1))
    gl.run(LATE + timedelta(hours=2))
    resolved = gl.bot_notes()[BREACH]
    assert f'"state":"{NoteState.RESOLVED.value}"' in resolved.body
    assert not is_active(resolved, "triage-breached", KEY)


def test_opening_escalating_and_clearing_edit_the_description_once_for_the_triage_facts():
    gl = FakeGitLab(mirrored(REQ))
    descriptions = [gl.issue.description]
    for now in (LATE, local("AMER", 2026, 11, 24, 16, 30)):  # breached, escalated
        gl.run(now)
        descriptions.append(gl.issue.description)
    assert set(gl.bot_notes()) == {BREACH, "<!-- sa-triage:slo triage-escalated -->"}
    assert len(set(descriptions)) == 1  # no description edit: the notes are the state
    gl.assign("alex.kim", local("AMER", 2026, 11, 25, 10, 0))
    gl.run(local("AMER", 2026, 11, 25, 11, 0))
    assert not any(is_active(n, n.body.split()[2], KEY) for n in gl.bot_notes().values())
    t = record.time_to_triage(gl.issue.description, KEY)
    assert t is not None and t.breached  # the one edit: the triage facts
    writes = gl.writes
    gl.run(local("AMER", 2026, 11, 25, 12, 0))
    assert gl.writes == writes


def test_a_legacy_record_is_read_and_loses_open_on_its_next_write_once():
    gl = legacy(FakeGitLab(mirrored(REQ)))
    gl.run(LATE)  # posted by the earlier version; nothing else to do
    gl = legacy(gl)
    gl.issue = replace(gl.issue, labels=(*gl.issue.labels, LABEL))
    plan = gl.run(LATE + timedelta(hours=1))
    (update,) = plan.actions  # no second note: the legacy note (no state line) reads as active
    assert isinstance(update, a.UpdateIssue) and update.edit is not None and gl.posts == 1
    assert record.read(gl.issue.description, KEY) == record.Record()  # `open` dropped
    assert '"open"' not in gl.issue.description
    writes = gl.writes
    assert gl.run(LATE + timedelta(hours=2)).actions == () and gl.writes == writes
    gl.assign("alex.kim", LATE + timedelta(hours=3))
    gl.run(LATE + timedelta(hours=4))  # the legacy note is edited to say resolved, with its state
    assert not is_active(gl.bot_notes()[BREACH], "triage-breached", KEY)
    assert LABEL not in gl.issue.labels


def test_a_legacy_record_is_a_hint_until_the_notes_are_read():
    gl = legacy(FakeGitLab(mirrored(REQ)))
    gl.run(LATE)
    gl = legacy(gl)  # the label a person removed; the record still says open
    plan = plan_issue(facts(gl.issue), slo_settings(config()), env(), LATE + timedelta(hours=1))
    assert plan.before == {"triage-breached"} and plan.needs_notes  # listed open: no post planned
    assert not any(isinstance(x, a.UpsertNote) for x in plan.actions)
    read = gl.run(LATE + timedelta(hours=1))  # with the notes: the legacy note is active
    assert read.with_notes and read.before == {"triage-breached"} and gl.posts == 1


def test_a_label_added_before_the_bot_could_post_does_not_silence_the_reminder():
    gl = FakeGitLab(mirrored(REQ))
    gl.relabel(add=(LABEL,))  # a person sets it while the bot waits (quiet hours, a weekend)
    plan = gl.run(LATE)
    assert plan.with_notes and list(gl.bot_notes()) == [BREACH] and gl.posts == 1
    assert gl.run(LATE + timedelta(hours=1)).actions == ()


def test_labels_decide_when_the_notes_are_read_on_free():
    s = slo_settings(config())
    gl = FakeGitLab(mirrored(REQ))
    gl.run(LATE)
    old = LATE + timedelta(days=4, hours=1)  # long after the bot's first chance to post

    def decide(labels: tuple[str, ...], now) -> bool:
        f = facts(replace(gl.issue, labels=labels))
        return notes_decide(f, plan_issue(f, s, env(), now).checks, s, env(), now)

    base = tuple(x for x in gl.issue.labels if not x.startswith("slo::"))
    assert decide((*base, LABEL), LATE)  # the bot's first chance to post: read, even with its label
    due = LATE - timedelta(minutes=30)  # in business hours: the bot could post it at once
    assert decide((*base, LABEL), due + GRACE)
    assert not decide((*base, LABEL), due + GRACE + timedelta(minutes=1))  # since then: the bot's label

    later = local("AMER", 2026, 11, 30, 10, 0)  # the escalation (Tue 16:00 EST) is long past its first chance
    escalated = (*base, LABEL, "slo::triage-escalated")
    assert not decide(escalated, later)  # both long due and shown: trusted
    assert decide((*base, LABEL), later)  # the escalation is due, no label: did the note go out?
    # Saturday evening: nothing could be posted before Monday's business hours, so nothing is read yet
    assert not decide((*base, LABEL), old + timedelta(days=1))
    assert decide(base, later)
    assert decide((*escalated, "slo::tech-eval-at-risk"), later)  # a label of a level not due


def test_a_label_a_person_added_for_a_level_not_due_goes_without_a_note():
    gl = FakeGitLab(mirrored(REQ))
    gl.relabel(add=("slo::tech-eval-at-risk",))
    plan = gl.run(LATE - timedelta(hours=1))
    assert plan.with_notes and plan.actions[-1].remove_labels == ("slo::tech-eval-at-risk",)
    assert gl.posts == 0


def test_premium_reads_the_notes_wherever_a_level_is_due_or_a_label_shows():
    premium = replace(env(), premium=True)
    s = slo_settings(config())
    f = facts(mirrored(REQ))
    quiet = LATE - timedelta(hours=1)
    assert not notes_decide(f, plan_issue(f, s, premium, quiet).checks, s, premium, quiet)
    later = LATE + timedelta(days=6)
    assert notes_decide(f, plan_issue(f, s, premium, later).checks, s, premium, later)
    shown = facts(replace(f.issue, labels=(*f.issue.labels, LABEL)))
    assert notes_decide(shown, plan_issue(shown, s, premium, quiet).checks, s, premium, quiet)
