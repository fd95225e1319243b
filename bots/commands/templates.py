"""`sa-triage templates`: write the issue templates from the form definitions (no network)."""

from __future__ import annotations

import click


@click.command()
@click.pass_context
def templates(ctx: click.Context) -> int:
    """Write templates/issue_templates/*.md from the form definitions (then commit them)."""
    from bots.issue_templates import write_templates
    from bots.jobs import load_config

    cfg = load_config(ctx.obj["config"])
    for path in write_templates(cfg.base_dir / cfg.gitlab.templates_dir):
        click.echo(f"wrote {path}")
    return 0
