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
had it before). Writes: the checklist, one reminder, the "done" note, and the signed record
(`<!-- sa-triage:handoff {...} sig=... -->`), each once.
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
from bots.handoff.plan import Env, Seen, needs_notes, plan
from bots.handoff.settings import handoff_settings
from bots.job import Context, Plan
from bots.mirror.settings import mirror_settings
from bots.request_record import read_request


@dataclass(frozen=True)
class HandoffSnapshot:
    requests: tuple[Seen, ...]
    region_of: tuple[tuple[int, str], ...] = ()  # iid -> the request's region (fallback calendar)


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
        for issue in board.open_with(mirror_settings(ctx.config).label):
            request = read_request(issue, ctx.bot_username, ctx.state_key)
            if request is None:
                continue  # not a request the bot mirrored
            s = Seen(issue, tuple(sorted(set(issue.assignees) & team)),
                     rec.read(issue.description, ctx.state_key))
            seen.append(Seen(issue, s.sas, s.record, board.notes(issue.iid)) if needs_notes(s) else s)
            regions.append((issue.iid, request.region))
        return HandoffSnapshot(tuple(seen), tuple(regions))

    def plan(self, snap: HandoffSnapshot, ctx: Context) -> Plan:
        s = handoff_settings(ctx.config)
        if not s.enabled:
            return Plan(info=("handoffs are disabled (handoff.enabled: false)",))
        team, people, regions = team_of(ctx.config), calendars(ctx.config), dict(snap.region_of)
        actions: list[a.Action] = []
        info: list[str] = []
        problems: list[Problem] = []
        for seen in snap.requests:
            region = ctx.config.regions.get(regions.get(seen.issue.iid, ""))
            env = Env(ctx.now, ctx.bot_username, ctx.state_key, s,
                      _calendar_of(people, region.calendar if region else None))
            try:
                planned, lines = plan(seen, team, env)
            except Exception as e:  # one bad issue must not stop the run: report it and go on
                problems.append(Problem(f"issue #{seen.issue.iid}",
                                        f"no handoff check ({type(e).__name__}: {e})"))
                continue
            actions.extend(planned)
            info.extend(lines)
        read = sum(x.notes is not None for x in snap.requests)
        notes = sum(x.is_note for x in actions)
        info.insert(0, f"checked {len(snap.requests)} request(s) for SA handoffs; read the notes of {read}; "
                       f"{notes} note(s) to write")
        return Plan(tuple(actions), tuple(problems), tuple(info))
