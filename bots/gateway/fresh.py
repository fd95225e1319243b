"""Issues read again right before a plan writes them: one `iids[]` list per 100, not a GET each.

A description edit applies to the description as GitLab has it just before the write (people's text
is kept), and a note the planner proved absent is trusted only while the issue is as the planner saw
it. Both need the issue read under the run lock; the plan says which issues, in the order it writes
them, and the first of them read fetches it with the next ones (and the bot's ledger issue, whose
notes-recheck record the trust needs). A copy serves writes for `FRESH_FOR` seconds; after a write of
the issue by this run, the next write of it reads it alone (GitLab's answer is not a whole issue).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

FRESH_FOR = 10.0  # seconds: writes paced by GitLab's note limits can spread a plan over minutes
PAGE = 100  # GitLab's largest page

Raw = dict[str, Any]


class FreshIssues:
    def __init__(self, fetch: Callable[[list[int]], Iterable[Raw]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch, self._clock = fetch, clock
        self._order: dict[int, int] = {}  # announced iid -> its place in the plan
        self._seq: list[int] = []  # the announced iids in that order
        self._copies: dict[int, tuple[float, Raw]] = {}
        self._spent: set[int] = set()  # written by this run since its copy was read
        self.ledger_iid: int | None = None
        self.ledger: Raw | None = None  # the ledger issue as read with the first copies
        self.ledger_read = False

    def expect(self, iids: Iterable[int], ledger_iid: int | None = None) -> None:
        """A plan's issues to read again before their writes, in the order it writes them."""
        self._order = {}
        for iid in iids:
            self._order.setdefault(iid, len(self._order))
        self._seq = list(self._order)
        self._copies, self._spent = {}, set()
        if ledger_iid is not None and ledger_iid != self.ledger_iid:  # None: keep what was read
            self.ledger_iid, self.ledger, self.ledger_read = ledger_iid, None, False

    def get(self, iid: int) -> Raw | None:
        """Issue `iid` as GitLab lists it now; None when the plan did not announce it, this run wrote
        it since, or GitLab did not list it (the caller reads it alone, and learns why)."""
        now = self._clock()
        if self._fresh(iid, now):
            return self._copies[iid][1]
        if iid not in self._order or iid in self._spent:
            return None
        extra = [self.ledger_iid] if self.ledger_iid is not None and not self.ledger_read else []
        chunk: list[int] = []
        for i in self._seq[self._order[iid]:]:  # from this one on: what comes next in the plan
            if i not in self._spent and not self._fresh(i, now):
                chunk.append(i)
                if len(chunk) == PAGE - len(extra):
                    break
        got = {int(x["iid"]): x for x in self._fetch([*chunk, *(x for x in extra if x not in chunk)])}
        read_at = self._clock()
        # Only copies still fresh are kept: a plan editing the whole board holds a page of them.
        self._copies = {i: c for i, c in self._copies.items() if read_at - c[0] <= FRESH_FOR}
        for i in chunk:
            if i in got:
                self._copies[i] = (read_at, got[i])
            else:
                self._copies.pop(i, None)
                self._spent.add(i)  # not listed: read alone, once
        if extra:
            self.ledger, self.ledger_read = got.get(extra[0]), True
        found = self._copies.get(iid)
        return found[1] if found is not None else None

    def _fresh(self, iid: int, now: float) -> bool:
        hit = self._copies.get(iid)
        return hit is not None and now - hit[0] <= FRESH_FOR

    def wrote(self, iid: int) -> None:
        """This run used the copy for its write of the issue: it no longer says how the issue is."""
        self._copies.pop(iid, None)
        self._spent.add(iid)
