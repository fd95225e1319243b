"""One snapshot of the triage board per run: every bot plans over it, and nothing is read twice.

The open issues are listed once (one paged list, no label filter: the board's issues are the
project's open issues). What only some bots need (closed issues of a recent window, notes, award
emoji, user look-ups) is read on first use and kept for the rest of the run. After each write the
runner folds GitLab's answer back in (`applied`), so a later bot sees what an earlier one changed
without listing again. What a bot derives from one issue (the SLO facts of a request) can be kept
for the run too (`derived`), so that the next bot needing it does not compute it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any, Protocol, TypeVar

from bots.model import Award, Board, Issue, Label, Note, Schedule

T = TypeVar("T")


class Source(Protocol):
    """The gateway's read side (a fake can stand in for it in tests)."""

    @property
    def bot_username(self) -> str: ...

    def issues(self, **filters: Any) -> Iterable[Issue]: ...
    def notes(self, iid: int) -> Iterable[Note]: ...
    def awards(self, iid: int) -> Iterable[Award]: ...
    def user_exists(self, username: str) -> bool: ...
    def count_issues(self, **filters: Any) -> int | None: ...
    def labels(self) -> Iterable[Label]: ...
    def boards(self) -> Iterable[Board]: ...
    def schedules(self) -> Iterable[Schedule]: ...
    def file(self, path: str, ref: str) -> str | None: ...


class BoardSnapshot:
    def __init__(self, source: Source, *, whole: bool = True) -> None:
        self.source = source
        self.whole = whole  # the whole board; False: one issue (`sa-triage react`)
        self.bot_username = source.bot_username
        self._open: dict[int, Issue] | None = None
        # `_open` by iid, and by label, until a write changes them: every bot asks, most more than once
        self._by_iid: tuple[Issue, ...] | None = None
        self._with: dict[str, tuple[Issue, ...]] = {}
        self._lists: dict[tuple[tuple[str, Any], ...], tuple[Issue, ...]] = {}
        self._notes: dict[int, tuple[Note, ...]] = {}
        self._awards: dict[int, tuple[Award, ...]] = {}
        self._users: dict[str, bool] = {}
        # fn -> (fn's other arguments, iid -> (the issue, fn's value)); see `derived`.
        self._derived: dict[Callable[..., Any], tuple[tuple[Any, ...], dict[int, tuple[Issue, Any]]]] = {}

    def open_issues(self) -> tuple[Issue, ...]:
        """Every open issue, by iid (listed on first use, once per run)."""
        if self._open is None:
            self._open = {i.iid: i for i in self.source.issues(state="opened")}
        if self._by_iid is None:
            self._by_iid = tuple(self._open[k] for k in sorted(self._open))
        return self._by_iid

    def is_open(self, iid: int) -> bool:
        """Whether issue `iid` is among the open issues (listed on first use)."""
        self.open_issues()
        return self._open is not None and iid in self._open

    def open_with(self, label: str) -> tuple[Issue, ...]:
        found = self._with.get(label)
        if found is None:
            found = self._with[label] = tuple(i for i in self.open_issues() if label in i.labels)
        return found

    def closed(self, **filters: Any) -> tuple[Issue, ...]:
        """Closed issues matching server-side `filters` (each distinct list read once per run)."""
        key = tuple(sorted(filters.items()))
        if key not in self._lists:
            self._lists[key] = tuple(self.source.issues(state="closed", **filters))
        return self._lists[key]

    def closed_at_most(self, limit: int, **filters: Any) -> tuple[tuple[Issue, ...], bool]:
        """Up to `limit` closed issues matching `filters` (listed page by page until then), and whether
        that was all of them. Not kept: a bounded look at history, for when counting it is not possible."""
        found = tuple(islice(self.source.issues(state="closed", **filters), limit + 1))
        return found[:limit], len(found) <= limit

    def count_closed(self, **filters: Any) -> int | None:
        """How many closed issues match (one request; None when GitLab does not say, above 10,000)."""
        return self.source.count_issues(state="closed", **filters)

    def with_label(self, label: str, **closed_filters: Any) -> tuple[Issue, ...]:
        """Open issues with `label` and the closed ones matching `closed_filters` (the same label)."""
        return (*self.open_with(label), *self.closed(labels=label, **closed_filters))

    def notes(self, iid: int) -> tuple[Note, ...]:
        if iid not in self._notes:
            self._notes[iid] = tuple(self.source.notes(iid))
        return self._notes[iid]

    def awards(self, iid: int) -> tuple[Award, ...]:
        if iid not in self._awards:
            self._awards[iid] = tuple(self.source.awards(iid))
        return self._awards[iid]

    def user_exists(self, username: str) -> bool:
        if username not in self._users:
            self._users[username] = self.source.user_exists(username)
        return self._users[username]

    def derived(self, fn: Callable[..., T], issue: Issue, *args: Any) -> T:
        """`fn(issue, *args)` (a pure function), computed once per run for this issue and shared by
        the bots that call `fn` with the same arguments (the run's config, key and bot: the very same
        objects; with other ones, `fn` starts over). Another copy of the issue (another list's) is
        computed anew; the answer to a write of the issue (`applied`) drops it."""
        entry = self._derived.get(fn)
        if entry is None or len(entry[0]) != len(args) \
                or any(a is not b for a, b in zip(entry[0], args, strict=True)):
            entry = self._derived[fn] = (args, {})
        memo = entry[1]
        hit = memo.get(issue.iid)
        if hit is not None and hit[0] is issue:
            return hit[1]  # type: ignore[no-any-return]
        value = fn(issue, *args)
        memo[issue.iid] = (issue, value)
        return value

    # -- what the run wrote ---------------------------------------------------------------------

    def applied(self, issue: Issue) -> None:
        """GitLab's answer to a write: the issue as it is now."""
        for _, memo in self._derived.values():
            memo.pop(issue.iid, None)
        if self._open is None:
            return  # nothing listed yet: the first list will see it
        self._by_iid = None
        self._with.clear()
        if issue.is_open:
            self._open[issue.iid] = issue
        else:
            self._open.pop(issue.iid, None)
        for key, found in self._lists.items():
            self._lists[key] = tuple(issue if i.iid == issue.iid else i for i in found)

    def notes_changed(self, iid: int) -> None:
        self._notes.pop(iid, None)
