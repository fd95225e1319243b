"""The SLO bot's ledger: the reminders it just posted, so the runs that follow trust their labels.

A due level's `slo::` label is taken from the label alone only once the bot's first chance to post
it is over (`engine.GRACE`): until then a person could have added the label before the bot posted,
so every run read the issue's notes, for hours after each reminder. The run that posts such a
reminder records (issue, level, until the window ends) here once the note went out (`Plan.then`:
from the actions applied without an error); the runs that follow, until then, take that label as
the bot's own and read no notes.

It also records the issues whose notes the bot read for a rule's evidence (a second pair of eyes, a
follow-up note) and found none, with the issue's `updated_at` and note count then (`Stamp`). GitLab
touches an issue's `updated_at` whenever a note on it is saved, created or edited: while both are
unchanged, the notes still hold no evidence, and the runs that follow need not read them again
(`quiet`). The entries hold for one set of the judging rules' settings and team (`basis`,
`engine.evidence_basis`); any other change (a note, a label, an edit, those settings) reads the notes
again.

The ledger is one issue the bot created (key `slo-ledger`), listed with the open issues at no extra
request. Only its signed record is trusted: a person may edit, close or delete the issue, but cannot
forge an entry. An entry is positive evidence only and expires with its window: a lost, stale or
raced ledger (two runs at once, a crash) costs notes reads, never a reminder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from bots import actions as a
from bots import bot_ledger, markers
from bots.model import Issue

KEY = bot_ledger.KEY  # the issue's key marker
KIND = "slo-ledger"  # its signed record
TITLE = bot_ledger.TITLE

Entry = tuple[int, str, int]  # (issue iid, level key, until: epoch seconds)
Stamp = tuple[int, int]  # (the issue's updated_at in epoch milliseconds, its user_notes_count)


# At most this many entries (about 40 characters each), the latest to expire kept: the ledger stays
# far below GitLab's description limit (1,048,576 characters); a reminder left out costs its reads.
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Ledger:
    iid: int | None = None  # the ledger issue; None: there is none (yet)
    entries: frozenset[Entry] = frozenset()
    quiet_at: Mapping[int, Stamp] = field(default_factory=dict)  # iid -> when its notes held no evidence
    basis: str = ""  # the settings and team the quiet entries were judged with

    def quiet(self, issue: Issue, basis: str) -> bool:
        """The issue's notes are as they were when the bot last read them and found no evidence."""
        return self.basis == basis and self.quiet_at.get(issue.iid) == stamp(issue)

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
    issue = bot_ledger.find_issue(issues, bot, skip_label)
    if issue is None:
        return Ledger()
    data = markers.read_signed_comment(issue.description, KIND, key) or {}
    basis = data.get("b")
    return Ledger(issue.iid, frozenset(_entries(data)), dict(_quiet(data)),
                  basis if isinstance(basis, str) else "")


def stamp(issue: Issue) -> Stamp:
    return round(issue.updated_at.timestamp() * 1000), issue.user_notes_count


def _quiet(data: dict[str, object]) -> Iterable[tuple[int, Stamp]]:
    found = data.get("q")
    if not isinstance(found, dict):
        return
    for iid, at in found.items():
        if isinstance(iid, str) and iid.isdigit() and isinstance(at, list) and len(at) == 2 \
                and all(isinstance(x, int) for x in at):
            yield int(iid), (at[0], at[1])


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


def record(entries: Iterable[Entry], key: bytes, quiet: Mapping[int, Stamp] | None = None,
           basis: str = "") -> str:
    data: dict[str, dict[str, int]] = {}
    for iid, level, until in sorted(entries):
        data.setdefault(str(iid), {})[level] = until
    body: dict[str, object] = {"v": 1, "e": data}
    if quiet:
        body["q"] = {str(iid): list(quiet[iid]) for iid in sorted(quiet)}
        body["b"] = basis
    return markers.signed_comment(KIND, body, key)


@dataclass(frozen=True)
class Quiet:
    """What this run learnt of the notes: the issues read and found without evidence (`new`), and
    those whose entry still holds (`kept`: unchanged since, so not read)."""

    basis: str
    new: Mapping[int, Stamp] = field(default_factory=dict)
    kept: frozenset[int] = frozenset()


def plan(ledger: Ledger, confirmed: Iterable[tuple[int, str, datetime]], now: datetime,
         key: bytes, quiet: Quiet | None = None) -> list[a.Action]:
    """The write that adds the reminders this run posted (expired entries go with it) and the issues
    whose notes it found without evidence (entries that no longer hold go with it); none if nothing
    is new.

    Expired or outdated entries alone are no reason to write: they are ignored when read."""
    t = int(now.timestamp())
    new = {(iid, level, int(until.timestamp())) for iid, level, until in confirmed}
    if quiet is None:  # nothing read for evidence this run: the entries stay as they are
        basis, still, learnt = ledger.basis, dict(ledger.quiet_at), False
    else:
        same = quiet.basis == ledger.basis
        basis = quiet.basis
        still = {iid: ledger.quiet_at[iid] for iid in quiet.kept if same and iid in ledger.quiet_at}
        learnt = any(not same or ledger.quiet_at.get(iid) != at for iid, at in quiet.new.items())
        still.update(quiet.new)
    if new <= ledger.entries and not learnt:
        return []
    entries = {e for e in ledger.entries if e[2] >= t} | new
    if len(entries) + len(still) > MAX_ENTRIES:  # reminders first: a quiet entry left out costs a read
        entries = set(sorted(entries, key=lambda e: (-e[2], e[0], e[1]))[:MAX_ENTRIES])
        keep = sorted(still, key=lambda iid: -still[iid][0])[:MAX_ENTRIES - len(entries)]
        still = {iid: still[iid] for iid in keep}
    comment = record(entries, key, still, basis)
    if ledger.iid is None:
        return [bot_ledger.create(((KIND, comment),))]
    return [a.UpdateIssue(ledger.iid, edit=a.DescriptionEdit(records=((KIND, comment),)))]
