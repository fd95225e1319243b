"""Which issues' notes must be read again before a planner's proof from its own record is trusted.

The mirror posts its "Salesforce changed" note before the update that records the change in the
issue's signed state, so that a run dying in between leaves a note the next run can find. Its
planner can prove from that state that the note is new (the state still shows the request before the
change, and the note is only ever posted just before the state moves on), and the gateway then posts
it without reading the issue's notes first: `actions.UpsertNote.proven_absent`.

The proof fails only where an earlier run posted a note and never wrote the state after it. The runs
that know they did say so here, in a signed record on the bot's ledger issue
(`<!-- sa-triage:notes-recheck {...} sig=... -->`), which the gateway reads under the run lock with
the issues it is about to write (no request of its own):
* a run whose write failed, or that stopped, after a note: those issues;
* the run that clears the lock of a run that died: every issue (it cannot know which);
* a ledger issue without the record (written before this record existed): every issue.
A run over the whole board whose mirror applied its plan to the end settles what its snapshot showed
(those half-written issues were all in that plan, and read again): the record keeps what was added
since, and its own failures.
Without an open ledger issue nothing is trusted: a person may have closed it with the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from bots import markers

KIND = "notes-recheck"
MAX_IIDS = 200  # beyond this, "every issue": the record stays small


@dataclass(frozen=True)
class Recheck:
    every: bool = False
    iids: frozenset[int] = frozenset()

    def covers(self, iid: int) -> bool:
        return self.every or iid in self.iids

    def with_issues(self, iids: frozenset[int] | None) -> Recheck:
        """This and `iids` (None: every issue)."""
        if iids is None or self.every:
            return EVERY
        merged = self.iids | iids
        return EVERY if len(merged) > MAX_IIDS else Recheck(False, merged)

    def describe(self) -> str:
        if self.every:
            return "every issue"
        return ", ".join(f"#{i}" for i in sorted(self.iids)) or "none"


NONE = Recheck()
EVERY = Recheck(every=True)


def read(description: str | None, key: bytes) -> Recheck:
    """The ledger's record; every issue when it has none (or none we signed)."""
    data = markers.read_signed_comment(description, KIND, key)
    if data is None or data.get("v") != 1:
        return EVERY
    iids = data.get("iids")
    if data.get("all") is True or not isinstance(iids, list):
        return EVERY
    return Recheck(False, frozenset(i for i in iids if isinstance(i, int) and not isinstance(i, bool)))


def comment(recheck: Recheck, key: bytes) -> str:
    return markers.signed_comment(KIND, {"v": 1, "all": recheck.every, "iids": sorted(recheck.iids)}, key)


def after_run(snapshot: Recheck, fresh: Recheck, unsettled: frozenset[int] | None, *,
              settles: bool) -> Recheck:
    """The record once this run ends. `snapshot`: as the run's snapshot had it; `fresh`: as read under
    the lock; `unsettled`: the issues this run left half-written (None: it cannot tell which);
    `settles`: the mirror applied its whole plan over the whole board. What the snapshot recorded is
    then settled: its half-written issues were in that plan, and read again. What was recorded after
    the snapshot is not (its issues may have been written after it)."""
    if not settles:
        return fresh.with_issues(unsettled)
    if fresh.every:
        left = NONE if snapshot.every else EVERY
    elif snapshot.every:
        left = fresh  # cannot tell what was recorded after the snapshot
    else:
        left = Recheck(False, fresh.iids - snapshot.iids)
    return left.with_issues(unsettled)
