"""`digest`: one issue per region per week (or one pinned issue per region) with the triage figures.

Cost per run: one paged list each of the open `sa-request` issues, the closed issues updated since
the digests' records of the closed requests (`bots.digest.closed`; without them, the closed requests
of the weeks the digest compares), the bot's digest issues, and the PTO coverage issues of the last
year. No notes are read. The digest is due from the weekly close (`digest.weekday` at `digest.hour`,
region time); a run later in the same week edits the issue only if a figure changed (or a closed
request's part in them: its record), so a re-run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.digest import closed, markdown
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
    # True: `requests` holds the closed issues updated since the digests' records only (the records
    # hold the others), and `listed` those of the records' issues listed now; False: every closed one
    # of the window.
    incremental: bool = False
    listed: frozenset[int] = frozenset()


def settings_of(ctx: Context) -> DigestSettings:
    return digest_settings(ctx.config)


def regions_of(ctx: Context) -> tuple[str, ...]:
    s = settings_of(ctx)
    return tuple(r for r in ctx.config.regions if not s.regions or r in s.regions)


def window_start(ctx: Context) -> datetime:
    """Closed requests updated since then count in the weeks the digest compares."""
    return ctx.now - timedelta(weeks=settings_of(ctx).history_weeks + 2)


def region_key(region: str, ctx: Context) -> str:
    s = settings_of(ctx)
    if s.pinned:
        return f"digest-{region}"
    period = current(ctx.now, ctx.config.regions[region].calendar.timezone, s.weekday, s.hour)
    return f"digest-{region}-{period.key}"


def digests_by_key(digests: tuple[Issue, ...], bot: str) -> dict[str, Issue]:
    by_key: dict[str, Issue] = {}
    for issue in sorted(digests, key=lambda i: i.iid):
        key = markers.find_issue_key(issue, bot)
        if key:
            by_key.setdefault(key, issue)
    return by_key


def stored_records(digests: tuple[Issue, ...], ctx: Context) -> dict[str, closed.Stored | None]:
    """Each region's usable record of its closed requests, from its current digest issue."""
    by_key, since, tag = digests_by_key(digests, ctx.bot_username), window_start(ctx), closed.tag(ctx.config)
    out: dict[str, closed.Stored | None] = {}
    for region in regions_of(ctx):
        issue = by_key.get(region_key(region, ctx))
        stored = closed.read(issue.description, ctx.state_key) if issue else None
        out[region] = closed.usable(stored, since, ctx.now, tag)
    return out


def read_snapshot(board: BoardSnapshot, ctx: Context, *, with_digests: bool = True) -> DigestSnapshot:
    s = settings_of(ctx)
    since = window_start(ctx).isoformat()
    digests: tuple[Issue, ...] = ()
    if with_digests:
        bounds = {} if s.pinned else {"created_after": since}
        digests = tuple(i for i in board.with_label(s.label, author_username=board.bot_username, **bounds)
                        if i.author == board.bot_username)
    label = mirror_settings(ctx.config).label
    stored = stored_records(digests, ctx).values() if digests else ()
    start = closed.list_since(stored, window_start(ctx)) if digests else None
    facts_of = run_facts(board, ctx.config, ctx.state_key, ctx.bot_username)
    if start is None:
        requests = board.with_label(label, updated_after=since)
        return DigestSnapshot(requests, digests, read_away(board, ctx), facts_of)
    # Every closed issue updated since, whatever its labels: one that lost the label leaves the record.
    updated = board.closed(updated_after=start.isoformat())
    requests = (*board.open_with(label), *(i for i in updated if label in i.labels))
    # Of the issues the records hold, those listed now (open, or closed and updated since): not a
    # set of every open issue of the board.
    fresh = {i.iid for i in updated}
    listed = frozenset(i for i in closed.mentioned(stored) if i in fresh or board.is_open(i))
    return DigestSnapshot(requests, digests, read_away(board, ctx), facts_of, True, listed)


def region_digests(snap: DigestSnapshot, ctx: Context) -> tuple[list[tuple[RegionDigest, Any]], list[int]]:
    """Each region's digest with its calendar, and the iids skipped (no signed state)."""
    digests, skipped = _region_digests(snap, ctx)
    return [(d, cal) for d, cal, _ in digests], skipped


def _region_digests(snap: DigestSnapshot, ctx: Context
                    ) -> tuple[list[tuple[RegionDigest, Any, closed.Merged]], list[int]]:
    """Each region's digest with its calendar and its record of closed requests, and the iids skipped."""
    cfg = ctx.config
    found, skipped = views(snap.requests, cfg, ctx.state_key, ctx.bot_username, ctx.now, snap.facts_of)
    updated = {i.iid: i.updated_at for i in snap.requests if not i.is_open}
    listing = closed.Listing(
        fresh=tuple((v, updated[v.iid]) for v in found if not v.is_open),
        skipped=tuple((i, updated[i]) for i in skipped if i in updated), listed=snap.listed,
        incremental=snap.incremental, since=window_start(ctx), now=ctx.now, tag=closed.tag(cfg))
    stored = stored_records(snap.digests, ctx)
    kept_skipped = closed.kept_skipped(stored.values(), listing)
    out = []
    for region in regions_of(ctx):
        cal = cfg.regions[region].calendar
        merged = closed.merge(region, stored[region], listing, kept_skipped)
        out.append((digest_for(region, (*found, *merged.views), snap.away, cal, ctx), cal, merged))
    return out, sorted({*skipped, *(i for i, _ in kept_skipped)})


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
        by_key = digests_by_key(snap.digests, ctx.bot_username)
        digests, skipped = _region_digests(snap, ctx)
        actions: list[a.Action] = []
        info = []
        for d, cal, merged in digests:
            key = f"digest-{d.region}" if s.pinned else f"digest-{d.region}-{d.period.key}"
            content = markdown.block(d, cal, key, pinned=s.pinned, upcoming_days=s.upcoming_days)
            title = markdown.title(d.region, d.period.key, s.pinned)
            record = (closed.KIND, closed.comment(merged.record, ctx.state_key))
            planned = plan_region(key, title, content, d.region, by_key, s, record, merged.changed)
            actions.extend(planned)
            info.append(f"{d.region} {d.period.key}: {d.open_total} open, {len(d.waiting)} waiting, "
                        f"{len(d.breaches)} breach(es); {_verb(planned)}")
        if skipped:
            info.append(f"skipped {len(skipped)} sa-request issue(s) without readable signed state: "
                        + ", ".join(f"#{i}" for i in skipped))
        return Plan(tuple(actions), (), tuple(info))


def plan_region(key: str, title: str, content: str, region: str, by_key: dict[str, Issue],
                s: DigestSettings, record: tuple[str, str], record_changed: bool) -> list[a.Action]:
    """Create the region's digest, or edit it when its text or the closed requests in its `record`
    changed (the record goes along with any edit); close last week's (weekly mode)."""
    existing = by_key.get(key)
    if existing is None:
        text = markers.put_signed_comment(markers.owned_block(content) + "\n", *record)
        out: list[a.Action] = [a.CreateIssue(key, title, text, (s.label, f"region::{region}"))]
        if not s.pinned and s.close_previous:
            prefix = f"digest-{region}-"
            out += [a.UpdateIssue(i.iid, state_event="close") for k, i in sorted(by_key.items())
                    if k.startswith(prefix) and k != key and i.is_open]
        return out
    if not existing.is_open:
        return []  # someone closed it: the team is done with it
    same = markers.block_digest(existing.description) == markers.content_digest(content)
    new_title = None if existing.title == title else title
    if same and not record_changed and new_title is None:
        return []
    return [a.UpdateIssue(existing.iid, title=new_title,
                          edit=a.DescriptionEdit(block=None if same else content, records=(record,)))]


def _verb(planned: list[a.Action]) -> str:
    if not planned:
        return "up to date"
    return "create" if isinstance(planned[0], a.CreateIssue) else "update"
