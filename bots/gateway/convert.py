"""GitLab's JSON as the bots' plain values (issues, notes, times)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from sys import intern
from typing import Any

from bots.model import Issue, Note


def parse_time(value: str | None) -> datetime:
    return datetime.fromisoformat((value or "1970-01-01T00:00:00Z").replace("Z", "+00:00"))


@lru_cache(maxsize=1 << 12)
def _shared(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple per distinct label set (or assignee list): a board's issues share a few hundred."""
    return names


def issue_from_json(x: dict[str, Any], description: str | None = None) -> Issue:
    """An issue of GitLab's JSON (`description`: instead of its own). Labels and user names are
    interned, and their tuples shared: a board's thousands of issues share a few dozen of each."""
    return Issue(
        iid=x["iid"], title=x["title"],
        description=x.get("description") or "" if description is None else description,
        labels=_shared(tuple(map(intern, x.get("labels") or ()))), state=intern(x["state"]),
        author=intern((x.get("author") or {}).get("username", "")),
        assignees=_shared(tuple(intern(u["username"]) for u in x.get("assignees") or ())),
        created_at=parse_time(x.get("created_at")), updated_at=parse_time(x.get("updated_at")),
        web_url=x.get("web_url", ""), user_notes_count=int(x.get("user_notes_count") or 0),
        closed_by=intern(x["closed_by"].get("username", "")) if x.get("closed_by") else "",
    )


def note_from_json(x: dict[str, Any]) -> Note:
    return Note(x["id"], (x.get("author") or {}).get("username", ""), x.get("body") or "",
                parse_time(x.get("created_at")), parse_time(x.get("updated_at")),
                bool(x.get("system")))
