"""`handoff`: when a mirrored request passes from one SA to another, the handbook's five SA-to-SA
handoff steps as a task list addressed to both, tracked until every box is ticked.

Handbook (Commercial Sales - Customer Success, "SA to SA (new accounts)"): update the SA name on the
account team in Salesforce; link the account notes, tech stack discoveries, technical briefs and
running call notes and share them with the new SA; introduce the new SA live on a client call;
update the POV record if a POV is pending or active; identify current action items as issues on the
Commercial SA Triage board.

Cost per run: nothing beyond the board's one list of open issues, except one paged notes list per
request whose SA changed hands, whose handoff is still open (its ticks are read from the checklist
note), or that the bot sees with an SA for the first time (GitLab's assignment system notes say who
had it before), and one per open SA Handoff issue (the forms bot reads the same list in the same
run: the board reads it once). Writes: the checklist, one reminder, the "done" note, and the signed
record (`<!-- sa-triage:handoff {...} sig=... -->`), each once.

A handoff filed as an SA Handoff issue (`bots.handoff.filed`) is the same one handoff: its checklist
goes on that issue, and the request it names (by the opportunity's key) records it, so the
assignment that goes with it posts no second checklist (and a handoff the request already posted is
not posted again on the issue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bots import actions as a
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.config import Config
from bots.errors import Problem
from bots.handoff import record as rec
from bots.handoff.filed import plan_filed, read_filed
from bots.handoff.plan import Env, Filed, Seen, needs_notes, plan_request
from bots.handoff.settings import handoff_settings
from bots.issue_templates import SA_HANDOFF
from bots.job import Context, Plan
from bots.mirror.settings import mirror_settings
from bots.request_record import read_request


@dataclass(frozen=True)
class HandoffSnapshot:
    requests: tuple[Seen, ...]
    region_of: tuple[tuple[int, str], ...] = ()  # iid -> the request's region (fallback calendar)
    filed: tuple[Filed, ...] = ()  # open SA Handoff issues naming two SAs, with their notes
    key_of: tuple[tuple[int, str], ...] = ()  # iid -> the request's key (the opportunity id)


def team_of(cfg: Config) -> frozenset[str]:
    roles = set(handoff_settings(cfg).roles)
    return frozenset(p.username for p in cfg.roster if p.role in roles)


def calendars(cfg: Config) -> dict[str, BusinessCalendar]:
    return {p.username: cfg.regions[p.region].calendar for p in cfg.roster if p.region in cfg.regions}


def _calendar_of(people: dict[str, BusinessCalendar], fallback: BusinessCalendar | None
                 ) -> Callable[[tuple[str, ...]], BusinessCalendar | None]:
    """Business hours that count for a note: the first recipient's own region, else the request's."""
    def of(who: tuple[str, ...]) -> BusinessCalendar | None:
        return next((people[u] for u in who if u in people), fallback)
    return of


class HandoffJob:
    name = "handoff"
    summary = "SA-to-SA handoff checklist when a request changes SA: both SAs, ticks tracked, one reminder"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> HandoffSnapshot:
        if not handoff_settings(ctx.config).enabled:
            return HandoffSnapshot(())
        team = team_of(ctx.config)
        seen: list[Seen] = []
        regions: list[tuple[int, str]] = []
        keys: list[tuple[int, str]] = []
        filed = [f for f in (read_filed(i, team, ctx.now, board.notes(i.iid))
                             for i in board.open_with(SA_HANDOFF.label)) if f is not None]
        for issue in board.open_with(mirror_settings(ctx.config).label):
            request = read_request(issue, ctx.bot_username, ctx.state_key)
            if request is None:
                continue  # not a request the bot mirrored
            s = Seen(issue, tuple(sorted(set(issue.assignees) & team)),
                     rec.read(issue.description, ctx.state_key))
            seen.append(Seen(issue, s.sas, s.record, board.notes(issue.iid)) if needs_notes(s) else s)
            regions.append((issue.iid, request.region))
            keys.append((issue.iid, request.key))
        return HandoffSnapshot(tuple(seen), tuple(regions), tuple(filed), tuple(keys))

    @staticmethod
    def _env(ctx: Context, people: dict[str, BusinessCalendar], region_name: str) -> Env:
        region = ctx.config.regions.get(region_name)
        return Env(ctx.now, ctx.bot_username, ctx.state_key, handoff_settings(ctx.config),
                   _calendar_of(people, region.calendar if region else None))

    def plan(self, snap: HandoffSnapshot, ctx: Context) -> Plan:
        if not handoff_settings(ctx.config).enabled:
            return Plan(info=("handoffs are disabled (handoff.enabled: false)",))
        people = calendars(ctx.config)
        actions: list[a.Action] = []
        info: list[str] = []
        problems: list[Problem] = []
        after = self._plan_requests(snap, ctx, people, actions, info, problems)
        for f in snap.filed:  # after the requests: their records say which handoffs they track
            record, iid = after.get(f.key, (None, None)) if f.key else (None, None)
            planned, lines = plan_filed(f, record, iid, self._env(ctx, people, ""))
            actions.extend(planned)
            info.extend(lines)
        read = sum(x.notes is not None for x in snap.requests)
        notes = sum(x.is_note for x in actions)
        filed = f" and {len(snap.filed)} SA Handoff issue(s)" if snap.filed else ""
        info.insert(0, f"checked {len(snap.requests)} request(s){filed} for SA handoffs; "
                       f"read the notes of {read}; {notes} note(s) to write")
        return Plan(tuple(actions), tuple(problems), tuple(info))

    def _plan_requests(self, snap: HandoffSnapshot, ctx: Context, people: dict[str, BusinessCalendar],
                       actions: list[a.Action], info: list[str], problems: list[Problem]
                       ) -> dict[str, tuple[rec.Record | None, int | None]]:
        """Plan each request (with the SA Handoff issues naming it); its record after, by key."""
        team, regions, keys = team_of(ctx.config), dict(snap.region_of), dict(snap.key_of)
        by_key: dict[str, list[Filed]] = {}
        for f in snap.filed:
            by_key.setdefault(f.key or "", []).append(f)
        after: dict[str, tuple[rec.Record | None, int | None]] = {}
        for seen in snap.requests:
            env = self._env(ctx, people, regions.get(seen.issue.iid, ""))
            key = keys.get(seen.issue.iid, "")
            filed = tuple(by_key.get(key, ())) if key else ()
            try:
                record, planned, lines = plan_request(seen, team, env, filed)
            except Exception as e:  # one bad issue must not stop the run: report it and go on
                problems.append(Problem(f"issue #{seen.issue.iid}",
                                        f"no handoff check ({type(e).__name__}: {e})"))
                continue
            after.setdefault(key, (record, seen.issue.iid))
            actions.extend(planned)
            info.extend(lines)
        return after
