"""What the SLO engine reads in an issue's notes: assignment times, reviewer mentions, follow-up notes,
and which reminder levels are open.

A reminder level is open while the bot's own note for it (its marker) says it is active. The note
carries that in a signed hidden line under its marker (`<!-- sa-triage:slo-note {"level":...,
"state":"active"} sig=... -->`), so a level opens and clears with a note post or edit and never with
a description edit (a note edit adds no "changed the description" entry to the feed). A note an
earlier version wrote has no such line: it is active unless its text says resolved or no longer
applies (the only endings the bot ever edits a reminder to). Only the bot's notes count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from bots import markers
from bots.mentions import mentions
from bots.model import Note
from bots.slo.messages import NoteState

STATE_KIND = "slo-note"  # the signed state line of a reminder note
_SETTLED = ("**Resolved:**", "**No longer applies:**")  # how the common resolved note starts

_ASSIGNED = re.compile(r"^assigned to @", re.I)


def human_notes(notes: Iterable[Note], bot: str) -> list[Note]:
    """Comments people wrote: neither system notes nor the bot's own."""
    return [n for n in notes if not n.system and n.author != bot]


def first_assignment(notes: Iterable[Note]) -> datetime | None:
    """When GitLab first recorded an assignment ("assigned to @x" system notes cannot be forged)."""
    times = [n.created_at for n in notes if n.system and _ASSIGNED.match(n.body.strip())]
    return min(times) if times else None


def second_reviewer(notes: Iterable[Note], *, bot: str, assignees: Iterable[str],
                    team: Iterable[str]) -> str | None:
    """A team member other than the assignees who commented on, or was @mentioned in, the request."""
    own = {a.lower() for a in assignees}
    members = {t.lower() for t in team} - own
    for n in sorted(human_notes(notes, bot), key=lambda x: x.created_at):
        if n.author.lower() in members:
            return n.author
        named = sorted(mentions(n.body) & members)
        if named and n.author.lower() in own | members:
            return named[0]
    return None


def follow_up_note(notes: Iterable[Note], *, bot: str, authors: Iterable[str], heading: str,
                   since: datetime) -> Note | None:
    """The first note after `since` by one of `authors` with the agreed Markdown heading."""
    who = {a.lower() for a in authors}
    pattern = re.compile(rf"^\s{{0,3}}#{{1,6}}\s*{re.escape(heading)}\b", re.I | re.M)
    for n in sorted(human_notes(notes, bot), key=lambda x: x.created_at):
        if n.created_at >= since and n.author.lower() in who and pattern.search(n.body):
            return n
    return None


def stamped(body: str, level: str, state: NoteState, key: bytes) -> str:
    """A reminder note (`body`: marker line, then text) with its signed state line under the marker."""
    marker, _, text = body.partition("\n")
    line = markers.signed_comment(STATE_KIND, {"level": level, "state": state.value}, key)
    return markers.with_record(marker, text, line)


def is_active(note: Note, level: str, key: bytes) -> bool:
    """Whether the bot's reminder note for `level` says the reminder is open."""
    data = markers.read_signed_comment(note.body, STATE_KIND, key)
    if data is not None and data.get("level") == level:
        return data.get("state") == NoteState.ACTIVE.value
    return not markers.visible_text(note.body).startswith(_SETTLED)  # a note from before the state line


def open_levels(notes: Iterable[Note], markers_of: Mapping[str, str], *, bot: str, key: bytes) -> set[str]:
    """The levels (of `markers_of`: level -> note marker) whose bot note is there and active."""
    seen = tuple(notes)
    return {level for level, marker in markers_of.items()
            if (note := markers.find_note(seen, marker, bot)) is not None and is_active(note, level, key)}
