"""The closed requests' part in the weeks' figures, kept in each region's digest issue between runs.

Closed requests count only in the weekly time-to-triage and SLO attainment rows, and a closed
issue's part can change only with an update of the issue (which moves its `updated_at`). So each
region's digest issue keeps, in a signed record after the bot-owned block
(`<!-- sa-triage:digest-closed {...} sig=... -->`), what its closed requests contribute and when they
were read; a later run lists only the closed issues updated since then (less a margin for GitLab's
clock and concurrent writes) instead of the whole window. Without a usable record (a new weekly
issue, a lost or forged one, another window or calendar) the whole window is listed, as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bots import markers
from bots.config import Config
from bots.digest.collect import RequestView
from bots.slo.rules.triage import RULE as TRIAGE
from bots.slo.settings import slo_settings

KIND = "digest-closed"
MARGIN = timedelta(minutes=10)  # GitLab's clock and writes concurrent with the list


@dataclass(frozen=True)
class Entry:
    """One closed, triaged request's part in the weeks' stats (untriaged closed ones count nowhere)."""

    iid: int
    updated: datetime  # the updated_at when read: the entry leaves the window with it
    triaged_at: datetime
    hours: float
    due: datetime


@dataclass(frozen=True)
class Stored:
    """One region's record: its closed entries, the closed issues skipped (no signed state), and what
    they cover: closed issues updated since `since`, read at `as_of`, with calendars `tag`."""

    as_of: datetime
    since: datetime
    tag: str
    entries: tuple[Entry, ...]
    skipped: tuple[tuple[int, datetime], ...]  # (iid, updated_at)


def tag(cfg: Config) -> str:
    """What a stored triage due depends on besides the issue: the triage days and the calendars."""
    days = getattr(slo_settings(cfg).of(TRIAGE), "business_days", None)
    cals = sorted((name, r.calendar.timezone, r.calendar.countries, r.calendar.holiday_mode,
                   sorted(r.calendar.extra_days_off), sorted(r.calendar.weekend), r.calendar.open_time,
                   r.calendar.close_time, r.calendar.year_window) for name, r in cfg.regions.items())
    return hashlib.sha256(repr((days, cals)).encode()).hexdigest()[:16]


def _t(at: datetime) -> int | float:
    s = at.timestamp()  # exact to the microsecond through a float at today's epoch
    return int(s) if s.is_integer() else s


def _at(value: Any) -> datetime:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError("not a time")
    return datetime.fromtimestamp(value, UTC)


def comment(s: Stored, key: bytes) -> str:
    data = {"as_of": _t(s.as_of), "since": _t(s.since), "tag": s.tag,
            "closed": [[e.iid, _t(e.updated), _t(e.triaged_at), e.hours, _t(e.due)] for e in s.entries],
            "skipped": [[iid, _t(u)] for iid, u in s.skipped]}
    return markers.signed_comment(KIND, data, key)


def read(description: str | None, key: bytes) -> Stored | None:
    """The record in `description`, or None when absent, unreadable or not signed by us."""
    data = markers.read_signed_comment(description, KIND, key)
    if data is None:
        return None
    try:
        entries = tuple(Entry(int(i), _at(u), _at(t), float(h), _at(d)) for i, u, t, h, d in data["closed"])
        skipped = tuple((int(i), _at(u)) for i, u in data["skipped"])
        return Stored(_at(data["as_of"]), _at(data["since"]), str(data["tag"]), entries, skipped)
    except (KeyError, ValueError, TypeError, OverflowError, OSError):
        return None


def usable(s: Stored | None, since: datetime, now: datetime, cfg_tag: str) -> Stored | None:
    """The record if it covers this run's window: read no later than now, from no later than `since`,
    with today's calendars."""
    return s if s is not None and s.as_of <= now and s.since <= since and s.tag == cfg_tag else None


def list_since(stored: Iterable[Stored | None], since: datetime) -> datetime | None:
    """Where the list of closed issues starts: the oldest record's read less the margin, None (the whole
    window) when a region has no usable record."""
    records = list(stored)
    if not records or any(s is None for s in records):
        return None
    return max(since, min(s.as_of for s in records if s is not None) - MARGIN)


@dataclass(frozen=True)
class Listing:
    """This run's list of requests, as the records are merged with it."""

    fresh: tuple[tuple[RequestView, datetime], ...]  # closed views listed (every region), updated_at
    skipped: tuple[tuple[int, datetime], ...]  # closed issues listed without signed state
    listed: frozenset[int]  # of the records' issues, those listed: open ones, closed ones updated since
    incremental: bool  # only the closed issues updated since the records (else the whole window)
    since: datetime  # the window's start (closed issues updated since count)
    now: datetime
    tag: str


@dataclass(frozen=True)
class Merged:
    """What one region's digest uses of the closed requests not listed this run."""

    views: tuple[RequestView, ...]  # stored entries, as views that count only in the weeks' stats
    record: Stored  # the region's record to keep
    changed: bool  # it holds other entries than the stored one (the issue must be written)


def entry_of(v: RequestView, updated: datetime) -> Entry | None:
    if v.is_open or v.triaged_at is None or v.triage_hours is None:
        return None
    return Entry(v.iid, updated, v.triaged_at, v.triage_hours, v.triage_due)


def view_of(e: Entry, region: str) -> RequestView:
    """A closed request as `metrics.week_stats` reads it (the other fields count only for open ones)."""
    return RequestView(
        iid=e.iid, title="", url="", region=region, is_open=False, board_list=None, assignees=(),
        fast_track=False, labels=(), entered=e.triaged_at, meeting=None, meeting_type=None, segment=None,
        stage=None, triage_due=e.due, triaged_at=e.triaged_at, triage_hours=e.hours, tech_eval=None,
        waiting=False)


def mentioned(stored: Iterable[Stored | None]) -> set[int]:
    """The issues the records hold (entries, and skipped issues)."""
    return {x for s in stored if s is not None
            for x in (*(e.iid for e in s.entries), *(i for i, _ in s.skipped))}


def kept_skipped(stored: Iterable[Stored | None], run: Listing) -> tuple[tuple[int, datetime], ...]:
    """The closed issues without signed state: listed now, or kept by a record (unlisted, in the window)."""
    out: dict[int, datetime] = {}
    if run.incremental:
        out = {i: u for s in stored if s is not None for i, u in s.skipped
               if i not in run.listed and u >= run.since}
    out.update(run.skipped)
    return tuple(sorted(out.items()))


def merge(region: str, stored: Stored | None, run: Listing,
          skipped: tuple[tuple[int, datetime], ...]) -> Merged:
    """The region's record after this run: when only the closed issues updated since the records were
    listed, the stored entries of issues not listed (open now, or closed and updated since) and still in
    the window; then this run's closed views of the region. `stored`: the region's usable record."""
    kept = [e for e in (stored.entries if stored and run.incremental else ())
            if e.iid not in run.listed and e.updated >= run.since]
    mine = [e for v, u in run.fresh
            if v.region == region and u >= run.since and (e := entry_of(v, u)) is not None]
    entries = tuple(sorted(kept + mine, key=lambda e: e.iid))
    before = None if stored is None else (
        tuple(e for e in stored.entries if e.updated >= run.since),
        tuple(x for x in stored.skipped if x[1] >= run.since))
    record = Stored(run.now, run.since, run.tag, entries, skipped)
    return Merged(tuple(view_of(e, region) for e in kept), record, before != (entries, skipped))
