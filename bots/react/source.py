"""A board snapshot of one issue: the Source a one-issue run gives `BoardSnapshot`.

The open-issue list is that issue alone (when open); closed history is empty (a one-issue run
never lists it); notes, awards and user look-ups go to the gateway as in a scheduled run. What only
`setup` reads (labels, boards, schedules, files) is not part of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bots.board import Source
from bots.errors import SaTriageError
from bots.model import Award, Board, Issue, Label, Note, Schedule


class OneIssueSource:
    def __init__(self, source: Source, issue: Issue) -> None:
        self._source = source
        self.issue = issue

    @property
    def bot_username(self) -> str:
        return self._source.bot_username

    def issues(self, **filters: Any) -> Iterable[Issue]:
        if filters == {"state": "opened"} and self.issue.is_open:
            return (self.issue,)
        return ()

    def count_issues(self, **filters: Any) -> int | None:
        return 0

    def notes(self, iid: int) -> Iterable[Note]:
        return self._source.notes(iid) if iid == self.issue.iid else ()

    def awards(self, iid: int) -> Iterable[Award]:
        return self._source.awards(iid) if iid == self.issue.iid else ()

    def user_exists(self, username: str) -> bool:
        return self._source.user_exists(username)

    def labels(self) -> Iterable[Label]:
        raise SaTriageError("a one-issue run reads no labels")

    def boards(self) -> Iterable[Board]:
        raise SaTriageError("a one-issue run reads no boards")

    def schedules(self) -> Iterable[Schedule]:
        raise SaTriageError("a one-issue run reads no schedules")

    def file(self, path: str, ref: str) -> str | None:
        raise SaTriageError("a one-issue run reads no files")
