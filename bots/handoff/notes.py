"""The handoff bot's notes: the checklist, the one reminder, and "done" (bots/messages/handoff_*.j2)."""

from __future__ import annotations

from collections.abc import Iterable

from bots import markers
from bots.handoff.record import Handoff
from bots.handoff.steps import STEPS
from bots.render import render, trusted


def checklist_marker(n: int) -> str:
    return markers.note_marker("handoff", str(n))


def reminder_marker(n: int) -> str:
    return markers.note_marker("handoff-reminder", str(n))


def done_marker(n: int) -> str:
    return markers.note_marker("handoff-done", str(n))


def _mentions(users: Iterable[str]) -> str:
    return " ".join(f"@{u}" for u in users)


def _shown(users: Iterable[str]) -> str:
    """`@a` in code spans: named, nobody notified (the "done" note needs nobody's attention)."""
    return ", ".join(f"`@{u}`" for u in users)


def checklist(h: Handoff, days: int) -> str:
    body = render("handoff_checklist.md.j2", n=h.n, days=days, filed=h.on is not None,
                  outgoing=trusted(_mentions(h.outgoing)), incoming=trusted(_mentions(h.incoming)),
                  steps=[trusted(text) for _, text in STEPS]).strip()
    return markers.with_marker(checklist_marker(h.n), body)


def reminder(h: Handoff, days: int, open_steps: tuple[str, ...]) -> str:
    body = render("handoff_reminder.md.j2", n=h.n, days=days,
                  mentions=trusted(_mentions((*h.incoming, *h.outgoing))),
                  steps=[trusted(text) for text in open_steps]).strip()
    return markers.with_marker(reminder_marker(h.n), body)


def done(h: Handoff) -> str:
    body = render("handoff_done.md.j2", n=h.n, outgoing=trusted(_shown(h.outgoing)),
                  incoming=trusted(_shown(h.incoming))).strip()
    return markers.with_marker(done_marker(h.n), body)
