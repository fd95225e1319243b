"""Quick-action interpretation: which extracted commands apply, and the changes they make."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .quickactions import extract
from .store import ProjectData, Store

_LABEL_REF = re.compile(
    r'~(?:(?P<id>\d+)\b|"(?P<quoted>[^"]+)"|(?P<name>[A-Za-z0-9_\-?.&]+(?:::[A-Za-z0-9_\-?.&]+)*))'
)
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")


@dataclass
class Interpretation:
    """The outcome of running quick actions over a text."""

    content: str
    changes: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)

    @property
    def executed(self) -> int:
        """How many commands were available and ran."""
        return sum(1 for command in self.commands if command["executed"])


def sentence(items: list[str]) -> str:
    """Rails' Array#to_sentence."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _plural(word: str, count: int) -> str:
    return word if count == 1 else word + "s"


class _Run:
    """State for one interpretation: target snapshot, accumulated updates and messages."""

    def __init__(self, store: Store, project: ProjectData, target: dict[str, Any],
                 user: dict[str, Any], premium: bool, today: date) -> None:
        self.store, self.project, self.target = store, project, target
        self.user, self.premium, self.today = user, premium, today
        self.updates: dict[str, Any] = {}
        self.messages: list[str] = []

    def labels(self, arg: str) -> list[dict[str, Any]]:
        """Existing labels named by `~ref`s, or by bare names when there is no `~`."""
        found: list[dict[str, Any]] = []
        if "~" in arg:
            for match in _LABEL_REF.finditer(arg):
                if match.group("id"):
                    label = self.project.labels.get(int(match.group("id")))
                else:
                    label = self.project.label_by_name(match.group("quoted") or match.group("name"))
                if label is not None and label not in found:
                    found.append(label)
            return found
        for quoted, bare in re.findall(r'"([^"]+)"|([^ ]+)', arg):
            label = self.project.label_by_name(quoted or bare)
            if label is not None and label not in found:
                found.append(label)
        return found

    def users(self, arg: str) -> list[dict[str, Any]]:
        """Users named by `@username`, bare usernames or `me`."""
        if arg.strip() == "me":
            return [self.user]
        names = re.findall(r"@([\w.\-]+)", arg) or arg.split()
        users = [self.store.user_by_username(name) for name in names]
        return [user for user in users if user is not None]

    def add_ids(self, key: str, ids: list[int]) -> None:
        current = self.updates.setdefault(key, [])
        current.extend(i for i in ids if i not in current)


def _refs(labels: list[dict[str, Any]]) -> str:
    return " ".join(f'~"{label["name"]}"' for label in labels)


def _label(run: _Run, arg: str) -> bool:
    if not run.project.labels:
        return False
    labels = run.labels(arg)
    if labels:
        run.add_ids("add_label_ids", [label["id"] for label in labels])
        run.messages.append(f"Added {_refs(labels)} {_plural('label', len(labels))}.")
    return True


def _unlabel(run: _Run, arg: str) -> bool:
    if not (run.target["persisted"] and run.target["label_ids"]):
        return False
    if not arg:
        run.updates["label_ids"] = []
        run.messages.append("Removed all labels.")
        return True
    labels = run.labels(arg)
    if labels:
        run.add_ids("remove_label_ids", [label["id"] for label in labels])
    run.messages.append(f"Removed {_refs(labels)} {_plural('label', len(labels))}."
                        if labels else "Removed all labels.")
    return True


def _relabel(run: _Run, arg: str) -> bool:
    if not (run.target["persisted"] and run.target["label_ids"]):
        return False
    labels = run.labels(arg)
    if labels:
        run.add_ids("label_ids", [label["id"] for label in labels])
        run.messages.append(
            f"Replaced all labels with {_refs(labels)} {_plural('label', len(labels))}.")
    return True


def _state(wanted: str, event: str, message: str) -> Callable[[_Run, str], bool]:
    def command(run: _Run, arg: str) -> bool:
        if not run.target["persisted"] or run.target["state"] != wanted:
            return False
        run.updates["state_event"] = event
        run.messages.append(message)
        return True

    return command


def _assign(run: _Run, arg: str, *, replace: bool = False) -> bool:
    users = run.users(arg)
    if not users:
        return True
    if not run.premium:
        users = users[:1]
    ids = [user["id"] for user in users]
    if run.premium and not replace:
        current = run.updates.get("assignee_ids", list(run.target["assignee_ids"]))
        ids = current + [i for i in ids if i not in current]
    run.updates["assignee_ids"] = ids
    verb = "Reassigned" if replace else "Assigned"
    run.messages.append(f"{verb} {sentence(['@' + u['username'] for u in users])}.")
    return True


def _unassign(run: _Run, arg: str) -> bool:
    if not (run.target["persisted"] and run.target["assignee_ids"]):
        return False
    named = run.users(arg) if run.premium and arg else []
    removed = named or [run.store.users[uid] for uid in run.target["assignee_ids"]]
    keep = [uid for uid in run.target["assignee_ids"] if uid not in {u["id"] for u in removed}]
    run.updates["assignee_ids"] = keep if named else []
    refs = sentence(["@" + user["username"] for user in removed])
    run.messages.append(f"Removed {_plural('assignee', len(removed))} {refs}.")
    return True


def _title(run: _Run, arg: str) -> bool:
    if not run.target["persisted"] or not arg:
        return False
    run.updates["title"] = arg
    run.messages.append(f'Changed the title to "{arg}".')
    return True


def _lock(locked: bool) -> Callable[[_Run, str], bool]:
    def command(run: _Run, arg: str) -> bool:
        if not run.target["persisted"] or bool(run.target["discussion_locked"]) == locked:
            return False
        run.updates["discussion_locked"] = locked
        run.messages.append("Locked the discussion." if locked else "Unlocked the discussion.")
        return True

    return command


def _confidential(run: _Run, arg: str) -> bool:
    if run.target["confidential"]:
        return False
    run.updates["confidential"] = True
    run.messages.append("Made this issue confidential.")
    return True


def _due(run: _Run, arg: str) -> bool:
    text = arg.strip().lower()
    relative = re.fullmatch(r"in (\d+) (day|week)s?", text)
    try:
        if text in ("today", "tomorrow"):
            due = run.today + timedelta(days=1 if text == "tomorrow" else 0)
        elif relative:
            due = run.today + timedelta(days=int(relative.group(1)) * (
                7 if relative.group(2) == "week" else 1))
        else:
            due = date.fromisoformat(text)
    except ValueError:
        return True
    run.updates["due_date"] = due.isoformat()
    run.messages.append(f"Set the due date to {due.strftime('%b')} {due.day}, {due.year}.")
    return True


def _remove_due(run: _Run, arg: str) -> bool:
    if not (run.target["persisted"] and run.target["due_date"]):
        return False
    run.updates["due_date"] = None
    run.messages.append("Removed the due date.")
    return True


def _award(run: _Run, arg: str) -> bool:
    if not run.target["persisted"]:
        return False
    match = _EMOJI.search(arg)
    if match:
        run.updates["emoji_award"] = match.group(1)
        run.messages.append(f"Toggled :{match.group(1)}: emoji reaction.")
    return True


def _noop(message: str) -> Callable[[_Run, str], bool]:
    def command(run: _Run, arg: str) -> bool:
        if not run.target["persisted"]:
            return False
        run.messages.append(message)
        return True

    return command


EXECUTORS: dict[str, Callable[[_Run, str], bool]] = {
    "label": _label, "labels": _label, "unlabel": _unlabel, "remove_label": _unlabel,
    "relabel": _relabel,
    "close": _state("opened", "close", "Closed this issue."),
    "reopen": _state("closed", "reopen", "Reopened this issue."),
    "assign": _assign, "reassign": lambda run, arg: _assign(run, arg, replace=True),
    "unassign": _unassign, "title": _title, "lock": _lock(True), "unlock": _lock(False),
    "confidential": _confidential, "due": _due, "remove_due_date": _remove_due,
    "award": _award, "react": _award,
    "todo": _noop("Added a to-do item."), "done": _noop("Marked to-do item as done."),
    "subscribe": _noop("Subscribed to notifications."),
    "unsubscribe": _noop("Unsubscribed from notifications."),
}


def interpret(store: Store, project: ProjectData, target: dict[str, Any], user: dict[str, Any],
              text: str | None, *, premium: bool, today: date) -> Interpretation:
    """Extract commands from `text` and compute their changes against `target` as it is now."""
    content, commands = extract(text)
    run = _Run(store, project, target, user, premium, today)
    result = Interpretation(content)
    for name, arg in commands:
        executor = EXECUTORS.get(name)
        executed = bool(executor and executor(run, arg))
        result.commands.append({"command": name, "args": arg, "executed": executed})
    result.changes, result.messages = run.updates, run.messages
    return result
