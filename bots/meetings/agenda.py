"""The agenda issue's text: title, the bot-owned block (re-rendered to refresh a standup's triage list)
and, below it, the sections people fill in (async contributions, the recording link), written once.

Request titles come from Salesforce and are escaped by the template; usernames are in code spans, so
an agenda notifies nobody; references, dates and figures are composed here from records and config.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bots import markers
from bots.calendars import BusinessCalendar, when
from bots.meetings.cadence import Occurrence, Rotation
from bots.meetings.settings import MeetingsSettings
from bots.render import render, trusted

PURPOSE = {  # the handbook's "Purpose" of each meeting
    "global": "Discuss global initiatives, share best practices, and align on cross-regional topics.",
    "amer-team": "Connect as a team, discuss any ongoing initiatives, share updates, provide feedback, "
                 "foster open discussions.",
    "emea-team": "Connect as a team, discuss any ongoing initiatives, regional priorities, share updates, "
                 "and address any pressing issues.",
    "manager-sync": "Discuss team performance, address any challenges, and align on priorities for the "
                    "upcoming weeks, months, quarters.",
    "emea-standup": "Quick check-in to discuss workload, ongoing tasks, blockers, priorities for the week, "
                    "and triage any open SA Requests.",
}
SHORT = {"global": "Global", "amer-team": "AMER team", "emea-team": "EMEA team",
         "manager-sync": "Manager Sync", "emea-standup": "EMEA standup"}
ITEMS = {
    "global": ("Global initiatives and cross-regional topics", "Best practices to share",
               "Second half (see below)"),
    "amer-team": ("Ongoing initiatives", "Updates", "Feedback and open discussion"),
    "emea-team": ("Ongoing initiatives", "Regional priorities", "Updates", "Pressing issues"),
    "manager-sync": ("Team performance", "Challenges", "Priorities for the upcoming weeks, months, quarters"),
    "emea-standup": ("Workload and ongoing tasks", "Blockers", "Priorities for the week",
                     "Triage of the open SA requests (below)"),
}
REVIEW_RULE = ("open requests in 3-Technical Evaluation or 4-Proposal with an SA assigned, the largest "
               "Net ARR first")


@dataclass(frozen=True)
class Listed:
    """A request shown on an agenda: its issue, its (untrusted) title, and a detail line we composed."""

    iid: int
    title: str
    detail: str


@dataclass(frozen=True)
class Agenda:
    occurrence: Occurrence
    calendar: BusinessCalendar  # the meeting's region
    others: tuple[tuple[str, BusinessCalendar], ...] = ()  # the other regions (the Global meeting)
    rotation: Rotation | None = None
    reviews: tuple[Listed, ...] = ()
    triage: tuple[Listed, ...] | None = None  # the standup's list
    triage_labels: tuple[str, ...] = ()
    triage_more: int = 0  # waiting in triage beyond those listed


def title(agenda: Agenda) -> str:
    o = agenda.occurrence
    topic = f" ({agenda.rotation.topic})" if agenda.rotation else ""
    return f"{o.spec.title}: {o.start:%a} {o.start.day} {o.start:%b %Y}{topic}"


def block(agenda: Agenda, s: MeetingsSettings) -> str:
    """The bot-owned block's content: the key marker (one agenda per meeting), then the agenda."""
    o = agenda.occurrence
    text = render(
        "meeting_agenda.md.j2", title=o.spec.title, when=when(agenda.calendar, o.start),
        minutes=o.spec.minutes,
        elsewhere=trusted(_elsewhere(agenda)), moved=trusted(_moved(agenda)) if o.moved else "",
        purpose=PURPOSE[o.spec.kind], rotation=_rotation(agenda.rotation), items=ITEMS[o.spec.kind],
        slots=range(1, s.demo_jam_slots + 1), playlist_url=trusted(s.demo_jam_playlist_url),
        reviews=[_listed(x) for x in agenda.reviews], review_rule=REVIEW_RULE,
        outcomes_url=trusted(s.peer_review_outcomes_url),
        triage=None if agenda.triage is None else [_listed(x) for x in agenda.triage],
        triage_labels=trusted(", ".join(f"`{x}`" for x in agenda.triage_labels)),
        triage_more=agenda.triage_more)
    return markers.issue_key_marker(o.key) + "\n" + text.strip()


def description(agenda: Agenda, s: MeetingsSettings) -> str:
    """A new agenda issue's description: the block, then the sections people fill in."""
    return markers.owned_block(block(agenda, s)) + "\n\n" + render("meeting_footer.md.j2")


def _elsewhere(agenda: Agenda) -> str:
    return " · ".join(f"{name}: {when(cal, agenda.occurrence.start)}" for name, cal in agenda.others)


def _moved(agenda: Agenda) -> str:
    o = agenda.occurrence
    return (f"{o.nominal:%a} {o.nominal.day} {o.nominal:%b} ({o.holiday}, not a business day in "
            f"{o.spec.region}) to the next business day")


def _rotation(r: Rotation | None) -> dict[str, Any] | None:
    if r is None:
        return None
    first, last = r.quarter
    return {"topic": r.topic, "index": r.index, "count": len(r.plan), "plan": ", ".join(r.plan),
            "quarter": f"{first:%b %Y} to {last:%b %Y}"}


def _listed(x: Listed) -> dict[str, Any]:
    return {"ref": trusted(f"#{x.iid}"), "title": x.title, "detail": trusted(x.detail)}
