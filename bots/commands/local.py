"""Commands that work on this machine only: the local GitLab sandbox and the demo."""

from __future__ import annotations

import os
from pathlib import Path

import click

from bots.commands.console import output


@click.command()
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="Load state from this JSON file (if it exists) and save it there on exit.")
@click.option("--premium", is_flag=True, help="Scoped labels exclusive, as on GitLab Premium.")
def sandbox(port: int, state: Path | None, premium: bool) -> int:
    """Serve the local GitLab sandbox on 127.0.0.1 until Ctrl-C."""
    from bots.sandbox import serve

    click.echo(f"GitLab sandbox on http://127.0.0.1:{port}/api/v4 (Ctrl-C stops it)")
    serve(port, state, premium)
    return 0


@click.command()
@click.option("--keep-serving", is_flag=True, help="Keep the sandbox serving for a look around.")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Sandbox port (0: any free).")
@click.option("--out", "out_dir", default="out/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--now", default=None, help="Evaluate as of this ISO-8601 time (default: a Monday "
              "afternoon in November 2026, when the sample requests are due).")
@click.pass_context
def demo(ctx: click.Context, keep_serving: bool, port: int, out_dir: Path, now: str | None) -> int:
    """Seed a local sandbox with sample data, run setup and every bot (twice), and show the result."""
    from bots.demo import DEMO_NOW, run_demo

    return run_demo(ctx.obj["config"], output(), env=dict(os.environ), out_dir=out_dir, port=port,
                    keep_serving=keep_serving, now=now or DEMO_NOW)


@click.command()
@click.pass_context
def templates(ctx: click.Context) -> int:
    """Write templates/issue_templates/*.md from the form definitions (then commit them)."""
    from bots import config as config_mod
    from bots.forms import write_templates

    cfg = config_mod.load(ctx.obj["config"])
    for path in write_templates(cfg.base_dir / cfg.gitlab.templates_dir):
        click.echo(f"wrote {path}")
    return 0
