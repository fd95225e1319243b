"""The `sa-triage` command: a thin click layer over bots.app; one start-up path and error handler.

The subcommands are in bots.commands; they never import this module back.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

import click

from bots.commands import COMMANDS
from bots.commands.console import debug_logging, redactor
from bots.errors import EXIT_UNEXPECTED, EXIT_USAGE, SaTriageError


@click.group()
@click.version_option(package_name="sa-triage", prog_name="sa-triage")
@click.option("--config", "config_path", default="sa-triage.yml", show_default=True,
              envvar="SA_TRIAGE_CONFIG", help="Configuration file.")
@click.option("--debug", is_flag=True, help="Log every HTTP request (method, path, status).")
@click.pass_context
def cli(ctx: click.Context, config_path: str, debug: bool) -> None:
    """GitLab-native automation for the Commercial SA team's triage board."""
    ctx.obj = {"config": config_path}
    debug_logging(debug)


for _command in COMMANDS:
    cli.add_command(_command)


def start(group: click.Group, argv: Sequence[str] | None, prog_name: str) -> NoReturn:
    """Run `group`: expected errors → one line and exit 1 or 2; anything else → traceback, exit 3."""
    try:
        code = group.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Exit as e:
        code = e.exit_code
    except click.Abort:
        code = 1
    except click.ClickException as e:
        click.echo(redactor(f"error: {e.format_message()}"), err=True)
        code = EXIT_USAGE
    except SaTriageError as e:
        click.echo(redactor(f"error: {e}"), err=True)
        code = e.exit_code
    except Exception:
        click.echo(redactor(traceback.format_exc()), err=True)
        click.echo("error: unexpected failure (exit 3); please report it with the traceback above",
                   err=True)
        code = EXIT_UNEXPECTED
    sys.exit(code or 0)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of `sa-triage`."""
    start(cli, argv, "sa-triage")
