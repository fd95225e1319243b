"""`sa-triage react`: the `react` pipeline job's command (the logic is in react_run, loaded when it runs)."""

from __future__ import annotations

import os

import click

from bots.commands.console import output


@click.command()
@click.option("--payload", "payload_path", type=click.Path(dir_okay=False, exists=True),
              help="The webhook body (default: the file named by TRIGGER_PAYLOAD).")
@click.option("--dry-run", is_flag=True, help="Print the plan; send no write request.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write plan and report.")
@click.option("--now", help="Evaluate as of this ISO-8601 time (default: now).")
@click.option("--check", is_flag=True, help="Check the webhook and trigger `setup` made; run nothing.")
@click.pass_context
def react(ctx: click.Context, payload_path: str | None, dry_run: bool, json_path: str | None,
          now: str | None, check: bool) -> int:
    """Answer one webhook event: re-read the issue it names and run its bots for it alone."""
    from bots.commands import react_run  # lazily: `sa-triage --version` needs none of it

    env, out = dict(os.environ), output()
    if check:
        return react_run.check(ctx.obj["config"], env=env, out=out)
    payload = None
    if payload_path:
        with open(payload_path, encoding="utf-8", errors="replace") as f:
            payload = f.read()
    return react_run.react(ctx.obj["config"], env=env, out=out, payload=payload, dry_run=dry_run,
                           json_path=json_path, now=now)
