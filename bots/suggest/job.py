"""`suggest`: for each request waiting in triage, one note with the best-placed SAs and why.

Cost per run: one paged list of the open `sa-request` issues (waiting requests and everyone's
workload) and one paged list of the PTO coverage issues of the last year. No notes are read: the
digest of the note the bot last posted is kept in a signed record in the issue description
(`<!-- sa-triage:suggest {...} sig=... -->`), so a request whose suggestion did not change costs
nothing; one that changed costs the note's re-check (one read) and two writes (note, record).
Once someone is assigned (or the request leaves the first list) its note is left as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.config import Person
from bots.errors import Problem
from bots.forms.pto import PTO_LABEL, Away, away_windows
from bots.job import Context, Plan
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.quiet_hours import opens_for, waiting
from bots.suggest import note as n
from bots.suggest.days import horizon, local_day
from bots.suggest.profile import profile_of
from bots.suggest.rank import auto_assignee, suggest, workload
from bots.suggest.settings import SuggestSettings, suggest_settings

RECORD = "suggest"  # the kind of the signed record that remembers the last note's digest


@dataclass(frozen=True)
class SuggestSnapshot:
    requests: tuple[Issue, ...]  # every open sa-request issue (for workload)
    waiting: tuple[Issue, ...]  # those waiting in triage
    away: Away


def settings_of(ctx: Context) -> SuggestSettings:
    return suggest_settings(ctx.config)


def is_waiting(issue: Issue, ctx: Context) -> bool:
    """Waiting in triage: open, made by the bot, in the first board list, nobody assigned."""
    return (issue.is_open and issue.author == ctx.bot_username and not issue.assignees
            and ctx.config.board.first_list in issue.labels)


def read_away(board: BoardSnapshot, ctx: Context) -> Away:
    """PTO windows from the PTO coverage issues filed in the last year (open or closed)."""
    since = ctx.now - timedelta(days=366)
    filed = board.with_label(PTO_LABEL, created_after=since.isoformat())
    issues = [i for i in filed if i.created_at >= since]
    known = frozenset(p.username for p in ctx.config.roster)
    return away_windows(issues, ctx.now.date(), known)


class SuggestJob:
    name = "suggest"
    summary = "suggest SAs for requests waiting in triage (skills, workload, PTO, region, language)"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> SuggestSnapshot:
        if not settings_of(ctx).enabled:
            return SuggestSnapshot((), (), {})
        requests = board.open_with(mirror_settings(ctx.config).label)
        waiting = tuple(i for i in requests if is_waiting(i, ctx))
        return SuggestSnapshot(requests, waiting, read_away(board, ctx) if waiting else {})

    def plan(self, snap: SuggestSnapshot, ctx: Context) -> Plan:
        s = settings_of(ctx)
        if not s.enabled:
            return Plan(info=("suggestions are disabled (suggestions.enabled: false)",))
        load = workload(i.assignees for i in snap.requests)
        shared = shared_inputs(load, snap.away, s, ctx)
        spoken = spoken_languages(ctx)
        people = candidates(ctx)
        actions: list[a.Action] = []
        info: list[str] = []
        problems: list[Problem] = []
        for issue in snap.waiting:
            try:
                planned, line = plan_issue(issue, snap.away, load, s, ctx, shared, spoken, people)
            except Exception as e:  # one bad issue must not stop the run: report it and go on
                problems.append(Problem(f"issue #{issue.iid}", f"no suggestion ({type(e).__name__}: {e})"))
                continue
            actions.extend(planned)
            if line:
                info.append(line)
        info.insert(0, f"{len(snap.waiting)} request(s) waiting in triage; {len(actions)} note(s) to write")
        return Plan(tuple(actions), tuple(problems), tuple(info))


def shared_inputs(load: dict[str, int], away: Away, s: SuggestSettings, ctx: Context) -> str:
    """A digest of what every request's suggestion depends on besides the request (once per run)."""
    cfg = ctx.config
    zones = sorted((k, r.calendar.timezone) for k, r in cfg.regions.items())
    parts = (repr(cfg.roster), repr(s), cfg.board.first_list, repr(sorted(load.items())),
             repr(sorted(away.items())), repr(zones), n.VERSION)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def candidates(ctx: Context) -> tuple[Person, ...]:
    """The roster's people a suggestion may name: never the bot's own account (a roster that lists
    it by mistake would have the bot suggest, and with auto_assign assign, itself)."""
    bot = ctx.bot_username.lower()
    return tuple(p for p in ctx.config.roster if p.username.lower() != bot)


def spoken_languages(ctx: Context) -> frozenset[str]:
    """The languages the roster speaks (lower case)."""
    return frozenset(x.lower() for p in ctx.config.roster for x in p.languages)


def plan_issue(issue: Issue, away: Away, load: dict[str, int], s: SuggestSettings, ctx: Context,
               shared: str = "", spoken: frozenset[str] | None = None,
               people: tuple[Person, ...] | None = None) -> tuple[list[a.Action], str | None]:
    """The note for one waiting request (nothing when it already says the same), and an info line.

    A request whose inputs (its profile, the days checked, and `shared`) are those the signed record
    was written from is neither ranked nor rendered again: its note would read the same.
    """
    cfg = ctx.config
    spoken = spoken_languages(ctx) if spoken is None else spoken
    profile = profile_of(issue, ctx.state_key, spoken, ctx.bot_username)
    if profile is None:
        return [], f"#{issue.iid}: no signed state from the mirror; no suggestion"
    calendar = _calendar(ctx, profile.region)
    tz = getattr(calendar, "timezone", "UTC")
    today = local_day(ctx.now, tz)
    day = local_day(profile.meeting, tz) if profile.meeting else None
    days = (day, day) if day and day >= today else horizon(today, s.away_horizon_days)
    passed = bool(day and day < today)
    inputs = hashlib.sha256(f"{shared}|{profile!r}|{days!r}|{passed}".encode()).hexdigest()[:16]
    record = markers.read_signed_comment(issue.description, RECORD, ctx.state_key)
    if shared and record is not None and record.get("inputs") == inputs:
        return [], None
    found = suggest(profile, candidates(ctx) if people is None else people, load, away, s, days, cfg.regions)
    meeting = calendar.format_local(profile.meeting) if profile.meeting and calendar else None
    if meeting and passed:
        meeting += " (passed)"
    body = n.note(found, first_list=cfg.board.first_list, meeting=meeting, stretch_enabled=s.stretch)
    who = auto_assignee(found, s)  # only with suggestions.auto_assign, and only a free, fitting SA
    # The note names the SAs (and an auto-assignment notifies one): it waits for their business hours.
    named = (who, *(c.person.username for c in found.candidates))
    opens = opens_for(cfg, named, calendar, ctx.now) if record is None or who else None
    if opens is not None:
        return [], waiting(f"#{issue.iid} suggestion note", opens)
    line = f"#{issue.iid}: assigning `{who}` (suggestions.auto_assign)" if who else None
    digest = hashlib.sha256(body.strip().encode()).hexdigest()[:16]
    actions: list[a.Action] = []
    edit = None
    # Written only when the note changes (never a write that nobody can see); while the inputs
    # differ from the record's but the note reads the same, the request is ranked again each run.
    if record is None or record.get("note") != digest:
        # The note first: if the run dies before the record is written, the next run plans both
        # again and the gateway's re-check finds the note already up to date.
        actions.append(a.UpsertNote(issue.iid, n.MARKER, body))
        data = {"note": digest, "inputs": inputs} if shared else {"note": digest}
        edit = a.DescriptionEdit(records=((RECORD, markers.signed_comment(RECORD, data, ctx.state_key)),))
    if edit is not None or who:
        actions.append(a.UpdateIssue(issue.iid, edit=edit,
                                     assignees=(who,) if who else None))
    return actions, line


def _calendar(ctx: Context, region: str) -> BusinessCalendar | None:
    known = ctx.config.regions.get(region) or next(iter(ctx.config.regions.values()), None)
    return known.calendar if known else None
