"""The `sa-triage` subcommands: plain click commands, which bots.cli adds to its group.

A command module never imports bots.cli; what commands share is in bots.commands.console.
"""

from bots.commands.calendar import calendar
from bots.commands.dashboard import dashboard
from bots.commands.explain import explain
from bots.commands.react import react
from bots.commands.reply import reply
from bots.commands.run import run, setup, validate
from bots.commands.templates import templates

COMMANDS = (setup, run, validate, react, dashboard, explain, calendar, templates, reply)

__all__ = ["COMMANDS"]
