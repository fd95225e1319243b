"""Every figure of one region's digest, computed from request views at one moment (pure, deterministic).

Time to triage is in business hours (the SLO bot's record); p50 and p90 are nearest-rank percentiles
of the requests triaged in a week. Triage SLO attainment counts the requests whose triage fell due in
a week: met when triaged by the due time (an open request still untriaged after it counts as missed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bots.config import Person
from bots.digest.collect import RequestView
from bots.digest.period import Period
from bots.forms.pto import Away, Window, away_between

BREACH_LABELS = ("slo::triage-escalated", "slo::triage-breached", "slo::tech-eval-breached")
OFF_BOARD = "no board list"


@dataclass(frozen=True)
class WeekStats:
    label: str  # "W47"
    period: Period
    triaged: int
    p50: float | None
    p90: float | None
    due: int  # requests whose triage fell due in the week
    met: int  # ...triaged by then

    @property
    def attainment(self) -> float | None:
        return 100.0 * self.met / self.due if self.due else None


@dataclass(frozen=True)
class Load:
    username: str
    name: str
    open: int
    capacity: int  # 0: not set
    away: Window | None  # PTO in the week after the close
    in_roster: bool = True

    @property
    def percent(self) -> float | None:
        return 100.0 * self.open / self.capacity if self.capacity else None


@dataclass(frozen=True)
class Flag:
    view: RequestView
    what: str  # e.g. "triage overdue", "escalated to the manager", "technical evaluation at risk"
    at: datetime | None  # the due time or deadline


@dataclass(frozen=True)
class RegionDigest:
    region: str
    period: Period
    now: datetime
    lists: tuple[tuple[str, int], ...]  # board list (in board order, then OFF_BOARD) -> open requests
    open_total: int
    waiting: tuple[RequestView, ...]
    fast_track: tuple[RequestView, ...]
    breaches: tuple[Flag, ...]
    near: tuple[Flag, ...]
    meetings: tuple[RequestView, ...]
    tech_eval: tuple[RequestView, ...]
    workload: tuple[Load, ...]
    weeks: tuple[WeekStats, ...]  # oldest first; the last one is the reporting week
    unknown_region: int  # open requests of unknown region, shown in every region's digest
    meetings_until: datetime


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (`q` in 0..1): always one of the values, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def week_stats(views: Iterable[RequestView], period: Period, now: datetime) -> WeekStats:
    views = list(views)
    hours = [v.triage_hours for v in views
             if v.triage_hours is not None and period.contains(v.triaged_at)]
    due = [v for v in views if period.contains(v.triage_due) and v.triage_due <= now
           and (v.triaged_at is not None or v.is_open)]
    met = sum(1 for v in due if v.triaged_at is not None and v.triaged_at <= v.triage_due)
    return WeekStats(period.label, period, len(hours), percentile(hours, 0.5), percentile(hours, 0.9),
                     len(due), met)


def _breaches(views: Iterable[RequestView], now: datetime) -> tuple[Flag, ...]:
    """Triage overdue or escalated, technical evaluation deadline passed: computed, or as labelled."""
    out = []
    for v in views:
        overdue = v.waiting and v.triaged_at is None and now >= v.triage_due
        if "slo::triage-escalated" in v.labels:
            out.append(Flag(v, "triage escalated to the manager", v.triage_due))
        elif overdue or "slo::triage-breached" in v.labels:
            out.append(Flag(v, "triage overdue", v.triage_due))
        passed = v.tech_eval is not None and v.tech_eval.status == "breached"
        if passed or "slo::tech-eval-breached" in v.labels:
            deadline = v.tech_eval.deadline if v.tech_eval else None
            out.append(Flag(v, "technical evaluation deadline passed", deadline))
    return tuple(out)


def _near(views: Iterable[RequestView], now: datetime, hours: int) -> tuple[Flag, ...]:
    out = []
    soon = now + timedelta(hours=hours)
    for v in views:
        if v.waiting and v.triaged_at is None and now < v.triage_due <= soon:
            out.append(Flag(v, "triage due soon", v.triage_due))
        if v.tech_eval and v.tech_eval.status == "at risk":
            out.append(Flag(v, "technical evaluation at risk", v.tech_eval.deadline))
    return tuple(out)


def workload(region: str, open_views: Sequence[RequestView], everyone_open: Iterable[RequestView],
             roster: Iterable[Person], roles: Iterable[str], away: Away, period: Period) -> tuple[Load, ...]:
    """Open assigned requests per SA of the region (and anyone else assigned to its requests)."""
    counts: dict[str, int] = {}
    for v in everyone_open:
        for name in dict.fromkeys(a.casefold() for a in v.assignees):
            counts[name] = counts.get(name, 0) + 1
    first, last = period.end.date(), period.end.date() + timedelta(days=6)
    people = [p for p in roster if p.role in set(roles) and p.region == region]
    known = {p.username.casefold() for p in roster}
    extra = sorted({a for v in open_views for a in v.assignees if a.casefold() not in known})
    loads = [Load(p.username, p.name, counts.get(p.username.casefold(), 0), p.capacity,
                  away_between(away, p.username, first, last)) for p in people]
    loads += [Load(u, u, counts.get(u.casefold(), 0), 0, away_between(away, u, first, last), False)
              for u in extra]
    return tuple(loads)


def build(region: str, views: Sequence[RequestView], *, period: Period, now: datetime, board: Sequence[str],
          roster: Iterable[Person], roles: Iterable[str], away: Away, history_weeks: int = 4,
          upcoming_days: int = 7, near_breach_hours: int = 4) -> RegionDigest:
    """The digest of `region` (requests of unknown region are shown in every region's lists)."""
    mine = [v for v in views if v.region == region]
    open_views = [v for v in views if v.is_open and v.region in (region, "unknown")]
    lists = [(name, sum(1 for v in open_views if v.board_list == name)) for name in board]
    lists.append((OFF_BOARD, sum(1 for v in open_views if v.board_list is None)))
    until = period.end + timedelta(days=upcoming_days)
    ahead = max(period.end, now)  # a meeting already held is not ahead
    meetings = sorted((v for v in open_views if v.meeting and ahead <= v.meeting < until),
                      key=lambda v: (v.meeting, v.iid))
    tech = sorted((v for v in open_views if v.tech_eval), key=lambda v: (v.tech_eval.deadline, v.iid)
                  if v.tech_eval else (now, v.iid))
    weeks = tuple(week_stats(mine, period.before(k), now) for k in range(history_weeks, -1, -1))
    return RegionDigest(
        region=region, period=period, now=now, lists=tuple(x for x in lists if x[0] != OFF_BOARD or x[1]),
        open_total=len(open_views), waiting=tuple(v for v in open_views if v.waiting),
        fast_track=tuple(v for v in open_views if v.fast_track), breaches=_breaches(open_views, now),
        near=_near(open_views, now, near_breach_hours), meetings=tuple(meetings), tech_eval=tuple(tech),
        workload=workload(region, open_views, (v for v in views if v.is_open), roster, roles, away, period),
        weeks=weeks, unknown_region=sum(1 for v in open_views if v.region == "unknown"), meetings_until=until)
