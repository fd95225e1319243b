"""What every job shares: the run context, the plan it returns, and the protocol it follows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from bots.actions import Action
from bots.board import BoardSnapshot, Source
from bots.config import Config
from bots.errors import Problem
from bots.golive import NO_HOLD, Hold
from bots.model import Issue

Then = Callable[[tuple[Action, ...]], tuple[Action, ...]]


@dataclass(frozen=True)
class Context:
    """Everything a planner may depend on besides its snapshot: no clock or environment inside bots."""

    config: Config
    now: datetime
    bot_username: str
    repo_root: Path
    env: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    state_key: bytes = field(default=b"", compare=False, repr=False)  # signs hidden state
    hold: Hold = NO_HOLD  # reminders due before go-live are recorded, not posted (bots.golive)


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...] = ()
    problems: tuple[Problem, ...] = ()
    info: tuple[str, ...] = ()
    held: tuple[tuple[int, str], ...] = ()  # (issue, reminder) recorded as held back at go-live
    # What to do once the actions are applied, given those applied without an error (None: nothing)
    then: Then | None = field(default=None, compare=False)
    # Its notes proven new from the request records (bots.notes_recheck): the issues its failures
    # leave half-written are recorded on the ledger issue, and applying all of it over the whole
    # board settles that record.
    proves_notes: bool = False
    ledger: Issue | None = None  # the bot's ledger issue as the plan's snapshot had it


Reader = Source  # the gateway's read side, as jobs that read more than the board see it


class Job(Protocol):
    """A bot: `read` takes what it needs from the run's one board snapshot; `plan` decides, purely."""

    name: str
    summary: str
    converge: bool  # re-plan after applying until nothing is left (e.g. board list order)

    def read(self, board: BoardSnapshot, ctx: Context) -> Any: ...
    def plan(self, snapshot: Any, ctx: Context) -> Plan: ...
