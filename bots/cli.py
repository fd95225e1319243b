"""The `sa-triage` command: a thin click layer over bots.app; one error handler for all commands."""

from __future__ import annotations

import logging
import os
import sys
import traceback

import click

from bots import app
from bots.errors import EXIT_UNEXPECTED, EXIT_USAGE, SaTriageError
from bots.output import Output, Redactor

_redactor = Redactor()


def _output() -> Output:
    _redactor.add(os.environ.get("GITLAB_TOKEN"))
    return Output(ci=os.environ.get("GITLAB_CI") == "true", redact=_redactor)


@click.group()
@click.option("--config", "config_path", default="sa-triage.yml", show_default=True,
              envvar="SA_TRIAGE_CONFIG", help="Configuration file.")
@click.option("--debug", is_flag=True, help="Log every HTTP request (method, path, status).")
@click.pass_context
def cli(ctx: click.Context, config_path: str, debug: bool) -> None:
    """GitLab-native automation for the Commercial SA team's triage board."""
    ctx.obj = {"config": config_path}
    _debug_logging(debug)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Print the plan; send no write request.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write plan and report.")
@click.pass_context
def setup(ctx: click.Context, dry_run: bool, json_path: str | None) -> int:
    """Create or update labels, the board and its lists, issue templates and pipeline schedules."""
    return app.execute(ctx.obj["config"], None, env=dict(os.environ), out=_output(),
                       dry_run=dry_run, json_path=json_path)


@cli.command()
@click.argument("bots", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Print the plan; send no write request.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write plan and report.")
@click.option("--now", help="Evaluate as of this ISO-8601 time (default: now).")
@click.option("--max-writes", type=click.IntRange(min=0), help="Stop cleanly after N writes.")
@click.pass_context
def run(ctx: click.Context, bots: tuple[str, ...], dry_run: bool, json_path: str | None,
        now: str | None, max_writes: int | None) -> int:
    """Run the named bots (all when none are named)."""
    names = list(bots) or os.environ.get("SA_TRIAGE_BOTS", "").split()
    jobs = app.select_jobs(names)
    return app.execute(ctx.obj["config"], jobs, env=dict(os.environ), out=_output(),
                       dry_run=dry_run, json_path=json_path, now=now, max_writes=max_writes)


@cli.command()
@click.pass_context
def validate(ctx: click.Context) -> int:
    """Check the config, issue templates and schedules (no network)."""
    return app.validate(ctx.obj["config"], _output())


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _redactor(super().format(record))


def _debug_logging(enabled: bool) -> None:
    """Our own request log (method, path, status: never headers) on stderr, secrets masked.

    urllib3's and python-gitlab's debug logs are not enabled: they can carry headers.
    """
    _redactor.add(os.environ.get("GITLAB_TOKEN"))
    logger = logging.getLogger("sa-triage")
    for old in [h for h in logger.handlers if isinstance(h.formatter, _RedactingFormatter)]:
        logger.removeHandler(old)
    if not enabled:
        logger.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("%(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def main(argv: list[str] | None = None) -> None:
    """Entry point: expected errors → one line and exit 1 or 2; anything else → traceback, exit 3."""
    from bots import commands_dashboard, commands_explain, commands_local  # noqa: F401 - more commands

    try:
        code = cli.main(args=argv, prog_name="sa-triage", standalone_mode=False)
    except click.exceptions.Exit as e:
        code = e.exit_code
    except click.Abort:
        code = 1
    except click.ClickException as e:
        click.echo(_redactor(f"error: {e.format_message()}"), err=True)
        code = EXIT_USAGE
    except SaTriageError as e:
        click.echo(_redactor(f"error: {e}"), err=True)
        code = e.exit_code
    except Exception:
        click.echo(_redactor(traceback.format_exc()), err=True)
        click.echo("error: unexpected failure (exit 3); please report it with the traceback above",
                   err=True)
        code = EXIT_UNEXPECTED
    sys.exit(code or 0)
