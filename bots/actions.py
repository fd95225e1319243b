"""Actions: small frozen records of intent. Bots return them; only the gateway carries them out."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from bots import markers


@dataclass(frozen=True)
class Action:
    """Base of every action; `describe()` is what dry-run prints."""

    def describe(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def kind(self) -> str:
        return type(self).__name__

    @property
    def is_note(self) -> bool:
        return False

    def to_json(self) -> dict[str, Any]:
        return {"action": self.kind, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class CreateLabel(Action):
    name: str
    color: str
    description: str

    def describe(self) -> str:
        return f"create label {self.name!r} ({self.color})"


@dataclass(frozen=True)
class UpdateLabel(Action):
    name: str
    color: str
    description: str

    def describe(self) -> str:
        return f"update label {self.name!r} to {self.color}, {self.description!r}"


@dataclass(frozen=True)
class CreateBoard(Action):
    name: str
    lists: tuple[str, ...]

    def describe(self) -> str:
        return f"create board {self.name!r} with lists {', '.join(self.lists)}"


@dataclass(frozen=True)
class CreateBoardList(Action):
    board_id: int
    label: str

    def describe(self) -> str:
        return f"add list {self.label!r} to board {self.board_id}"


@dataclass(frozen=True)
class MoveBoardList(Action):
    board_id: int
    list_id: int
    label: str
    position: int

    def describe(self) -> str:
        return f"move list {self.label!r} of board {self.board_id} to position {self.position}"


@dataclass(frozen=True)
class FileChange:
    path: str
    content: str
    action: str  # "create" | "update"


@dataclass(frozen=True)
class CommitFiles(Action):
    branch: str
    message: str
    changes: tuple[FileChange, ...]

    def describe(self) -> str:
        paths = ", ".join(f"{c.action} {c.path}" for c in self.changes)
        return f"commit to {self.branch}: {paths}"


@dataclass(frozen=True)
class ScheduleSpec:
    key: str
    description: str
    cron: str
    cron_timezone: str
    ref: str
    active: bool
    variables: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CreateSchedule(Action):
    spec: ScheduleSpec

    def describe(self) -> str:
        return f"create pipeline schedule {self.spec.key!r} ({self.spec.cron} {self.spec.cron_timezone})"


@dataclass(frozen=True)
class UpdateSchedule(Action):
    schedule_id: int
    spec: ScheduleSpec
    fields: tuple[tuple[str, Any], ...]
    set_variables: tuple[tuple[str, str, bool], ...]  # key, value, exists already
    delete_variables: tuple[str, ...]
    take_ownership: bool

    def describe(self) -> str:
        changed = [k for k, _ in self.fields] + [f"variable {k}" for k, _, _ in self.set_variables]
        changed += [f"remove variable {k}" for k in self.delete_variables]
        owner = " (taking ownership)" if self.take_ownership else ""
        return f"update pipeline schedule {self.spec.key!r}: {', '.join(changed)}{owner}"


@dataclass(frozen=True)
class DeactivateSchedule(Action):
    schedule_id: int
    description: str
    take_ownership: bool

    def describe(self) -> str:
        return f"deactivate pipeline schedule {self.description!r} (no longer declared)"


@dataclass(frozen=True)
class CreateTrigger(Action):
    """A pipeline trigger owned by the bot (for the `react` webhook); its token stays in GitLab."""

    description: str

    def describe(self) -> str:
        return f"create pipeline trigger {self.description!r}"


@dataclass(frozen=True)
class PutHook(Action):
    """Create (no `hook_id`) or update the project webhook that calls the bot's pipeline trigger.

    `url` is the trigger endpoint without its token: the gateway adds the token of the bot's trigger
    at write time (`keep_url`: leave the webhook's URL as it is, e.g. when only turning it off).
    """

    hook_id: int | None
    url: str
    events: tuple[tuple[str, bool], ...]
    keep_url: bool = False

    def describe(self) -> str:
        on = [k.removesuffix("_events") for k, v in self.events if v]
        what = f"events {', '.join(on)}" if on else "every event off"
        verb = "create webhook" if self.hook_id is None else f"update webhook {self.hook_id}"
        return f"{verb} -> {self.url} ({what})"


@dataclass(frozen=True)
class CreateIssue(Action):
    key: str
    title: str
    description: str
    labels: tuple[str, ...]
    notes: tuple[str, ...] = ()  # posted right after the create (the new issue has no notes to re-check)
    # Added only once the notes are posted: a receipt that tells a later run whether a crash between
    # the create and the notes lost them.
    labels_after_notes: tuple[str, ...] = ()

    def describe(self) -> str:
        extra = f" + {len(self.notes)} note(s)" if self.notes else ""
        return f"create issue {self.title!r} [{', '.join(self.labels)}]{extra}"


@dataclass(frozen=True)
class DescriptionEdit:
    """A change to the bot's own parts of a description: its block and its signed records.

    The gateway applies it to the description as GitLab has it just before the write, so text a
    person added since the snapshot is kept, and the snapshot need not hold whole descriptions.
    """

    block: str | None = None  # the new content of the bot-owned block
    records: tuple[tuple[str, str], ...] = ()  # (kind, signed comment), placed after the block

    def apply(self, description: str | None) -> str:
        text = description or ""
        if self.block is not None:
            text = markers.replace_block(text, self.block)
        for kind, comment in self.records:
            text = markers.put_signed_comment(text, kind, comment)
        return text


@dataclass(frozen=True)
class UpdateIssue(Action):
    iid: int
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()
    title: str | None = None
    edit: DescriptionEdit | None = None
    state_event: str | None = None  # "close" | "reopen"
    assignees: tuple[str, ...] | None = None  # usernames; None leaves the assignees as they are

    def describe(self) -> str:
        parts = []
        if self.add_labels:
            parts.append("+" + " +".join(self.add_labels))
        if self.remove_labels:
            parts.append("-" + " -".join(self.remove_labels))
        if self.title is not None:
            parts.append("title")
        if self.edit is not None:
            parts.append("description")
        if self.state_event:
            parts.append(self.state_event)
        if self.assignees is not None:
            parts.append("assign " + (", ".join(self.assignees) or "nobody"))
        return f"update #{self.iid}: {', '.join(parts)}"


@dataclass(frozen=True)
class UpsertNote(Action):
    """Post a marked note, or edit the bot's existing note with that marker; never a second one."""

    iid: int
    marker: str
    body: str
    note_id: int | None = None  # the bot note the planner saw, if any
    # The planner proved from the bot's own signed record that the issue has no such note, as of
    # the issue's `seen` updated_at: the gateway posts without reading the notes, unless the issue
    # changed since or an earlier run left it half-written (bots.notes_recheck).
    proven_absent: bool = False
    seen: str = ""

    @property
    def is_note(self) -> bool:
        return True

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if not self.proven_absent:
            del out["proven_absent"], out["seen"]
        return out

    def describe(self) -> str:
        verb = "edit" if self.note_id else "post"
        return f"{verb} note {self.marker.removeprefix('<!-- ').removesuffix(' -->')} on #{self.iid}"
