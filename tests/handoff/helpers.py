"""Helpers for the handoff tests: a mirrored request as the bot sees it, and a fake board that applies
the bot's actions the way the gateway does (notes by marker, records into the description)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bots import actions as a
from bots.board import BoardSnapshot
from bots.handoff.job import HandoffJob
from bots.job import Plan
from bots.markers import find_note
from bots.model import Issue, Note
from tests.factories import BOT, context
from tests.slo.helpers import mirrored


@dataclass
class Fake:
    """One mirrored request and its notes; counts what the bot writes."""

    issue: Issue = field(default_factory=lambda: mirrored(iid=7))
    notes: list[Note] = field(default_factory=list)
    writes: int = 0
    notes_read: int = 0
    next_id: int = 100
    description_edits: int = 0  # each one a "changed the description" entry in the request's feed

    # -- the Source protocol, as much as the job uses ----------------------------------------
    bot_username = BOT

    def issues(self, **_: object) -> list[Issue]:
        return [self.issue]

    def notes_of(self, iid: int) -> list[Note]:
        self.notes_read += 1
        return list(self.notes)

    # -- what people do ------------------------------------------------------------------------
    def assign(self, *users: str, at: datetime) -> None:
        before = self.issue.assignees
        added = [f"@{u}" for u in users if u not in before]
        removed = [f"@{u}" for u in before if u not in users]
        parts = (["assigned to " + " and ".join(added)] if added else []) + (
            ["unassigned " + " and ".join(removed)] if removed else [])
        if parts:
            self.system(" and ".join(parts), at)
        self.issue = replace(self.issue, assignees=tuple(users))

    def system(self, body: str, at: datetime) -> None:
        self.next_id += 1
        self.notes.append(Note(self.next_id, "maria.garcia", body, at, at, system=True))

    def tick(self, marker: str, *texts: str) -> None:
        note = find_note(self.notes, marker, BOT)
        assert note is not None
        body = note.body
        for text in texts:
            body = body.replace(f"- [ ] {text}", f"- [x] {text}")
        self.notes = [replace(n, body=body) if n.id == note.id else n for n in self.notes]

    # -- the bot ---------------------------------------------------------------------------------
    def run(self, now: datetime) -> Plan:
        board = BoardSnapshot(_Source(self))
        ctx = context(now=now)
        job = HandoffJob()
        plan = job.plan(job.read(board, ctx), ctx)
        for action in plan.actions:
            self.apply(action, now)
        return plan

    def apply(self, x: a.Action, now: datetime) -> None:
        if isinstance(x, a.UpsertNote):
            found = find_note(self.notes, x.marker, BOT)
            if found is not None and found.body.strip() == x.body.strip():
                return
            self.writes += 1
            if found is None:
                self.next_id += 1
                self.notes.append(Note(self.next_id, BOT, x.body, now, now))
            else:
                self.notes = [replace(n, body=x.body) if n.id == found.id else n for n in self.notes]
        elif isinstance(x, a.UpdateIssue):
            self.writes += 1
            assert x.edit is not None and x.assignees is None and not x.add_labels
            edited = x.edit.apply(self.issue.description)
            self.description_edits += edited != self.issue.description
            self.issue = replace(self.issue, description=edited)

    def bot_notes(self, kind: str) -> list[Note]:
        return [n for n in self.notes if n.author == BOT and n.body.startswith(f"<!-- sa-triage:{kind} ")]


class _Source:
    def __init__(self, fake: Fake) -> None:
        self.fake = fake
        self.bot_username = BOT

    def issues(self, **_: object) -> list[Issue]:
        return [self.fake.issue]

    def notes(self, iid: int) -> list[Note]:
        return self.fake.notes_of(iid)


def later(at: datetime, **delta: float) -> datetime:
    return at + timedelta(**delta)
