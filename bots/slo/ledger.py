"""The SLO bot's ledger: the reminders it just posted, so the runs that follow trust their labels.

A due level's `slo::` label is taken from the label alone only once the bot's first chance to post
it is over (`engine.GRACE`): until then a person could have added the label before the bot posted,
so every run read the issue's notes, for hours after each reminder. The run that posts such a
reminder records (issue, level, until the window ends) here once the note went out (`Plan.then`:
from the actions applied without an error); the runs that follow, until then, take that label as
the bot's own and read no notes.

The ledger is one issue the bot created (key `slo-ledger`), listed with the open issues at no extra
request. Only its signed record is trusted: a person may edit, close or delete the issue, but cannot
forge an entry. An entry is positive evidence only and expires with its window: a lost, stale or
raced ledger (two runs at once, a crash) costs notes reads, never a reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from bots import actions as a
from bots import markers
from bots.model import Issue

KEY = "slo-ledger"  # the issue's key marker
KIND = "slo-ledger"  # its signed record
TITLE = "sa-triage: SLO ledger (the bot's own state)"
ABOUT = ("The SLO bot keeps here which reminders it has just posted, for a few hours each, so that "
         "its next runs need not read those issues' notes to trust their labels. Editing this issue "
         "changes nothing; closing or deleting it costs only extra reads.")

Entry = tuple[int, str, int]  # (issue iid, level key, until: epoch seconds)


# At most this many entries (about 40 characters each), the latest to expire kept: the ledger stays
# far below GitLab's description limit (1,048,576 characters); a reminder left out costs its reads.
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Ledger:
    iid: int | None = None  # the ledger issue; None: there is none (yet)
    entries: frozenset[Entry] = frozenset()

    @cached_property
    def _by_issue(self) -> dict[int, tuple[tuple[str, int], ...]]:
        out: dict[int, list[tuple[str, int]]] = {}
        for iid, level, until in self.entries:
            out.setdefault(iid, []).append((level, until))
        return {iid: tuple(levels) for iid, levels in out.items()}

    def confirmed(self, iid: int, now: datetime) -> frozenset[str]:
        """The levels of issue `iid` whose reminder the bot posted, with a window not yet over."""
        levels = self._by_issue.get(iid)
        if not levels:
            return frozenset()
        t = now.timestamp()
        return frozenset(level for level, until in levels if until >= t)


def find(issues: Iterable[Issue], bot: str, key: bytes, skip_label: str) -> Ledger:
    """The ledger among the open issues (those labelled `skip_label`, the requests, are not looked at)."""
    for issue in issues:
        if issue.author != bot or skip_label in issue.labels:
            continue
        if markers.find_issue_key(issue, bot) != KEY:
            continue
        data = markers.read_signed_comment(issue.description, KIND, key) or {}
        return Ledger(issue.iid, frozenset(_entries(data)))
    return Ledger()


def _entries(data: dict[str, object]) -> Iterable[Entry]:
    levels = data.get("e")
    if not isinstance(levels, dict):
        return
    for iid, by_level in levels.items():
        if not (isinstance(iid, str) and iid.isdigit() and isinstance(by_level, dict)):
            continue
        for level, until in by_level.items():
            if isinstance(level, str) and isinstance(until, int):
                yield int(iid), level, until


def record(entries: Iterable[Entry], key: bytes) -> str:
    data: dict[str, dict[str, int]] = {}
    for iid, level, until in sorted(entries):
        data.setdefault(str(iid), {})[level] = until
    return markers.signed_comment(KIND, {"v": 1, "e": data}, key)


def plan(ledger: Ledger, confirmed: Iterable[tuple[int, str, datetime]], now: datetime,
         key: bytes) -> list[a.Action]:
    """The write that adds the reminders this run posted (expired entries go with it); none if nothing
    is new.

    Expired entries alone are no reason to write: they are ignored when read."""
    t = int(now.timestamp())
    new = {(iid, level, int(until.timestamp())) for iid, level, until in confirmed}
    if new <= ledger.entries:
        return []
    entries = {e for e in ledger.entries if e[2] >= t} | new
    if len(entries) > MAX_ENTRIES:
        entries = set(sorted(entries, key=lambda e: (-e[2], e[0], e[1]))[:MAX_ENTRIES])
    comment = record(entries, key)
    if ledger.iid is None:
        content = f"{markers.issue_key_marker(KEY)}\n{ABOUT}"
        return [a.CreateIssue(KEY, TITLE, f"{markers.owned_block(content)}\n{comment}\n", ())]
    return [a.UpdateIssue(ledger.iid, edit=a.DescriptionEdit(records=((KIND, comment),)))]
