"""What every job shares: the run context, the plan it returns, and the protocol it follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from bots.actions import Action
from bots.config import Config
from bots.errors import Problem


@dataclass(frozen=True)
class Context:
    """Everything a planner may depend on besides its snapshot: no clock or environment inside bots."""

    config: Config
    now: datetime
    bot_username: str
    repo_root: Path
    env: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    state_key: bytes = field(default=b"", compare=False, repr=False)  # signs hidden state


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...] = ()
    problems: tuple[Problem, ...] = ()
    info: tuple[str, ...] = ()


class Reader(Protocol):
    """The read side of the gateway, as jobs see it (a fake can stand in for it in tests)."""

    bot_username: str

    def labels(self) -> Any: ...
    def boards(self) -> Any: ...
    def issues(self, **filters: Any) -> Any: ...
    def notes(self, iid: int) -> Any: ...
    def awards(self, iid: int) -> Any: ...
    def schedules(self) -> Any: ...
    def file(self, path: str, ref: str) -> str | None: ...
    def user_exists(self, username: str) -> bool: ...


class Job(Protocol):
    """A bot: `read` gathers a plain snapshot through the gateway; `plan` decides, purely."""

    name: str
    summary: str
    converge: bool  # re-plan after applying until nothing is left (e.g. board list order)

    def read(self, reader: Reader, ctx: Context) -> Any: ...
    def plan(self, snapshot: Any, ctx: Context) -> Plan: ...
