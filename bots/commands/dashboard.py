"""`sa-triage dashboard --out DIR`: the static dashboard (index and one page per region). Reads only."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import click

from bots.commands.console import output
from bots.output import Output


@click.command()
@click.option("--out", "out_dir", default="public", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Directory for the HTML pages.")
@click.option("--now", help="Evaluate as of this ISO-8601 time (default: now).")
@click.pass_context
def dashboard(ctx: click.Context, out_dir: Path, now: str | None) -> int:
    """Write static HTML pages with the digest's figures and charts (for GitLab Pages)."""
    write_dashboard(ctx.obj["config"], out_dir, env=dict(os.environ), out=output(), now=now)
    return 0


def write_dashboard(config_path: str, out_dir: Path, *, env: dict[str, str], out: Output,
                    now: str | None) -> list[Path]:
    """Read the board through the gateway and write the pages; returns the files written."""
    from bots import app
    from bots.board import BoardSnapshot
    from bots.digest import dashboard as pages
    from bots.digest.job import read_snapshot, region_digests
    from bots.job import Context
    from bots.jobs import load_config

    cfg = load_config(config_path)
    for w in cfg.warnings:
        out.line(f"warning: {w}")
    when = app.parse_now(now)
    gateway = app.open_gateway(cfg, env, out)
    run = Context(cfg, when, gateway.bot_username, cfg.base_dir, env,
                  app.state_key(cfg, env))
    snap = gateway.guarded("dashboard: reading", partial(read_snapshot, with_digests=False),
                           BoardSnapshot(gateway), run)
    digests, skipped = region_digests(snap, run)
    written = list(pages.write(out_dir, digests, when))
    for path in written:
        out.line(f"wrote {path}")
    if skipped:
        out.line(f"skipped {len(skipped)} sa-request issue(s) without signed state")
    reads, writes = gateway.counter.snapshot()
    out.line(f"({reads} read(s), {writes} write(s))")
    return written
