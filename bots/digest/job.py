"""`digest`: one issue per region per week (or one pinned issue per region) with the triage figures.

Cost per run: one paged list each of the open `sa-request` issues, the ones closed in the weeks the
digest compares, the bot's digest issues, and the PTO coverage issues of the last year. No notes are
read. The digest is due from the weekly close (`digest.weekday` at `digest.hour`, region time); a run
later in the same week edits the issue only if a figure changed, so a re-run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.digest import markdown
from bots.digest.collect import FactsOf, RequestView, run_facts, views
from bots.digest.metrics import RegionDigest, build
from bots.digest.period import current
from bots.digest.settings import DigestSettings, digest_settings
from bots.forms.pto import Away
from bots.job import Context, Plan
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.suggest.job import read_away
from bots.suggest.settings import suggest_settings


@dataclass(frozen=True)
class DigestSnapshot:
    requests: tuple[Issue, ...]  # open sa-request issues and those closed in the compared weeks
    digests: tuple[Issue, ...]  # the bot's digest issues
    away: Away
    facts_of: FactsOf | None = None  # the run's SLO facts of a request (None: computed by the digest)


def settings_of(ctx: Context) -> DigestSettings:
    return digest_settings(ctx.config)


def regions_of(ctx: Context) -> tuple[str, ...]:
    s = settings_of(ctx)
    return tuple(r for r in ctx.config.regions if not s.regions or r in s.regions)


def read_snapshot(board: BoardSnapshot, ctx: Context, *, with_digests: bool = True) -> DigestSnapshot:
    s = settings_of(ctx)
    since = (ctx.now - timedelta(weeks=s.history_weeks + 2)).isoformat()
    requests = board.with_label(mirror_settings(ctx.config).label, updated_after=since)
    digests: tuple[Issue, ...] = ()
    if with_digests:
        bounds = {} if s.pinned else {"created_after": since}
        digests = tuple(i for i in board.with_label(s.label, author_username=board.bot_username, **bounds)
                        if i.author == board.bot_username)
    facts_of = run_facts(board, ctx.config, ctx.state_key, ctx.bot_username)
    return DigestSnapshot(requests, digests, read_away(board, ctx), facts_of)


def region_digests(snap: DigestSnapshot, ctx: Context) -> tuple[list[tuple[RegionDigest, Any]], list[int]]:
    """Each region's digest with its calendar, and the iids skipped (no signed state)."""
    cfg = ctx.config
    found, skipped = views(snap.requests, cfg, ctx.state_key, ctx.bot_username, ctx.now, snap.facts_of)
    out = []
    for region in regions_of(ctx):
        cal = cfg.regions[region].calendar
        out.append((digest_for(region, found, snap.away, cal, ctx), cal))
    return out, list(skipped)


def digest_for(region: str, found: tuple[RequestView, ...], away: Away, calendar: BusinessCalendar,
               ctx: Context) -> RegionDigest:
    s = settings_of(ctx)
    period = current(ctx.now, calendar.timezone, s.weekday, s.hour)
    return build(region, found, period=period, now=ctx.now, board=ctx.config.board.lists,
                 roster=ctx.config.roster, roles=suggest_settings(ctx.config).roles, away=away,
                 history_weeks=s.history_weeks, upcoming_days=s.upcoming_days,
                 near_breach_hours=s.near_breach_hours)


class DigestJob:
    name = "digest"
    summary = "weekly digest per region: open requests, SLOs, meetings, workload, time to triage"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> DigestSnapshot | None:
        return read_snapshot(board, ctx) if settings_of(ctx).enabled else None

    def plan(self, snap: DigestSnapshot | None, ctx: Context) -> Plan:
        if snap is None:
            return Plan(info=("the digest is disabled (digest.enabled: false)",))
        s = settings_of(ctx)
        by_key: dict[str, Issue] = {}
        for issue in sorted(snap.digests, key=lambda i: i.iid):
            key = markers.find_issue_key(issue, ctx.bot_username)
            if key:
                by_key.setdefault(key, issue)
        digests, skipped = region_digests(snap, ctx)
        actions: list[a.Action] = []
        info = []
        for d, cal in digests:
            key = f"digest-{d.region}" if s.pinned else f"digest-{d.region}-{d.period.key}"
            content = markdown.block(d, cal, key, pinned=s.pinned, upcoming_days=s.upcoming_days)
            title = markdown.title(d.region, d.period.key, s.pinned)
            planned = plan_region(key, title, content, d.region, by_key, s)
            actions.extend(planned)
            info.append(f"{d.region} {d.period.key}: {d.open_total} open, {len(d.waiting)} waiting, "
                        f"{len(d.breaches)} breach(es); {_verb(planned)}")
        if skipped:
            info.append(f"skipped {len(skipped)} sa-request issue(s) without readable signed state: "
                        + ", ".join(f"#{i}" for i in skipped))
        return Plan(tuple(actions), (), tuple(info))


def plan_region(key: str, title: str, content: str, region: str, by_key: dict[str, Issue],
                s: DigestSettings) -> list[a.Action]:
    """Create the region's digest, or edit it when its text changed; close last week's (weekly mode)."""
    existing = by_key.get(key)
    if existing is None:
        out: list[a.Action] = [a.CreateIssue(key, title, markers.owned_block(content) + "\n",
                                             (s.label, f"region::{region}"))]
        if not s.pinned and s.close_previous:
            prefix = f"digest-{region}-"
            out += [a.UpdateIssue(i.iid, state_event="close") for k, i in sorted(by_key.items())
                    if k.startswith(prefix) and k != key and i.is_open]
        return out
    if not existing.is_open:
        return []  # someone closed it: the team is done with it
    same = markers.block_digest(existing.description) == markers.content_digest(content)
    edit = None if same else a.DescriptionEdit(block=content)
    new_title = None if existing.title == title else title
    if edit is None and new_title is None:
        return []
    return [a.UpdateIssue(existing.iid, title=new_title, edit=edit)]


def _verb(planned: list[a.Action]) -> str:
    if not planned:
        return "up to date"
    return "create" if isinstance(planned[0], a.CreateIssue) else "update"
