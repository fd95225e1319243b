"""One plain view per mirrored request, from trusted sources only: the mirror's signed state (via the
SLO engine's `facts`), the SLO bot's signed record (time to triage), and GitLab's labels and assignees."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bots.board import BoardSnapshot
from bots.config import Config
from bots.model import Issue
from bots.sanitize import WORD_JOINER
from bots.slo import record as rec
from bots.slo.facts import Facts, from_issue
from bots.slo.rules import tech_eval
from bots.slo.rules.tech_eval import TechEvalSettings
from bots.slo.rules.triage import RULE as TRIAGE
from bots.slo.rules.triage import TriageSettings
from bots.slo.rules.triage import due as triage_due
from bots.slo.settings import slo_settings

TITLE_PREFIX = "SA Request: "


@dataclass(frozen=True)
class TechEval:
    status: str  # "at risk" or "breached"
    deadline: datetime


@dataclass(frozen=True, slots=True)  # one per request of the board
class RequestView:
    iid: int
    title: str  # the issue's title as GitLab has it (untrusted): `plain` is what the digest shows
    url: str
    region: str  # "AMER", "EMEA" or "unknown"
    is_open: bool
    board_list: str | None  # the board list label it is in, if any
    assignees: tuple[str, ...]
    fast_track: bool
    labels: tuple[str, ...]
    entered: datetime  # the Salesforce request time
    meeting: datetime | None
    meeting_type: str | None
    segment: str | None
    stage: str | None
    triage_due: datetime
    triaged_at: datetime | None  # from the SLO record
    triage_hours: float | None  # business hours from request to triage (SLO record)
    tech_eval: TechEval | None  # only when at risk or breached
    waiting: bool  # in the first board list, nobody assigned

    @property
    def plain(self) -> str:
        """"Account — Opportunity", plain (untrusted) text: made only for the few requests listed, not
        kept for every request of the board."""
        return plain_title(self.title)


def plain_title(title: str) -> str:
    """The issue title without the mirror's prefix and escapes (rendering escapes it again)."""
    text = title.removeprefix(TITLE_PREFIX).replace(WORD_JOINER, "")
    return re.sub(r"\\([<>])", r"\1", text) if "\\" in text else text


@dataclass(frozen=True)
class Run:
    """What every view of one digest shares, read once (not once per request)."""

    triage: TriageSettings
    tech_eval: TechEvalSettings
    lists: tuple[str, ...]  # the board's lists, first list first
    now: datetime

    @classmethod
    def of(cls, cfg: Config, now: datetime) -> Run:
        s = slo_settings(cfg)
        return cls(s.of(TRIAGE), s.of(tech_eval.RULE), cfg.board.lists, now)


def _tech_eval(f: Facts, run: Run) -> TechEval | None:
    """The tech-eval SLO's due level, as its check would find it (its dates only: no checks built)."""
    dates = tech_eval.open_dates(f, run.tech_eval)
    if dates is None:
        return None
    warn, deadline = dates
    return (TechEval("breached", deadline) if run.now >= deadline else
            TechEval("at risk", deadline) if run.now >= warn else None)


FactsOf = Callable[[Issue], Facts | None]  # a request's SLO facts (None: not a request the bot mirrored)


def run_facts(board: BoardSnapshot, cfg: Config, key: bytes, bot: str) -> FactsOf:
    """The facts of a request as the SLO bot found them earlier in this run (`BoardSnapshot.derived`:
    computed once per issue per run, whichever bot asks first)."""
    s = slo_settings(cfg)
    return lambda issue: board.derived(from_issue, issue, cfg, s, key, bot)


def view_of(issue: Issue, f: Facts | None, run: Run) -> RequestView | None:
    """The view of one mirrored issue from its facts `f`, or None when it has no state signed by the bot."""
    if f is None:
        return None
    triage = rec.triage_time(f.record)  # the SLO bot's record, as `f` read it (none: an empty one)
    due = triage.due if triage and triage.due else triage_due(f, run.triage)
    board = _board_list(issue.labels, run.lists)
    return RequestView(
        iid=issue.iid, title=issue.title, url=issue.web_url, region=f.region,
        is_open=issue.is_open, board_list=board, assignees=issue.assignees, fast_track=f.fast_track,
        labels=issue.labels, entered=f.entered, meeting=f.meeting, meeting_type=f.meeting_type,
        segment=f.segment.value if f.segment else None, stage=f.stage.value if f.stage else None,
        triage_due=due, triaged_at=triage.triaged_at if triage else None,
        triage_hours=triage.business_hours if triage else None,
        tech_eval=_tech_eval(f, run) if issue.is_open else None,
        waiting=issue.is_open and not issue.assignees and board == run.lists[0])


def _board_list(labels: tuple[str, ...], lists: tuple[str, ...]) -> str | None:
    """The first board list (in the board's order) whose label the issue has."""
    for name in lists:
        if name in labels:
            return name
    return None


def views(issues: Iterable[Issue], cfg: Config, key: bytes, bot: str, now: datetime,
          facts_of: FactsOf | None = None) -> tuple[tuple[RequestView, ...], tuple[int, ...]]:
    """Views of the bot's mirrored issues (each once, by iid), and the iids skipped (no signed state, or
    state the view cannot be made from). `facts_of`: the run's facts of an issue (else computed here)."""
    run = Run.of(cfg, now)
    s = slo_settings(cfg)
    facts = facts_of or (lambda issue: from_issue(issue, cfg, s, key, bot))
    out: dict[int, RequestView] = {}
    skipped: list[int] = []
    for issue in issues:
        if issue.author != bot or issue.iid in out:
            continue
        try:
            v = view_of(issue, facts(issue), run)
        except Exception:  # one odd issue must not hide the whole digest: it is listed as skipped
            v = None
        if v is None:
            skipped.append(issue.iid)
        else:
            out[issue.iid] = v
    return tuple(out[i] for i in sorted(out)), tuple(sorted(set(skipped)))
