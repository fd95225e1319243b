"""Indexes of a project's issues, kept in step with every write: by state, label, author and
hidden marker (an HTML comment, e.g. `<!-- sa-triage:key 006... -->`, searched for in a title or
description).

The finder (issue_filters.py) asks `candidates` for the iids that can match a request's filters,
then still applies every filter to them: an index only narrows the scan, it never decides alone,
so a result is the full scan's whatever the index answers (a superset is always safe).

A comment is `<!--`, then no `<` or `>`, then `-->` (case-folded, as the search is). Such
comments never overlap, so every one a text contains is found; and a search term holding one
only matches texts that hold that very comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Issue = dict[str, Any]
COMMENT = re.compile(r"<!--[^<>]*-->")
SEARCH_FIELDS = ("title", "description")


def comments(text: str | None) -> frozenset[str]:
    """The case-folded HTML comments in `text` (as the search compares them)."""
    return frozenset(COMMENT.findall(text.lower())) if text else frozenset()


@dataclass(frozen=True)
class Entry:
    """What the indexes hold of one issue (to unlink it when it changes)."""

    state: str
    label_ids: frozenset[int]
    author_id: int
    texts: tuple[str | None, ...]
    marks: frozenset[tuple[str, str]]


class IssueIndex:
    """iids by state, by label (and unlabelled), by author and by (field, comment)."""

    def __init__(self) -> None:
        self.by_state: dict[str, set[int]] = {}
        self.by_label: dict[int, set[int]] = {}
        self.unlabeled: set[int] = set()
        self.by_author: dict[int, set[int]] = {}
        self.by_mark: dict[tuple[str, str], set[int]] = {}
        self.entries: dict[int, Entry] = {}

    def update(self, issue: Issue) -> None:
        """Index the issue as it is now (a new one, or a changed one)."""
        iid = issue["iid"]
        old = self.entries.get(iid)
        texts = tuple(issue[field] for field in SEARCH_FIELDS)
        marks = old.marks if old is not None and old.texts == texts else frozenset(
            (field, mark) for field, text in zip(SEARCH_FIELDS, texts, strict=True)
            for mark in comments(text))
        entry = Entry(issue["state"], frozenset(issue["label_ids"]), issue["author_id"], texts, marks)
        if entry == old:
            return
        if old is not None:
            self._unlink(iid, old)
        self._link(iid, entry)

    def remove(self, iid: int) -> None:
        """Forget a deleted issue."""
        old = self.entries.get(iid)
        if old is not None:
            self._unlink(iid, old)

    def _link(self, iid: int, entry: Entry) -> None:
        self.entries[iid] = entry
        self.by_state.setdefault(entry.state, set()).add(iid)
        self.by_author.setdefault(entry.author_id, set()).add(iid)
        for label_id in entry.label_ids:
            self.by_label.setdefault(label_id, set()).add(iid)
        if not entry.label_ids:
            self.unlabeled.add(iid)
        for mark in entry.marks:
            self.by_mark.setdefault(mark, set()).add(iid)

    def _unlink(self, iid: int, entry: Entry) -> None:
        del self.entries[iid]
        _discard(self.by_state, entry.state, iid)
        _discard(self.by_author, entry.author_id, iid)
        for label_id in entry.label_ids:
            _discard(self.by_label, label_id, iid)
        self.unlabeled.discard(iid)
        for mark in entry.marks:
            _discard(self.by_mark, mark, iid)

    def with_label(self, label_id: int) -> set[int]:
        """iids of the issues carrying the label (empty set if none)."""
        return self.by_label.get(label_id, set())

    def with_mark(self, term: str, fields: list[str]) -> set[int] | None:
        """iids whose `fields` may contain `term` (by a comment it holds); None: no comment in it."""
        marks = comments(term)
        if not marks:
            return None
        mark = min(marks)
        found: set[int] = set()
        for field in fields:
            found |= self.by_mark.get((field, mark), set())
        return found


def _discard(index: dict[Any, set[int]], key: Any, iid: int) -> None:
    bucket = index.get(key)
    if bucket is not None:
        bucket.discard(iid)
        if not bucket:
            del index[key]
