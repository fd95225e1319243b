"""The `sa-triage-sandbox` command (also `python -m gitlab_sandbox`): the local GitLab sandbox and
the demo, on this machine only. Errors are handled as `sa-triage` handles them (bots.cli.start)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import click

from bots.cli import start
from bots.commands.console import debug_logging, output

from .demo import DEMO_NOW, run_demo
from .sandbox import serve as serve_sandbox


@click.group()
def cli() -> None:
    """A faithful local GitLab REST emulator, and the sa-triage demo that runs against it."""


@cli.command()
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="Load state from this JSON file (if it exists) and save it there on exit.")
@click.option("--premium", is_flag=True, help="Scoped labels exclusive, as on GitLab Premium.")
def serve(port: int, state: Path | None, premium: bool) -> int:
    """Serve the local GitLab sandbox on 127.0.0.1 until Ctrl-C."""
    click.echo(f"GitLab sandbox on http://127.0.0.1:{port}/api/v4 (Ctrl-C stops it)")
    serve_sandbox(port, state, premium)
    return 0


@cli.command()
@click.option("--config", "config_path", default="sa-triage.yml", show_default=True,
              envvar="SA_TRIAGE_CONFIG", help="Configuration file.")
@click.option("--keep-serving", is_flag=True, help="Keep the sandbox serving for a look around.")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Sandbox port (0: any free).")
@click.option("--out", "out_dir", default="out/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--now", default=None, help="Evaluate as of this ISO-8601 time (default: a Monday "
              "afternoon in November 2026, when the sample requests are due).")
@click.option("--debug", is_flag=True, help="Log every HTTP request of the bots (method, path, status).")
@click.option("--verbose", is_flag=True, help="Show every action of every bot, the history's runs too.")
@click.option("--history-weeks", default=6, show_default=True, type=click.IntRange(0, 12),
              help="Weeks of the team's work simulated before now (0: none, faster).")
def demo(config_path: str, keep_serving: bool, port: int, out_dir: Path, now: str | None,
         debug: bool, verbose: bool, history_weeks: int) -> int:
    """Seed a local sandbox, simulate six weeks of the team's work on it, run setup and every bot
    (twice), and show a summary per bot."""
    debug_logging(debug)
    return run_demo(config_path, output(), env=dict(os.environ), out_dir=out_dir, port=port,
                    keep_serving=keep_serving, now=now or DEMO_NOW, verbose=verbose,
                    weeks=history_weeks)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of `sa-triage-sandbox`."""
    start(cli, argv, "sa-triage-sandbox")
