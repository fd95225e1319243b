"""When the mirror's notes that mention people may go out (their business hours), and what waited."""

from __future__ import annotations

from dataclasses import dataclass

from bots.job import Context
from bots.mirror.decide import request_calendar
from bots.quiet_hours import opens_for, waiting
from bots.sources.request import SARequest


@dataclass(frozen=True)
class Waits:
    """Which of a request's notes wait for business hours now, and the info lines that say so."""

    needs_info: bool = False
    region_unknown: bool = False
    info: tuple[str, ...] = ()


def teams(ctx: Context) -> list[str]:
    return [r.team for r in ctx.config.regions.values()]


def waits(req: SARequest, ctx: Context, ae_username: str | None, *, needs_info: bool,
          region_unknown: bool, where: str) -> Waits:
    """For the notes about to be planned: the needs-info note waits for the AE's business hours (else the
    request region's), the region-unknown note for the first team's. `where` names the issue."""
    info: list[str] = []
    fallback = request_calendar(req, ctx.config)
    ask = opens_for(ctx.config, (ae_username,), fallback, ctx.now) if needs_info else None
    if ask is not None:
        info.append(waiting(f"{where} needs-info note", ask))
    ask_teams = opens_for(ctx.config, teams(ctx), None, ctx.now) if region_unknown else None
    if ask_teams is not None:
        info.append(waiting(f"{where} region-unknown note", ask_teams))
    return Waits(ask is not None, ask_teams is not None, tuple(info))
