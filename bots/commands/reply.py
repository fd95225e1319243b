"""`sa-triage reply post-sales [--csm]`: print the handbook's ready reply, to copy (no network)."""

from __future__ import annotations

import click


@click.group()
def reply() -> None:
    """Ready replies from the handbook, printed to copy (templates in bots/messages/; nothing is sent)."""


@reply.command("post-sales")
@click.option("--csm", is_flag=True, help="The account has a Customer Success Manager.")
def post_sales(csm: bool) -> int:
    """The reply for a customer who comes back with questions after the deal closed (Post-Sales
    Engagement): the text for accounts with a Customer Success Manager with --csm, else without."""
    from bots.mirror.render import post_sales_reply

    click.echo(post_sales_reply(csm))
    return 0
