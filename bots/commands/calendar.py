"""`sa-triage calendar due REGION TIME`: ask a region's business calendar directly (no network)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from bots.config import Config


@click.group()
def calendar() -> None:
    """Ask a region's business calendar (the one every SLO uses)."""


@calendar.command()
@click.argument("region")
@click.argument("time")
@click.option("--business-days", "days", default=1, show_default=True, type=click.IntRange(min=0),
              help="Business days after the clock start.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def due(ctx: click.Context, region: str, time: str, days: int, as_json: bool) -> int:
    """When something received at TIME in REGION is due (TIME: ISO 8601; without a zone, local time)."""
    from bots.jobs import load_config

    report = due_report(load_config(ctx.obj["config"]), region, time, days)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return 0
    click.echo(f"{report['region']} ({report['timezone']}), {days} business day(s)")
    for key, name in (("received", "received"), ("clock_start", "clock start"), ("due", "due")):
        click.echo(f"  {name:<12} {report[key]}  {report[key + '_local']}")
    if report["days_off"]:
        click.echo(f"  skipped      {'; '.join(report['days_off'])}")
    return 0


def due_report(cfg: Config, region: str, time: str, days: int) -> dict[str, Any]:
    """The received time, clock start and due time in ISO 8601 (with offset) and in local wording."""
    from bots.calendars import CalendarError, when
    from bots.errors import UsageError

    by_name = {k.lower(): r for k, r in cfg.regions.items()}
    found = cfg.regions.get(region) or by_name.get(region.lower())
    if found is None:
        raise UsageError(f"calendar due: unknown region {region!r}; known: {', '.join(cfg.regions)}")
    cal = found.calendar
    zone = ZoneInfo(cal.timezone)
    try:
        at = datetime.fromisoformat(time.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"calendar due: TIME is not an ISO-8601 time: {time!r} "
                         "(e.g. 2026-11-20T16:00 in the region's local time, or 2026-11-20T21:00Z)") from None
    at = at.replace(tzinfo=zone) if at.tzinfo is None else at
    try:
        start, due_at = cal.clock_start(at), cal.due(at, days)
    except CalendarError as e:
        raise UsageError(f"calendar due {found.name} {time}: {e}") from None
    out: dict[str, Any] = {"region": found.name, "timezone": cal.timezone, "business_days": days}
    for key, value in (("received", at), ("clock_start", start), ("due", due_at)):
        out[key] = value.astimezone(zone).isoformat()
        out[key + "_local"] = when(cal, value)
    first, last = start.astimezone(zone).date(), due_at.astimezone(zone).date()
    days_between = (first + timedelta(days=i) for i in range((last - first).days))
    out["days_off"] = [f"{d:%a %d %b}: {name}" for d in days_between if (name := cal.holiday_name(d))]
    return out
