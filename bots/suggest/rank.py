"""Rank the SAs for one request: region first, then who is free (not away, under capacity), who speaks
the language the request needs, who has the skills its Command Plan calls for, and who has the least work.

Someone away or at capacity is only listed when the region has too few others, and always says so.
The stretch candidate is the handbook's "'No' is also a 'Yes'": an SA of the region, free, who knows
the least of this stack, to learn it with a second pair of eyes from the first candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bots.config import Person
from bots.forms.pto import Away, Window, away_between
from bots.suggest.profile import RequestProfile
from bots.suggest.settings import SuggestSettings
from bots.suggest.skills import SkillMatch, match_skills


@dataclass(frozen=True)
class Candidate:
    person: Person
    skills: tuple[SkillMatch, ...]  # the request's needs this person covers
    open: int  # open requests assigned to them now
    away: Window | None  # PTO overlapping the meeting (or the horizon when none is set)
    same_region: bool
    missing_languages: tuple[str, ...]  # languages the request needs that they do not speak

    @property
    def username(self) -> str:
        return self.person.username

    @property
    def capacity(self) -> int:
        return self.person.capacity  # 0: not set in the roster

    @property
    def at_capacity(self) -> bool:
        return self.capacity > 0 and self.open >= self.capacity

    @property
    def blocked(self) -> bool:
        return self.away is not None or self.at_capacity

    @property
    def load(self) -> float:
        return self.open / self.capacity if self.capacity else float(self.open)


@dataclass(frozen=True)
class Suggestion:
    profile: RequestProfile
    candidates: tuple[Candidate, ...]
    stretch: Candidate | None
    days: tuple[date, date]  # the days checked against PTO (the meeting day, or today + horizon)
    wanted: tuple[str, ...]  # roster skills the Command Plan calls for (anyone's)
    unspoken: tuple[str, ...] = ()  # needed languages nobody who takes requests speaks

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def _rank_key(c: Candidate) -> tuple[bool, bool, bool, int, float, int, str]:
    return (not c.same_region, c.blocked, bool(c.missing_languages), -len(c.skills), c.load, c.open,
            c.username)


def _stretch_key(c: Candidate) -> tuple[int, float, int, str]:
    return len(c.skills), c.load, c.open, c.username


def candidate(person: Person, profile: RequestProfile, workload: Mapping[str, int], away: Away,
              days: tuple[date, date], matches: Mapping[str, SkillMatch],
              regions: Iterable[str]) -> Candidate:
    """One person's fit; `matches` are the request's skill matches (found once per request)."""
    region_known = profile.region in set(regions)
    spoken = {x.lower() for x in person.languages}
    return Candidate(
        person=person,
        skills=tuple(matches[s] for s in dict.fromkeys(x.lower() for x in person.skills) if s in matches),
        open=workload.get(person.username.casefold(), 0),
        away=away_between(away, person.username, *days),
        same_region=not region_known or person.region == profile.region,
        missing_languages=tuple(x for x in profile.languages if x not in spoken))


def suggest(profile: RequestProfile, roster: Iterable[Person], workload: Mapping[str, int], away: Away,
            settings: SuggestSettings, days: tuple[date, date], regions: Iterable[str]) -> Suggestion:
    """The top candidates (and the stretch candidate) for one request; `workload` keys are case-folded."""
    regions = tuple(regions)
    people = [p for p in roster if p.role in settings.roles]
    known_skills = sorted({s.lower() for p in people for s in p.skills})
    found = match_skills(known_skills, profile.plan_text, dict(settings.keywords))
    matches = {m.skill: m for m in found}
    pool = [candidate(p, profile, workload, away, days, matches, regions) for p in people]
    if not settings.cross_region:
        pool = [c for c in pool if c.same_region]
    ranked = sorted(pool, key=_rank_key)
    top = tuple(ranked[:settings.top])
    rest = [c for c in ranked[settings.top:] if c.same_region and not c.blocked and not c.missing_languages]
    stretch = min(rest, key=_stretch_key) if settings.stretch and rest else None
    spoken = {x.lower() for p in people for x in p.languages}
    return Suggestion(profile, top, stretch, days, tuple(m.skill for m in found),
                      tuple(x for x in profile.languages if x not in spoken))


def auto_assignee(s: Suggestion, settings: SuggestSettings) -> str | None:
    """Who would be assigned when `auto_assign` is on: the first candidate, only if free and fitting."""
    c = s.top
    if not settings.auto_assign or c is None or c.blocked or c.missing_languages or not c.same_region:
        return None
    return c.username


def workload(assignees: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """Open requests per assignee (case-folded usernames), from each open request's assignees."""
    out: dict[str, int] = {}
    for names in assignees:
        for name in dict.fromkeys(n.casefold() for n in names):
            out[name] = out.get(name, 0) + 1
    return out
