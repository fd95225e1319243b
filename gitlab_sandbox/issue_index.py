"""Indexes of a project's issues, kept in step with every write: by state, label and author, and
the searchable texts (titles, descriptions) for a `search`.

The finder (issue_filters.py) asks for the iids that a request's filters can keep, then still
applies every filter to them: an index only narrows the scan, so a result is the full scan's.

A search (case-insensitive substring, as GitLab's for short terms) runs once over one string
per field: the texts lowered one by one (as the scan lowers them) and joined with NUL. A term
without NUL cannot match across two texts, so each hit lies inside one, found by its offset.
The joined string is built on the first search after a text changed: the bots search (by the
key of a request, or its key marker) while they read, before they write.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

Issue = dict[str, Any]
SEARCH_FIELDS = ("title", "description")


@dataclass(frozen=True)
class Entry:
    """What the indexes hold of one issue (to unlink it when it changes)."""

    state: str
    label_ids: frozenset[int]
    author_id: int
    texts: tuple[str | None, ...]


class Texts:
    """One field's lowered texts, joined: iids by offset."""

    def __init__(self, entries: dict[int, Entry], position: int) -> None:
        self.iids = list(entries)
        lowered = [(entry.texts[position] or "").lower() for entry in entries.values()]
        self.starts: list[int] = []
        offset = 0
        for text in lowered:
            self.starts.append(offset)
            offset += len(text) + 1
        self.joined = "\0".join(lowered)

    def containing(self, term: str) -> set[int]:
        """iids whose text contains `term` (lowered, without NUL)."""
        found: set[int] = set()
        at = self.joined.find(term)
        while at >= 0:
            index = bisect_right(self.starts, at) - 1
            found.add(self.iids[index])
            following = index + 1
            if following == len(self.starts):
                break
            at = self.joined.find(term, self.starts[following])
        return found


class IssueIndex:
    """iids by state, by label (and unlabelled), by author; texts for a search."""

    def __init__(self) -> None:
        self.by_state: dict[str, set[int]] = {}
        self.by_label: dict[int, set[int]] = {}
        self.unlabeled: set[int] = set()
        self.by_author: dict[int, set[int]] = {}
        self.entries: dict[int, Entry] = {}
        self._texts: dict[str, Texts] = {}

    def update(self, issue: Issue) -> None:
        """Index the issue as it is now (a new one, or a changed one)."""
        iid = issue["iid"]
        old = self.entries.get(iid)
        entry = Entry(issue["state"], frozenset(issue["label_ids"]), issue["author_id"],
                      tuple(issue[field] for field in SEARCH_FIELDS))
        if entry == old:
            return
        if old is not None:
            self._unlink(iid, old)
        if old is None or old.texts != entry.texts:
            self._texts.clear()
        self._link(iid, entry)

    def remove(self, iid: int) -> None:
        """Forget a deleted issue."""
        old = self.entries.get(iid)
        if old is not None:
            self._unlink(iid, old)
            self._texts.clear()

    def _link(self, iid: int, entry: Entry) -> None:
        self.entries[iid] = entry
        self.by_state.setdefault(entry.state, set()).add(iid)
        self.by_author.setdefault(entry.author_id, set()).add(iid)
        for label_id in entry.label_ids:
            self.by_label.setdefault(label_id, set()).add(iid)
        if not entry.label_ids:
            self.unlabeled.add(iid)

    def _unlink(self, iid: int, entry: Entry) -> None:
        del self.entries[iid]
        _discard(self.by_state, entry.state, iid)
        _discard(self.by_author, entry.author_id, iid)
        for label_id in entry.label_ids:
            _discard(self.by_label, label_id, iid)
        self.unlabeled.discard(iid)

    def with_label(self, label_id: int) -> set[int]:
        """iids of the issues carrying the label (empty set if none)."""
        return self.by_label.get(label_id, set())

    def containing(self, term: str, fields: list[str]) -> set[int] | None:
        """iids whose `fields` contain the lowered `term`; None for a term with NUL (scan it)."""
        if "\0" in term:
            return None
        found: set[int] = set()
        for field in fields:
            texts = self._texts.get(field)
            if texts is None:
                texts = self._texts[field] = Texts(self.entries, SEARCH_FIELDS.index(field))
            found |= texts.containing(term)
        return found


def _discard(index: dict[Any, set[int]], key: Any, iid: int) -> None:
    bucket = index.get(key)
    if bucket is not None:
        bucket.discard(iid)
        if not bucket:
            del index[key]
