"""The suggestion note: top candidates with their reasons and warnings, and the stretch candidate.

Usernames appear in code spans (shown, nobody notified: the team decides); every other value goes
through the template's escaping. The text depends only on the request, the roster, workload and PTO,
never on the time of the run, so an unchanged situation renders the same note and nothing is edited.
"""

from __future__ import annotations

import hashlib
from datetime import date
from importlib.resources import files
from typing import Any

from bots import markers
from bots.render import render, trusted
from bots.suggest.rank import Candidate, Suggestion

MARKER = markers.note_marker("suggest")
# Changes with the note's template, so a stored digest of a suggestion's inputs goes stale with it.
VERSION = hashlib.sha256((files("bots.messages") / "suggest_note.md.j2").read_bytes()).hexdigest()[:8]


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def code_name(username: str) -> Any:
    return trusted(f"`@{username}`")


def _skills(c: Candidate) -> str:
    return ", ".join(f"{m.skill} ({m.field}: “{m.word}”)" for m in c.skills)


def _workload(c: Candidate) -> str:
    of = f" of {c.capacity}" if c.capacity else " (capacity not set in the roster)"
    return f"workload: {c.open} open request{'s' if c.open != 1 else ''}{of}"


def _when(s: Suggestion) -> str:
    first, last = s.days
    if first == last:
        return f"the meeting day ({_day(first)})"
    why = "no meeting scheduled yet" if s.profile.meeting is None else "the meeting has passed"
    return f"the next days ({_day(first)} to {_day(last)}; {why})"


def reasons(c: Candidate, s: Suggestion) -> list[str]:
    out = [f"skills: {_skills(c)}" if c.skills else "no skill in the roster matches this Command Plan"]
    if not c.at_capacity:  # else the warning says it
        out.append(_workload(c))
    if c.away is None:
        out.append(f"no PTO on {_when(s)}")
    if s.profile.languages and not c.missing_languages:
        out.append("speaks " + ", ".join(x.title() for x in s.profile.languages))
    region = c.person.region or "no region"
    out.append(f"{region} team" if c.same_region else f"other region ({region}): the request's region has "
               "too few SAs free")
    return out


def warnings(c: Candidate, s: Suggestion) -> list[str]:
    out = []
    if c.away is not None:
        out.append(f"away {_day(c.away[0])} to {_day(c.away[1])}, over {_when(s)}")
    if c.at_capacity:
        over = "over" if c.open > c.capacity else "at"
        out.append(f"{over} capacity: {c.open} open requests for a capacity of {c.capacity}")
    if c.missing_languages:
        out.append("does not speak " + ", ".join(x.title() for x in c.missing_languages))
    return out


def _entry(c: Candidate, s: Suggestion) -> dict[str, Any]:
    return {"who": code_name(c.username), "name": c.person.name, "reasons": reasons(c, s),
            "warnings": warnings(c, s)}


def body(s: Suggestion, *, first_list: str, meeting: str | None, stretch_enabled: bool) -> str:
    """The note's visible text (`meeting`: the meeting in the region's local time, if any)."""
    p = s.profile
    needs = [f"region {p.region}", f"meeting {meeting}" if meeting else "no meeting scheduled yet"]
    if s.wanted:
        needs.append("the Command Plan calls for " + ", ".join(s.wanted))
    if p.languages:
        needs.append("language " + ", ".join(x.title() for x in p.languages))
    stretch = None
    if s.stretch is not None:
        stretch = {**_entry(s.stretch, s), "pair": code_name(s.top.username) if s.top else "a teammate"}
    return render("suggest_note.md.j2", needs=needs, candidates=[_entry(c, s) for c in s.candidates],
                  stretch=stretch, stretch_enabled=stretch_enabled,
                  unspoken=", ".join(x.title() for x in s.unspoken),
                  first_list=trusted(f"`{first_list}`")).strip()


def note(s: Suggestion, *, first_list: str, meeting: str | None, stretch_enabled: bool) -> str:
    """The whole note: marker line, then the text."""
    return markers.with_marker(MARKER, body(s, first_list=first_list, meeting=meeting,
                                            stretch_enabled=stretch_enabled))
