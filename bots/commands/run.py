"""`sa-triage setup`, `run` and `validate`: the commands the pipelines run."""

from __future__ import annotations

import os

import click

from bots.commands.console import output


@click.command()
@click.option("--dry-run", is_flag=True, help="Print the plan; send no write request.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write plan and report.")
@click.pass_context
def setup(ctx: click.Context, dry_run: bool, json_path: str | None) -> int:
    """Create or update labels, the board and its lists, issue templates and pipeline schedules."""
    from bots import app  # lazily: `sa-triage --version` and `--help` need none of it

    return app.execute(ctx.obj["config"], None, env=dict(os.environ), out=output(),
                       dry_run=dry_run, json_path=json_path)


@click.command()
@click.argument("bots", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Print the plan; send no write request.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write plan and report.")
@click.option("--now", help="Evaluate as of this ISO-8601 time (default: now).")
@click.option("--max-writes", type=click.IntRange(min=0), help="Stop cleanly after N writes.")
@click.option("--baseline", is_flag=True,
              help="Go live quietly: record the reminders already due as held back; post none of them.")
@click.pass_context
def run(ctx: click.Context, bots: tuple[str, ...], dry_run: bool, json_path: str | None,
        now: str | None, max_writes: int | None, baseline: bool) -> int:
    """Run the named bots (all when none are named)."""
    from bots import app

    names = list(bots) or os.environ.get("SA_TRIAGE_BOTS", "").split()
    jobs = app.select_jobs(names)
    return app.execute(ctx.obj["config"], jobs, env=dict(os.environ), out=output(),
                       dry_run=dry_run, json_path=json_path, now=now, max_writes=max_writes,
                       baseline=baseline)


@click.command()
@click.option("--online", is_flag=True,
              help="Also ask GitLab (token scopes, role) and Salesforce (mapped fields exist).")
@click.pass_context
def validate(ctx: click.Context, online: bool) -> int:
    """Check the config, sources, schedules and issue templates, every problem at once (no network
    unless --online)."""
    from bots import app  # lazily: `sa-triage --version` and `--help` need none of it

    return app.validate(ctx.obj["config"], output(), env=dict(os.environ), online=online)
