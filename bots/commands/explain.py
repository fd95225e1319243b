"""`sa-triage explain ISSUE`: where each SLO of one issue stands, and why. Reads only; never writes."""

from __future__ import annotations

import json
import os

import click

from bots.commands.console import output


@click.command()
@click.argument("issue", type=click.IntRange(min=1))
@click.option("--now", help="Evaluate as of this ISO-8601 time (default: now).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in the README), nothing else.")
@click.pass_context
def explain(ctx: click.Context, issue: int, now: str | None, as_json: bool) -> int:
    """For one issue, each SLO: clock start, due time in local time, state, and why."""
    from bots import app
    from bots.errors import UsageError
    from bots.jobs import load_config
    from bots.slo.explain import explain_issue, explain_json

    cfg = load_config(ctx.obj["config"])
    out, env = output(), dict(os.environ)
    when = app.parse_now(now)
    gateway = app.open_gateway(cfg, env, out)
    key = app.state_key(cfg, env)
    found = list(gateway.issues(iids=[issue]))
    if not found:
        raise UsageError(f"issue #{issue} not found in {gateway.project_name}")
    notes = gateway.notes(issue)
    if as_json:
        data = explain_json(found[0], notes, cfg, gateway.bot_username, key, when)
        click.echo(out.redact(json.dumps(data, indent=2, ensure_ascii=False)))
        return 0
    for line in explain_issue(found[0], notes, cfg, gateway.bot_username, key, when):
        out.line(line)
    reads, writes = gateway.counter.snapshot()
    out.line(f"({reads} read(s), {writes} write(s))")
    return 0
