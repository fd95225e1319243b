"""Plain, immutable snapshots of GitLab objects: what decision code sees instead of python-gitlab objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class User:
    id: int
    username: str
    name: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    description: str = ""
    id: int | None = None


# Slots: a board holds one Issue per open issue, and a run may read thousands of notes.
@dataclass(frozen=True, slots=True)
class Note:
    id: int
    author: str
    body: str
    created_at: datetime
    updated_at: datetime
    system: bool = False


@dataclass(frozen=True, slots=True)
class Award:
    id: int
    name: str
    user: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    iid: int
    title: str
    description: str
    labels: tuple[str, ...]
    state: str
    author: str
    assignees: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    web_url: str = ""
    user_notes_count: int = 0  # GitLab's count of the issue's notes by people and bots (not system notes)
    closed_by: str = ""  # who closed it ("" while open, or when GitLab does not say)
    notes: tuple[Note, ...] = field(default=(), compare=False)
    awards: tuple[Award, ...] = field(default=(), compare=False)

    @property
    def is_open(self) -> bool:
        return self.state == "opened"


@dataclass(frozen=True)
class BoardList:
    id: int
    label: str
    position: int


@dataclass(frozen=True)
class Board:
    id: int
    name: str
    lists: tuple[BoardList, ...] = ()


@dataclass(frozen=True)
class Schedule:
    id: int
    description: str
    ref: str
    cron: str
    cron_timezone: str
    active: bool
    owner: str
    variables: tuple[tuple[str, str], ...] = ()

    def variable(self, key: str) -> str | None:
        return dict(self.variables).get(key)
