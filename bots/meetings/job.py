"""`meetings`: one agenda issue ahead of each team meeting (handbook "Team Meetings"), closed after it.

Each agenda is filed `lead_days` ahead (default 14: the coming two weeks are on the board), carries a
hidden key marker (`meeting-<kind>-<nominal date>`, bots.meetings.cadence) and the `meetings.label`
label; a run finds the agendas already filed among the board's open issues and one list of the bot's
closed agendas of the window, so a re-run files nothing. The EMEA standup's triage list is refreshed
(a DescriptionEdit of the block) on each run before the meeting starts, only when it changed. After
a meeting: bots.meetings.after.

Cost per run: the board's one list of open issues, one paged list of the bot's recently closed
agendas, and the notes of an agenda whose meeting is over and whose description has no recording link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.config import Config
from bots.errors import Problem
from bots.job import Context, Plan
from bots.meetings import agenda as ag
from bots.meetings.after import After, needs_notes, plan_after
from bots.meetings.cadence import Occurrence, occurrence, rotation, upcoming
from bots.meetings.listing import peer_reviews, waiting_in_triage
from bots.meetings.settings import MeetingSpec, MeetingsSettings, meetings_settings
from bots.mirror.settings import mirror_settings
from bots.model import Issue, Note

STANDUP, GLOBAL = "emea-standup", "global"


@dataclass(frozen=True)
class MeetingsSnapshot:
    agendas: tuple[Issue, ...]  # the bot's agenda issues: open, and closed in the window
    requests: tuple[Issue, ...]  # open mirrored requests (peer review, triage lists)
    notes: dict[int, tuple[Note, ...]] = field(default_factory=dict)  # of agendas whose meeting is over


def parse_key(key: str) -> tuple[str, date] | None:
    """`meeting-global-2026-11-23` → ("global", 2026-11-23), or None."""
    if not key.startswith("meeting-") or len(key) < 19:
        return None
    try:
        return key[8:-11], date.fromisoformat(key[-10:])
    except ValueError:
        return None


def occurrence_of(issue: Issue, s: MeetingsSettings, cfg: Config, bot: str) -> Occurrence | None:
    parsed = parse_key(markers.find_issue_key(issue, bot) or "")
    spec = s.meeting(parsed[0]) if parsed else None
    if parsed is None or spec is None or spec.region not in cfg.regions:
        return None
    return occurrence(spec, parsed[1], cfg.regions[spec.region].calendar, s.on_holiday)


class MeetingsJob:
    name = "meetings"
    summary = "meeting agendas 2 weeks ahead (Global rotation, Demo Jam, Peer Review), closed once recorded"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> MeetingsSnapshot | None:
        s = meetings_settings(ctx.config)
        if not s.enabled:
            return None
        since = (ctx.now - timedelta(days=s.lead_days + 14)).isoformat()
        bot = board.bot_username
        agendas = tuple(i for i in (*board.open_with(s.label),
                                    *board.closed(labels=s.label, author_username=bot, created_after=since))
                        if i.author == bot)
        notes = {}
        for issue in agendas:
            o = occurrence_of(issue, s, ctx.config, bot) if issue.is_open else None
            if o is not None and needs_notes(issue, o, ctx.now):
                notes[issue.iid] = board.notes(issue.iid)
        return MeetingsSnapshot(agendas, board.open_with(mirror_settings(ctx.config).label), notes)

    def plan(self, snap: MeetingsSnapshot | None, ctx: Context) -> Plan:
        if snap is None:
            return Plan(info=("meeting agendas are disabled (meetings.enabled: false)",))
        s = meetings_settings(ctx.config)
        by_key: dict[str, Issue] = {}
        for issue in sorted(snap.agendas, key=lambda i: i.iid):
            by_key.setdefault(markers.find_issue_key(issue, ctx.bot_username) or "", issue)
        actions: list[a.Action] = []
        problems: list[Problem] = []
        filed: list[Occurrence] = []
        info: list[str] = []
        for o in due(s, ctx):
            if o.skipped:
                info.append(f"{o.spec.title} of {o.nominal:%a %d %b} skipped: {o.holiday}")
                continue
            planned = plan_one(o, by_key.get(o.key), snap, s, ctx)
            actions.extend(planned)
            filed += [o for x in planned if isinstance(x, a.CreateIssue)]
        lines = after_meetings(snap, s, ctx, actions, problems)
        info.insert(0, summary(filed, len(by_key) - ("" in by_key), actions, s))
        return Plan(tuple(actions), tuple(problems), (*info, *lines))


def due(s: MeetingsSettings, ctx: Context) -> list[Occurrence]:
    """Every enabled meeting's occurrences of the coming `lead_days`, by start."""
    found = [o for spec in s.meetings if spec.enabled and spec.region in ctx.config.regions
             for o in upcoming(spec, ctx.config.regions[spec.region].calendar, ctx.now, s.lead_days,
                               s.on_holiday)]
    return sorted(found, key=lambda o: (o.start, o.spec.kind))


def agenda_of(o: Occurrence, snap: MeetingsSnapshot, s: MeetingsSettings, ctx: Context) -> ag.Agenda:
    cfg, spec = ctx.config, o.spec
    cal = cfg.regions[spec.region].calendar
    others = tuple((n, r.calendar) for n, r in cfg.regions.items() if n != spec.region) \
        if spec.kind == GLOBAL else ()
    rot = rotation(spec, o.nominal, s.quarter_start_month) if spec.kind == GLOBAL else None
    reviews = peer_reviews(snap.requests, ctx.bot_username, ctx.state_key) \
        if rot is not None and rot.topic == "Peer Review" else ()
    labels = (cfg.board.first_list, f"region::{spec.region}")
    triage, more = waiting_in_triage(snap.requests, labels, ctx.bot_username, ctx.state_key, cal) \
        if spec.kind == STANDUP else (None, 0)
    return ag.Agenda(o, cal, others, rot, reviews, triage, labels if triage is not None else (), more)


def plan_one(o: Occurrence, existing: Issue | None, snap: MeetingsSnapshot, s: MeetingsSettings,
             ctx: Context) -> list[a.Action]:
    """File the agenda; refresh a standup's block before the meeting when its list changed."""
    if existing is not None and (o.spec.kind != STANDUP or not existing.is_open or ctx.now >= o.start):
        return []
    agenda = agenda_of(o, snap, s, ctx)
    if existing is None:
        return [a.CreateIssue(o.key, ag.title(agenda), ag.description(agenda, s), (s.label,))]
    content = ag.block(agenda, s)
    if markers.block_digest(existing.description) == markers.content_digest(content):
        return []
    return [a.UpdateIssue(existing.iid, edit=a.DescriptionEdit(block=content))]


def after_meetings(snap: MeetingsSnapshot, s: MeetingsSettings, ctx: Context, actions: list[a.Action],
                   problems: list[Problem]) -> list[str]:
    lines = []
    for issue in snap.agendas:
        o = occurrence_of(issue, s, ctx.config, ctx.bot_username) if issue.is_open else None
        if o is None:
            continue
        env = After(ctx.now, ctx.bot_username, timedelta(hours=s.remind_after_hours),
                    *organisers(o.spec, ctx.config))
        try:
            planned, line = plan_after(issue, o, snap.notes.get(issue.iid, ()), env)
        except Exception as e:  # one bad agenda must not stop the run: report it and go on
            problems.append(Problem(f"issue #{issue.iid}", f"no recording check ({type(e).__name__}: {e})"))
            continue
        actions.extend(planned)
        lines += [line] if line else []
    return lines


def organisers(spec: MeetingSpec, cfg: Config) -> tuple[tuple[str, ...], BusinessCalendar]:
    """Who is reminded of the recording (configured, else the region's managers), and whose hours count."""
    who = spec.organisers or cfg.regions[spec.region].managers
    person = next((p for p in (cfg.person(u) for u in who) if p and p.region in cfg.regions), None)
    return who, cfg.regions[person.region if person and person.region else spec.region].calendar


def summary(filed: list[Occurrence], known: int, actions: list[a.Action], s: MeetingsSettings) -> str:
    edits = sum(isinstance(x, a.UpdateIssue) and x.edit is not None for x in actions)
    tail = f"; {edits} standup triage list(s) refreshed" if edits else ""
    if not filed:
        return f"{known} agenda(s) on the board, none to file{tail}"
    first, last = filed[0].start, filed[-1].start
    listed = ", ".join(f"{ag.SHORT[o.spec.kind]} {o.start:%a} {o.start.day}" + (
        f" ({rotation(o.spec, o.nominal, s.quarter_start_month).topic})" if o.spec.kind == GLOBAL else "")
        for o in filed)
    return f"filed {len(filed)} agenda(s) for {first.day} {first:%b}–{last.day} {last:%b}: {listed}{tail}"
