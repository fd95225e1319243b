"""Facts about one mirrored SA request, from trusted sources only.

The SLO clock and the Salesforce fields come from the mirror's signed state (never from
`updated_at` or from text people can edit); triage, assignees and labels from GitLab itself; the
agenda from a section people write in the description; what the bot observed from its signed record.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from bots import markers
from bots.calendars import BusinessCalendar
from bots.config import Config, per_config
from bots.model import Issue, Note
from bots.request_record import read_request
from bots.slo import record as rec
from bots.slo.settings import SloSettings
from bots.sources.request import Segment, Stage


@functools.lru_cache(maxsize=4096)
def _label_set(labels: tuple[str, ...]) -> frozenset[str]:
    """One set per distinct label tuple: a board's requests share a few dozen (as their tuples do)."""
    return frozenset(labels)


@dataclass(frozen=True, slots=True)  # one per request for the run (shared by slo and digest)
class Facts:
    issue: Issue
    region: str  # "AMER", "EMEA" or "unknown"
    calendar: BusinessCalendar  # the region's (the first region's when unknown)
    team: tuple[str, ...]  # the regional team to mention (every team when the region is unknown)
    managers: tuple[str, ...]
    entered: datetime  # the Salesforce request time: the triage clock
    stage: Stage | None
    close: date | None
    meeting: datetime | None
    meeting_type: str | None
    segment: Segment | None
    net_arr: Decimal | None
    judgment: str  # "ok", "malformed", "missing" or "" (older state)
    ae: str | None
    fast_track: bool
    attendees: bool
    agenda: bool
    objectives: bool  # a section of the meeting's objectives (`slo.meeting_prep.objectives_heading`)
    first_list: str
    record: rec.Record
    record_found: bool
    notes: tuple[Note, ...] | None = None  # None: not read (reading costs a request)
    csm: bool = False  # Salesforce names a Customer Success Manager for the account
    csm_eligible: bool | None = None  # Salesforce's word on CSM eligibility (None: it says nothing)
    confirmed: frozenset[str] = frozenset()  # levels the bot's ledger confirms posted (bots.slo.ledger)
    # The ledger vouches that the notes are as they were when the bot found no evidence in them (a
    # second pair of eyes, a follow-up): the rules read "none" without them (bots.slo.ledger.quiet).
    quiet: bool = False

    @property
    def evidence(self) -> tuple[Note, ...] | None:
        """The notes a rule looks in for evidence: as read, none when the ledger vouches they hold
        none (`quiet`), or None when they are not read yet."""
        return () if self.notes is None and self.quiet else self.notes

    @property
    def iid(self) -> int:
        return self.issue.iid

    @property
    def assignees(self) -> tuple[str, ...]:
        return self.issue.assignees

    @property
    def labels(self) -> frozenset[str]:  # asked once per level and rule of every request
        return _label_set(self.issue.labels)

    @property
    def triaged_now(self) -> bool:
        """Handbook triage: an SA is assigned, or the team moved the issue off the first board list."""
        return bool(self.issue.assignees) or self.first_list not in self.issue.labels

    def with_notes(self, notes: tuple[Note, ...]) -> Facts:
        return replace(self, notes=notes)

    def with_record(self, record: rec.Record) -> Facts:
        return replace(self, record=record)


def has_section(description: str, heading: str) -> bool:
    """True if the text people wrote (outside the bot's block) has `heading` with something under it."""
    if "#" not in description:  # no heading at all (most requests): skip the block and the pattern
        return False
    current = markers.current_block(description)
    text = description.replace(current, "") if current else description
    pattern = re.compile(rf"^#{{1,6}}\s*{re.escape(heading)}\s*:?\s*#*\s*$", re.I | re.M)
    m = pattern.search(text)
    if not m:
        return False
    rest = text[m.end():]
    body = re.split(r"^#{1,6}\s", rest, maxsplit=1, flags=re.M)[0]
    return bool(re.sub(r"<!--.*?-->|_Replace with[^_]*_", "", body, flags=re.S).strip())


@per_config  # one tuple of each per region: a board's thousands of requests share a few
def region_recipients(cfg: Config, region_name: str,
                      ) -> tuple[BusinessCalendar, tuple[str, ...], tuple[str, ...]]:
    """A region's calendar, team and managers (every region's team and managers when it is unknown)."""
    region = cfg.regions.get(region_name)
    regions = [region] if region else list(cfg.regions.values())
    return regions[0].calendar, tuple(x.team for x in regions), tuple(m for x in regions for m in x.managers)


def from_issue(issue: Issue, cfg: Config, settings: SloSettings, key: bytes, bot: str) -> Facts | None:
    """The facts of one request the bot mirrored, or None (not the bot's issue, or no signed record)."""
    r = read_request(issue, bot, key)
    if r is None:
        return None
    calendar, team, managers = region_recipients(cfg, r.region)
    prep = settings.meeting_prep
    found = rec.read(issue.description, key)
    return Facts(
        issue=issue, region=r.region, calendar=calendar, team=team, managers=managers,
        entered=r.entered, stage=r.stage, close=r.close, meeting=r.meeting, meeting_type=r.meeting_type,
        segment=r.segment, net_arr=r.net_arr, judgment=r.judgment, ae=r.ae, fast_track=r.fast_track,
        attendees=r.attendees, agenda=has_section(issue.description, prep.agenda_heading),
        objectives=bool(prep.objectives_heading) and has_section(issue.description, prep.objectives_heading),
        first_list=cfg.board.first_list, record=found or rec.EMPTY, record_found=found is not None,
        csm=r.csm, csm_eligible=r.csm_eligible)
