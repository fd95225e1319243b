"""Pure decisions for one mirrored request: did its SA change hands, and what the checklist needs now.

The SA who hands over comes only from what nobody can forge: the bot's signed record of the SAs it
last saw on the request, or, the first time the bot sees a request that already has an SA, GitLab's
assignment system notes. A change from one SA to another is a handoff (back and forth is two); an
unassign alone is not (the record keeps the last SA, who hands over to whoever comes next); adding
a second SA beside the first is not either.

What changes within a handoff is not recorded: when the checklist went out is its note's time, and
whether the one reminder went out is whether the bot's reminder note is there (the notes of an open
handoff are read anyway, for its ticks). The record in the description changes only when the SAs
change hands (or a second SA joins) and when a handoff is done, so a handoff adds at most two
"changed the description" entries to the feed, not one per step. A checklist note someone deleted
is posted again (the record no longer says it went out), never twice beside each other.

A handoff may also be filed as an SA Handoff issue naming the request's opportunity
(`bots.handoff.filed`): it is the same one handoff. The request's record notes it (`Handoff.on`, the
issue that tracks its checklist), so an assignment from the same outgoing to the same incoming SA,
seen before or after, adds no second checklist; a handoff the request already posted is not posted
again on the issue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from bots import actions as a
from bots.calendars import BusinessCalendar
from bots.handoff import notes as n
from bots.handoff.record import Handoff, Record, comment, to_data
from bots.handoff.settings import HandoffSettings
from bots.handoff.steps import STEPS, open_steps, ticked
from bots.markers import find_note
from bots.model import Issue, Note

_SYSTEM = re.compile(r"^(?:re)?assigned to (?P<added>.*?)(?: and unassigned (?P<removed>.*))?$"
                     r"|^unassigned (?P<only_removed>.*)$")
_USER = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")


@dataclass(frozen=True)
class Seen:
    """One request as the job read it: its SAs now, the bot's record, and its notes if read."""

    issue: Issue
    sas: tuple[str, ...]  # the assignees who are SAs, sorted
    record: Record | None
    notes: tuple[Note, ...] | None = None


@dataclass(frozen=True)
class Filed:
    """An open SA Handoff issue naming two SAs (and, when it links one, a mirrored request's key)."""

    issue: Issue
    key: str | None  # the opportunity id, when the form links an opportunity
    outgoing: tuple[str, ...]
    incoming: tuple[str, ...]
    notes: tuple[Note, ...] = ()

    def same(self, h: Handoff | None) -> bool:
        mine = (set(self.outgoing), set(self.incoming))
        return h is not None and (set(h.outgoing), set(h.incoming)) == mine


@dataclass(frozen=True)
class Env:
    now: datetime
    bot: str
    key: bytes
    settings: HandoffSettings
    calendar_of: Callable[[tuple[str, ...]], BusinessCalendar | None]  # recipients -> their hours


def is_handoff(before: Iterable[str], after: Iterable[str]) -> bool:
    b, c = set(before), set(after)
    return bool(b - c) and bool(c - b)


def changed(before: Record | None, sas: tuple[str, ...]) -> Record | None:
    """The record after seeing `sas` (a new handoff in `last` when the SA changed hands), or None
    when the notes must tell (first sight of a request with an SA)."""
    if before is None:
        return Record() if not sas else None
    if not sas or set(sas) == set(before.sa):
        return before
    if not is_handoff(before.sa, sas):
        return replace(before, sa=sas)
    out, inc = tuple(sorted(set(before.sa) - set(sas))), tuple(sorted(set(sas) - set(before.sa)))
    last = before.last
    if last is not None and last.on is not None and (last.outgoing, last.incoming) == (out, inc):
        return replace(before, sa=sas)  # the filed handoff, now seen as the assignment: the same one
    return Record(sas, Handoff(before.count + 1, out, inc))


def needs_notes(s: Seen) -> bool:
    """Notes are read only for a first sight with an SA, a new handoff, or a handoff still open."""
    after = changed(s.record, s.sas)
    return after is None or (after.last is not None and after.last.open and after.last.on is None)


def previous_sas(notes: Iterable[Note], team: frozenset[str], now: tuple[str, ...]) -> tuple[str, ...]:
    """From GitLab's assignment system notes: the last SAs before the current ones (none if unknown)."""
    states: list[frozenset[str]] = []
    current: set[str] = set()
    for note in sorted((x for x in notes if x.system), key=lambda x: (x.created_at, x.id)):
        m = _SYSTEM.match(note.body.strip())
        if not m:
            continue
        current |= set(_USER.findall(m.group("added") or ""))
        current -= set(_USER.findall((m.group("removed") or "") + (m.group("only_removed") or "")))
        states.append(frozenset(current & team))
    for state in reversed(states):
        if state and state != set(now):
            return tuple(sorted(state))
    return ()


def plan(s: Seen, team: frozenset[str], env: Env) -> tuple[list[a.Action], list[str]]:
    """The notes and the record write that bring one request's handoff up to date."""
    _, actions, info = plan_request(s, team, env)
    return actions, info


def _claim(before: Record | None, after: Record, filed: tuple[Filed, ...]) -> Record:
    """`after`, with the newest filed handoff as its last one (tracked on that issue) unless the
    record knows it: claimed, already posted on the request, or older than a handoff seen since."""
    f = max(filed, key=lambda x: x.issue.iid, default=None)
    last = after.last
    if f is None or (last is not None and last.on == f.issue.iid):
        return after
    new = last is not None and last.n > (before.count if before else 0)
    if last is not None and f.same(last):  # the assignment seen this run is the filed one: not posted here
        return after.with_handoff(replace(last, on=f.issue.iid)) if new and last.on is None else after
    if last is not None and (new or (last.posted is not None and last.posted >= f.issue.created_at)):
        return after  # a handoff after the issue was filed: the newer one
    return after.with_handoff(Handoff(after.count + 1, f.outgoing, f.incoming, on=f.issue.iid))


def plan_request(s: Seen, team: frozenset[str], env: Env, filed: tuple[Filed, ...] = ()
                 ) -> tuple[Record | None, list[a.Action], list[str]]:
    """`plan`, with the open SA Handoff issues that name this request; also returns its record after."""
    if s.record is None and not s.sas and not filed:
        return None, [], []  # never had an SA: nothing to remember yet
    after = changed(s.record, s.sas)
    if after is None:
        before = previous_sas(s.notes or (), team, s.sas)
        after = changed(Record(before), s.sas) if before else Record(s.sas)
        assert after is not None
    after = _claim(s.record, after, filed)
    actions: list[a.Action] = []
    info: list[str] = []
    if after.last is not None and after.last.open and after.last.on is None:
        h, actions, info = _progress(s, after.last, env)
        after = after.with_handoff(h)
    if s.record is None or to_data(after) != to_data(s.record):  # posted, reminded: from the notes
        edit = a.DescriptionEdit(records=(("handoff", comment(after, env.key)),))
        actions.append(a.UpdateIssue(s.issue.iid, edit=edit))
    return after, actions, info


def _wait(env: Env, who: tuple[str, ...]) -> str | None:
    """None if a note mentioning `who` may go out now, else when their business hours open."""
    cal = env.calendar_of(who)
    if not env.settings.business_hours_only or cal is None or cal.is_open(env.now):
        return None
    return cal.format_local(cal.next_opening(env.now))


def progress(s: Seen, h: Handoff, env: Env) -> tuple[Handoff, list[a.Action], list[str]]:
    """Post the checklist, read its ticks, remind once, say done: the one handoff's lifecycle."""
    return _progress(s, h, env)


def _progress(s: Seen, h: Handoff, env: Env) -> tuple[Handoff, list[a.Action], list[str]]:
    iid, days, who = s.issue.iid, env.settings.remind_after_business_days, (*h.incoming, *h.outgoing)
    note = find_note(s.notes or (), n.checklist_marker(h.n), env.bot)
    if h.posted is None and note is not None:  # the checklist's own time (also one a dead run posted)
        h = replace(h, posted=note.created_at)
    if h.posted is None:
        wait = _wait(env, who)
        if wait:
            return h, [], [f"#{iid}: handoff {h.n} checklist waits for business hours ({wait})"]
        return replace(h, posted=env.now), [a.UpsertNote(iid, n.checklist_marker(h.n),
                                                         n.checklist(h, days))], []
    if note is None:
        return h, [], [f"#{iid}: the checklist note of handoff {h.n} is gone; nothing to track"]
    if find_note(s.notes or (), n.reminder_marker(h.n), env.bot) is not None:
        h = replace(h, reminded=True)
    done = ticked(note.body)
    if len(done) == len(STEPS):
        return replace(h, done=True), [a.UpsertNote(iid, n.done_marker(h.n), n.done(h))], []
    cal = env.calendar_of(who)
    if h.reminded or cal is None or h.posted is None or env.now < cal.add_business_days(h.posted, days):
        return h, [], []
    wait = _wait(env, who)
    if wait:
        return h, [], [f"#{iid}: handoff {h.n} reminder waits for business hours ({wait})"]
    return replace(h, reminded=True), [a.UpsertNote(iid, n.reminder_marker(h.n),
                                                    n.reminder(h, days, open_steps(done)))], []
