"""After a meeting: close its agenda once the recording link is in, else remind the organisers once.

The link is a `Recording: https://...` line: in the description (outside the bot's block, where the
agenda has that line to fill in) or in a person's comment. The reminder waits `remind_after_hours`
after the meeting's end and then for the organisers' business hours (the first organiser's region in
the roster, else the meeting's); its marker note is how a later run knows it went out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bots import actions as a
from bots import markers
from bots.calendars import BusinessCalendar, when
from bots.meetings.cadence import Occurrence
from bots.model import Issue, Note
from bots.render import render, trusted

REMINDER = markers.note_marker("meeting-recording")
_LINK = re.compile(r"^[\s>*_-]*recording[*_]*\s*:[\s*_]*<?(https?://[^\s>)]+)", re.I | re.M)


def link_in(text: str | None) -> str | None:
    """The recording link of a `Recording: <url>` line in `text`, or None."""
    m = _LINK.search(text or "")
    return m.group(1) if m else None


def recording_link(issue: Issue, notes: Iterable[Note], bot: str) -> str | None:
    """The link in the description outside the bot's block, else in a person's comment."""
    description = issue.description or ""
    block = markers.current_block(description)
    found = link_in(description.replace(block, "") if block else description)
    if found:
        return found
    people = (n for n in notes if n.author != bot and not n.system)
    return next((x for x in (link_in(n.body) for n in people) if x), None)


@dataclass(frozen=True)
class After:
    now: datetime
    bot: str
    remind_after: timedelta
    organisers: tuple[str, ...]
    calendar: BusinessCalendar  # whose business hours the reminder waits for


def needs_notes(issue: Issue, o: Occurrence, now: datetime) -> bool:
    """Whether the agenda's notes must be read: the meeting is over and the description has no link."""
    return now >= o.end and recording_link(issue, (), "") is None


def plan_after(issue: Issue, o: Occurrence, notes: tuple[Note, ...], env: After
               ) -> tuple[list[a.Action], str]:
    """Close, remind, or wait (with why); nothing before the meeting has ended."""
    if env.now < o.end:
        return [], ""
    if recording_link(issue, notes, env.bot):
        return [a.UpdateIssue(issue.iid, state_event="close")], f"#{issue.iid} closed (recording linked)"
    if markers.find_note(notes, REMINDER, env.bot) is not None or env.now < o.end + env.remind_after:
        return [], f"#{issue.iid} waits for its recording link"
    if not env.calendar.is_open(env.now):
        opens = when(env.calendar, env.calendar.next_opening(env.now))
        return [], f"#{issue.iid}: the recording reminder waits for business hours ({opens})"
    note = a.UpsertNote(issue.iid, REMINDER, reminder(o, env))
    return [note], f"#{issue.iid}: reminded of the recording link"


def reminder(o: Occurrence, env: After) -> str:
    mentions = " ".join(f"@{u}" for u in env.organisers)
    body = render("meeting_recording_reminder.md.j2", title=o.spec.title, when=when(env.calendar, o.start),
                  mentions=trusted(mentions)).strip()
    return markers.with_marker(REMINDER, body)
