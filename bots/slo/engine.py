"""The SLO engine for mirrored requests: evaluate every rule, then post each reminder level once and clear it.

The rules are the registered `RequestRule`s (`bots.slo.rules.RULES`), evaluated in that order.

For one issue and one moment, each level is DUE (the reminder should show), or not. A level is open
while the bot's own reminder note for it says active (`bots.slo.notes.open_levels`), or while it is
due and was held back at go-live (`Record.held`, no note):

* DUE and not open  -> post the note (marker per level, signed state "active") and so open it, but
  only while the recipients' region is in business hours; otherwise wait for a run after opening.
* not DUE and open  -> edit the note to say resolved (or that it no longer applies; nobody is mentioned
  again): that closes the level.
* DUE, not open, and before go-live (`bots.golive.Hold`) -> recorded as held back (`Record.held`,
  written once), never posted for this request; it shows while due and clears as any open level.
* otherwise nothing. Labels show the open levels (all on Free; only the worst on Premium, where one
  scope keeps one label). The notes, not the labels, are the state: a person removing or adding a
  label can neither make the bot post twice nor silence a reminder, and the gateway re-checks each
  note by its marker before writing. Opening and clearing edit no description.

Reads follow changes (`notes_decide`): the notes are read only where the labels shown differ from
the levels due (a level waiting for its recipients' business hours is not missed yet), where a due
level's first chance to be posted is recent (`GRACE`: a label a person added before the bot could
post must not silence the reminder) and the bot's ledger does not list it as posted (`bots.slo.ledger`),
or, on Premium (one label for many levels), wherever a level is due or a label shows; besides where a
rule needs them (UNKNOWN) and for the first assignment.

Notes are written before the issue update, so a run that dies in between re-plans the same note and
the gateway finds it already there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bots import actions as a
from bots import markers
from bots.golive import NO_HOLD, Hold
from bots.model import Note
from bots.slo import notes as n
from bots.slo import record as rec
from bots.slo import rules as registry
from bots.slo.common import RuleCheck, RuleEnv, closed_until, first_chance, iso
from bots.slo.facts import Facts
from bots.slo.messages import NoteState, body
from bots.slo.model import Check, Status
from bots.slo.rules import triage
from bots.slo.settings import SloSettings


@dataclass(frozen=True, init=False)
class IssuePlan:
    actions: tuple[a.Action, ...]
    info: tuple[str, ...]
    checks: tuple[Check, ...]
    record: rec.Record
    needs_notes: bool = False  # planned without the notes, and reading them would decide more
    with_notes: bool = False  # planned with the issue's notes
    held: tuple[tuple[int, str], ...] = ()  # (issue, level) recorded as held back at go-live (not posted)
    before: frozenset[str] = frozenset()  # the levels open before this plan (from the notes, else a guess)
    # (issue, note marker, level, until): reminders posted inside their recent window (for the ledger)
    posts: tuple[tuple[int, str, str, datetime], ...] = ()
    evidence: bool = False  # the notes were read because a rule looks in them for evidence (UNKNOWN)

    def __init__(self, actions: tuple[a.Action, ...], info: tuple[str, ...], checks: tuple[Check, ...],
                 record: rec.Record, needs_notes: bool = False, with_notes: bool = False,
                 held: tuple[tuple[int, str], ...] = (), before: frozenset[str] = frozenset(),
                 posts: tuple[tuple[int, str, str, datetime], ...] = (), evidence: bool = False) -> None:
        # At once, as `Check` does: two plans per request, a frozen dataclass's __init__ is slow.
        self.__dict__.update(actions=actions, info=info, checks=checks, record=record,
                             needs_notes=needs_notes, with_notes=with_notes, held=held, before=before,
                             posts=posts, evidence=evidence)


# A due level whose label shows has its notes read until the bot has had its first chance to post
# it (the recipients' next business hours after the due time, plus the runs' spacing): a person may
# have added the label in the meantime (a weekend, quiet hours, a holiday), and the label alone must
# not silence the reminder. After that, the label is taken as the bot's own: reading every issue's
# notes for days after each reminder (the other guard) cost 530 reads a run at 2,000 open requests.
GRACE = timedelta(hours=3)


def recent_until(c: Check, s: SloSettings, env: RuleEnv, now: datetime) -> datetime | None:
    """The end of a due level's recent window (its first chance to post, plus GRACE) if `now` is in
    it, else None. Before the first chance nothing can be posted, so the notes would decide nothing."""
    if not c.active or c.due is None:
        return None
    opens = first_chance(c, s, env)
    return opens + GRACE if opens <= now <= opens + GRACE else None


def _can_post(c: Check, s: SloSettings, env: RuleEnv, now: datetime) -> bool:
    cal = env.recipients_calendar(c.recipients, c.calendar)
    return not s.business_hours_only or cal is None or cal.is_open(now)


def evaluate(f: Facts, s: SloSettings, env: RuleEnv, now: datetime) -> tuple[Check, ...]:
    out: list[Check] = []
    for check, settings in _rules(s, env):
        out += check(f, settings, now, env)
    return tuple(out)


def _rules(s: SloSettings, env: RuleEnv) -> tuple[RuleCheck, ...]:
    """Each registered request rule's check with its settings, in order: once per run (and settings)."""
    rules, memo = registry.request_rules(), env.memo
    if memo.rules is None or memo.rules[0] is not s or memo.rules[1] is not rules:
        memo.rules = (s, rules, tuple((r.check, s.of(r)) for r in rules))
    return memo.rules[2]


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
    evidence = False
    if f.notes is None and not _assignment_unseen(f):
        plan = plan_issue(f, s, env, now, hold)
        if not plan.needs_notes:
            return plan
        evidence = any(c.status is Status.UNKNOWN for c in plan.checks)
    final = plan_issue(f if f.notes is not None else f.with_notes(tuple(read_notes())), s, env, now, hold)
    return replace(final, evidence=True) if evidence else final


def evidence_basis(s: SloSettings, env: RuleEnv) -> str:
    """What the rules' verdict on the notes depends on besides the notes (bots.slo.ledger's `basis`):
    the settings of the rules that look in them for evidence, the bot and the team. Entries judged
    with others do not hold; another rule's settings, or a rule added, leave them in force."""
    judging = tuple((r.key, s.of(r)) for r in registry.request_rules() if r.evidence)
    return hashlib.sha256(repr((judging, env.bot, sorted(env.team_members))).encode()).hexdigest()[:16]


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
    if f.issue.is_open and (seen := observe(f, s, now)) is not stored:  # most see nothing new
        f = f.with_record(seen)  # a closed request is not triaged by leaving the board
    checks = evaluate(f, s, env, now) if f.issue.is_open else closed_checks(f, s, env, now)
    record = f.record
    for c in checks:
        if c.remember:
            record = replace(record, **dict(c.remember))
    before = open_before(f, checks, env)
    open_, held = set(before), set[str]()
    out, info = _reminders(f, checks, (open_, held), s, env, now, hold)
    record = record.holding(held)
    add, remove = label_changes(f.labels, open_, env.premium)
    changed = record is not stored and record != stored and (f.record_found or record != rec.EMPTY)
    edit = a.DescriptionEdit(records=(("slo", rec.comment(record, env.key)),)) if changed else None
    if add or remove or edit is not None:
        out.append(a.UpdateIssue(f.iid, add_labels=add, remove_labels=remove, edit=edit))
    needs = f.notes is None and (unseen or any(c.status is Status.UNKNOWN for c in checks)
                                 or notes_decide(f, checks, s, env, now))
    posting = {x.marker for x in out if isinstance(x, a.UpsertNote) and x.note_id is None}
    posts = tuple((f.iid, c.level.marker, c.level.key, until) for c in checks if c.level.marker in posting
                  and (until := recent_until(c, s, env, now)) is not None) if posting else ()
    return IssuePlan(tuple(out), tuple(info), checks, record, needs, f.notes is not None,
                     tuple((f.iid, k) for k in sorted(held)), frozenset(before), posts)


def shown(f: Facts) -> set[str]:
    """The levels whose `slo::` label the issue shows, and those a legacy record lists as open: hints."""
    on = f.labels & registry.slo_labels()  # most requests show none
    keys = {key for label in on for key in registry.label_levels()[label]} if on else set()
    return keys | set(f.record.open) if f.record.open else keys


def notes_decide(f: Facts, checks: tuple[Check, ...], s: SloSettings, env: RuleEnv, now: datetime) -> bool:
    """Whether the bot's notes could show this issue's reminders out of step with the issue list.

    On Free each open level shows its label: the notes are read where a level that must show has no
    label, where a label shows a level not due, or where a due level's first chance to post is recent. On
    Premium one label stands for many levels: wherever a level is due or a label shows. A level held
    back at go-live has no note: the record alone decides it; one the ledger confirms, neither."""
    due, held = {c.level.key for c in checks if c.active}, set(f.record.held)
    hints = shown(f)
    if env.premium:
        return bool((due | hints) - held)
    known = hints | f.confirmed  # the calendars are asked only about the levels not shown
    missing = any(c.active and c.superseded_by not in due and c.level.key not in known
                  and _can_post(c, s, env, now) for c in checks)
    recent = any(c.active and c.level.key not in held and c.level.key not in f.confirmed
                 and recent_until(c, s, env, now) is not None for c in checks)
    return missing or bool(hints - due - held) or recent


def open_before(f: Facts, checks: tuple[Check, ...], env: RuleEnv) -> set[str]:
    """The open levels: those whose bot note says active, and the due ones held back at go-live (or
    that the ledger confirms posted). Without the notes, the labels shown (and a legacy record's
    `open`) stand in; `notes_decide` says when that guess could be wrong, and then the notes are read."""
    vouched = {*f.record.held, *f.confirmed}
    due_held = {c.level.key for c in checks if c.active and c.level.key in vouched} if vouched else set()
    if f.notes is None:
        return shown(f) | due_held
    levels = {c.level.key: c.level.marker for c in checks}
    return n.open_levels(f.notes, levels, bot=env.bot, key=env.key) | due_held


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
            out.append(a.UpsertNote(f.iid, c.level.marker, _note(c, NoteState.ACTIVE, env)))
            open_.add(key)
        elif key in open_:
            out.extend(_clear(f, c, env, info))
            open_.discard(key)
    return out, info


def _note(c: Check, state: NoteState, env: RuleEnv) -> str:
    return n.stamped(body(c, state), c.level.key, state, env.key)


def _clear(f: Facts, c: Check, env: RuleEnv, info: list[str]) -> list[a.Action]:
    """The edit that says an open level's reminder is resolved or no longer applies (none if it has no
    note: held back at go-live, or deleted)."""
    if f.notes is None:
        if c.level.key not in f.record.held:
            info.append(f"#{f.iid} {c.level.key}: clearing waits for the notes")
        return []
    state = NoteState.RESOLVED if c.status is Status.MET else NoteState.LAPSED
    text = _note(c, state, env)
    mine = markers.find_note(f.notes, c.level.marker, env.bot)
    if mine is None or mine.body.strip() == text.strip():
        return []
    return [a.UpsertNote(f.iid, c.level.marker, text, note_id=mine.id)]


def label_changes(current: frozenset[str], open_levels: set[str],
                  premium: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of the open levels (only the worst on Premium); only the engine's own labels are removed."""
    have = current & registry.slo_labels()
    if not open_levels and not have:  # most requests: no reminder open, no label
        return (), ()
    known = registry.levels()
    levels = sorted((known[k] for k in open_levels), key=lambda x: -x.severity)
    wanted = {x.label for x in (levels[:1] if premium else levels)}
    return tuple(sorted(wanted - have)), tuple(sorted(have - wanted))
