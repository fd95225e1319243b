"""One run's part in `bots.notes_recheck`: what its note-proving plans left half-written, and the
ledger's record as the run leaves it (written under the lock, before the lock's release), or as the
run that clears a dead run's lock leaves it (before that lock is cleared)."""

from __future__ import annotations

from collections.abc import Callable

from bots import bot_ledger, notes_recheck
from bots.actions import Action, DescriptionEdit, UpdateIssue, UpsertNote
from bots.board import BoardSnapshot
from bots.gateway import Gateway
from bots.job import Plan
from bots.model import Issue
from bots.output import Output


class RunRecheck:
    def __init__(self, gateway: Gateway, key: bytes, out: Output, board: Callable[[], BoardSnapshot],
                 *, whole: bool) -> None:
        self.gateway, self.key, self.out, self._board, self.whole = gateway, key, out, board, whole
        self.unsettled: set[int] | None = set()  # None: cannot tell which
        self.proving = False  # a plan with notes proven new was applied
        self.settles = False  # ... a note-proving plan, to its end, over the whole board
        self.cleared_stale = False
        self.ledger: Issue | None = None  # as the proving plan's snapshot had it

    def ledger_iid(self, actions: tuple[Action, ...], plan: Plan) -> int | None:
        """A plan is about to be applied: the ledger issue to read with its issues, if it proves notes."""
        if not (plan.proves_notes and any(isinstance(x, UpsertNote) and x.proven_absent for x in actions)):
            return None
        self.proving, self.ledger = True, plan.ledger
        return plan.ledger.iid if plan.ledger else None

    def half_written(self, actions: tuple[Action, ...]) -> None:
        if self.unsettled is not None:
            self.unsettled.update(i for x in actions if isinstance(i := getattr(x, "iid", None), int))

    def record(self) -> None:
        """Under the lock, before its release: the ledger's record as this run leaves it."""
        if not self.proving:
            return
        unsettled = None if self.unsettled is None else frozenset(self.unsettled)
        fresh = self.gateway.recheck_seen()
        if fresh is None and unsettled == frozenset() and not self.settles:
            return  # nothing read, nothing to add
        ledger = self._find_ledger()
        if fresh is None:
            fresh = self.gateway.recheck_of(self._read_ledger(ledger))
        snapshot = notes_recheck.read(ledger.description, self.key) if ledger else notes_recheck.EVERY
        left = notes_recheck.after_run(snapshot, fresh, unsettled,
                                       settles=self.settles and not self.cleared_stale)
        if left != fresh or ledger is None:
            self._write(ledger, left)

    def every(self, holder: str) -> None:
        """Before clearing the lock of a run that died (`holder`): it may have left any issue
        half-written."""
        self.cleared_stale = True
        ledger = self._find_ledger()
        fresh = self.gateway.recheck_of(self._read_ledger(ledger)) if ledger else notes_recheck.NONE
        if fresh != notes_recheck.EVERY or ledger is None:
            self._write(ledger, notes_recheck.EVERY)

    def _write(self, ledger: Issue | None, recheck: notes_recheck.Recheck) -> None:
        record = ((notes_recheck.KIND, notes_recheck.comment(recheck, self.key)),)
        action: Action = (bot_ledger.create(record) if ledger is None
                          else UpdateIssue(ledger.iid, edit=DescriptionEdit(records=record)))
        result = self.gateway.apply(action)
        for issue in self.gateway.take_touched():  # a ledger made here: later bots see it
            self._board().applied(issue)
        self.out.line(f"   + notes to read again before trusting the bot's records: "
                      f"{recheck.describe()} ({result})")

    def _find_ledger(self) -> Issue | None:
        """The ledger issue: as the proving plan's snapshot had it, else looked up: on the board as
        this run's writes left it (a bot may have made it since), or, in a one-issue run, whose board
        has only its issue, with one search (only when there is a record to write)."""
        if self.ledger is not None:
            return self.ledger
        bot = self.gateway.bot_username

        def look() -> Issue | None:
            found = self._board().open_issues() if self.whole else self.gateway.issues(
                state="opened", author_username=bot, search=bot_ledger.TITLE, **{"in": "title"})
            return bot_ledger.find_issue(found, bot, "")

        found: Issue | None = self.gateway.guarded("looking for the bot's ledger issue", look)
        return found

    def _read_ledger(self, ledger: Issue | None) -> Issue | None:
        if ledger is None:
            return None
        read: Issue | None = self.gateway.guarded(f"reading the ledger issue #{ledger.iid}",
                                                  self.gateway.issue, ledger.iid)
        return read
