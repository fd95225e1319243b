"""The SLO engine for mirrored requests: evaluate every rule, then post each reminder level once and clear it.

The rules are the registered `RequestRule`s (`bots.slo.rules.RULES`), evaluated in that order.

For one issue and one moment, each level is DUE (the reminder should show), or not. The bot's signed
record (`bots.slo.record`) says which levels are open (posted, not yet resolved):

* DUE and not open  -> post the note (marker per level) and open it, but only while the recipients'
  region is in business hours; otherwise wait for a run after opening.
* not DUE and open  -> edit the note to say resolved (or that it no longer applies; nobody is mentioned
  again) and close the level.
* DUE, not open, and before go-live (`bots.golive.Hold`) -> open it without a note: recorded as held
  back (`Record.held`), so it is never posted for this request; it shows and clears as any open level.
* otherwise nothing. Labels show the open levels (all on Free; only the worst on Premium, where one
  scope keeps one label); the record, not the labels, is the state, so a person removing a label
  cannot make the bot post twice, and the gateway re-checks each note by its marker before writing.

Notes are written before the issue update, so a run that dies in between re-plans the same note and
the gateway finds it already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from bots import actions as a
from bots import markers
from bots.golive import NO_HOLD, Hold
from bots.model import Note
from bots.slo import notes as n
from bots.slo import record as rec
from bots.slo import rules as registry
from bots.slo.common import RuleEnv, closed_until, iso
from bots.slo.facts import Facts
from bots.slo.messages import NoteState, body
from bots.slo.model import Check, Status
from bots.slo.rules import triage
from bots.slo.settings import SloSettings


@dataclass(frozen=True)
class IssuePlan:
    actions: tuple[a.Action, ...]
    info: tuple[str, ...]
    checks: tuple[Check, ...]
    record: rec.Record
    needs_notes: bool = False  # planned without the notes, and reading them would decide more
    with_notes: bool = False  # planned with the issue's notes
    held: tuple[tuple[int, str], ...] = ()  # (issue, level) recorded as held back at go-live (not posted)


def evaluate(f: Facts, s: SloSettings, env: RuleEnv, now: datetime) -> tuple[Check, ...]:
    return tuple(c for rule in registry.request_rules() for c in rule.evaluate(f, s, now, env))


def observe(f: Facts, s: SloSettings, now: datetime) -> rec.Record:
    """The record with what is visible now and seen for the first time: the first assignment and triage."""
    r, cal = f.record, f.calendar
    assigned = n.first_assignment(f.notes) if f.notes is not None else None
    if r.assigned_at is None and f.assignees and f.notes is not None:
        r = replace(r, assigned_at=iso(assigned or now))
    if r.triaged_at is None and f.triaged_now and (f.notes is not None or not f.assignees):
        at, by = (assigned or now, "assignment") if f.assignees else (now, "board")
        hours = max(0.0, cal.business_hours_between(f.entered, at))
        r = replace(r, triaged_at=iso(at), triaged_by=by, triage_hours=round(hours, 2),
                    triage_due=iso(triage.due(f, s.of(triage.RULE))))
    return r


def _assignment_unseen(f: Facts) -> bool:
    """The assignment time is not recorded yet: it comes, once, from GitLab's system note."""
    r = f.record
    return bool(f.assignees) and (r.assigned_at is None or (r.triaged_at is None and f.triaged_now))


def needs_notes(f: Facts, s: SloSettings, env: RuleEnv, now: datetime, hold: Hold = NO_HOLD) -> bool:
    """Whether planning this issue needs its notes (the only per-issue read the engine ever makes)."""
    return f.notes is None and (_assignment_unseen(f) or plan_issue(f, s, env, now, hold).needs_notes)


def plan_reading(f: Facts, s: SloSettings, env: RuleEnv, now: datetime,
                 read_notes: Callable[[], Iterable[Note]], hold: Hold = NO_HOLD) -> IssuePlan:
    """The issue's plan with one evaluation of its rules: from the issue list alone, unless the notes
    would decide more; then they are read and only this issue is planned again, with them."""
    if f.notes is None and not _assignment_unseen(f):
        plan = plan_issue(f, s, env, now, hold)
        if not plan.needs_notes:
            return plan
    return plan_issue(f if f.notes is not None else f.with_notes(tuple(read_notes())), s, env, now, hold)


CLOSED_WHY = "the request is closed (it left the triage board)"


def closed_checks(f: Facts, s: SloSettings, env: RuleEnv, now: datetime) -> tuple[Check, ...]:
    """A closed request's levels: none applies any more, so an open reminder is edited to say why and
    its `slo::` label goes (a reminder must not outlive its request)."""
    return tuple(replace(c, status=Status.NOT_APPLICABLE, why=CLOSED_WHY, remember=())
                 for c in evaluate(f, s, env, now))


def plan_issue(f: Facts, s: SloSettings, env: RuleEnv, now: datetime, hold: Hold = NO_HOLD) -> IssuePlan:
    """The notes and the one issue update that bring this issue's reminders in step (none if they are);
    with a `hold`, the levels due before go-live are recorded as held back instead of posted."""
    stored = f.record
    unseen = f.notes is None and _assignment_unseen(f)
    if f.issue.is_open:
        f = f.with_record(observe(f, s, now))  # a closed request is not triaged by leaving the board
    checks = evaluate(f, s, env, now) if f.issue.is_open else closed_checks(f, s, env, now)
    record = f.record
    for c in checks:
        if c.remember:
            record = replace(record, **dict(c.remember))
    open_, held = set(record.open), set[str]()
    out, info = _reminders(f, checks, (open_, held), s, env, now, hold)
    record = record.with_open(open_, held)
    add, remove = label_changes(f.labels, open_, env.premium)
    changed = record != stored and (f.record_found or record != rec.Record())
    edit = a.DescriptionEdit(records=(("slo", rec.comment(record, env.key)),)) if changed else None
    if add or remove or edit is not None:
        out.append(a.UpdateIssue(f.iid, add_labels=add, remove_labels=remove, edit=edit))
    needs = unseen or (f.notes is None and any(
        c.status is Status.UNKNOWN or _clears_a_note(c, stored) for c in checks))
    return IssuePlan(tuple(out), tuple(info), checks, record, needs, f.notes is not None,
                     tuple((f.iid, k) for k in sorted(held)))


def _clears_a_note(c: Check, stored: rec.Record) -> bool:
    """An open level no longer due whose note must be edited (a held-back one has no note)."""
    return c.level.key in stored.open and c.level.key not in stored.held and not c.active


def _reminders(f: Facts, checks: tuple[Check, ...], state: tuple[set[str], set[str]], s: SloSettings,
               env: RuleEnv, now: datetime, hold: Hold) -> tuple[list[a.Action], list[str]]:
    """Post each due level once (in business hours) and clear the open ones no longer due; `state` (the
    open levels, and those newly held back at go-live) follows."""
    open_, held = state
    out: list[a.Action] = []
    info: list[str] = []
    due = {c.level.key for c in checks if c.active}
    for c in checks:
        key = c.level.key
        if c.status is Status.UNKNOWN or (c.active and (key in open_ or c.superseded_by in due)):
            continue
        if c.active and hold.holds(c.due, now):
            open_.add(key)
            held.add(key)
            continue
        if c.active:
            opens = closed_until(c, s, env, now)
            if opens is not None:
                info.append(f"#{f.iid} {key}: due, waiting for business hours (opens {opens})")
                continue
            out.append(a.UpsertNote(f.iid, c.level.marker, body(c, NoteState.ACTIVE)))
            open_.add(key)
        elif key in open_:
            if key in f.record.held:  # held back at go-live: no note to edit
                open_.discard(key)
                continue
            if f.notes is None:
                info.append(f"#{f.iid} {key}: clearing waits for the notes")
                continue
            text = body(c, NoteState.RESOLVED if c.status is Status.MET else NoteState.LAPSED)
            mine = markers.find_note(f.notes, c.level.marker, env.bot)
            if mine is not None and mine.body.strip() != text.strip():
                out.append(a.UpsertNote(f.iid, c.level.marker, text, note_id=mine.id))
            open_.discard(key)
    return out, info


def label_changes(current: frozenset[str], open_levels: set[str],
                  premium: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of the open levels (only the worst on Premium); only the engine's own labels are removed."""
    known = registry.levels()
    levels = sorted((known[k] for k in open_levels), key=lambda x: -x.severity)
    wanted = {x.label for x in (levels[:1] if premium else levels)}
    have = current & registry.slo_labels()
    return tuple(sorted(wanted - have)), tuple(sorted(have - wanted))
