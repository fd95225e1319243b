"""What the SLO engine reads in an issue's notes: assignment times, reviewer mentions, follow-up notes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from bots.mentions import mentions
from bots.model import Note

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
