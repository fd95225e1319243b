"""The SLO ledger (bots.slo.ledger): a reminder the bot posted is recorded once it went out, so the runs
inside its recent window (engine.GRACE) trust its label without reading the issue's notes; anything
else (no entry, a forged or expired one, a one-issue run) falls back to reading the notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.jobs.slo import SloJob
from bots.model import Issue
from bots.slo import ledger
from bots.sources.request import Region
from tests.factories import BOT, KEY, context, request
from tests.slo.helpers import FakeGitLab, local, mirrored
from tests.slo.test_job import Reader

LABEL = "slo::triage-breached"
REQ = request(region=Region.AMER, requested_at=local("AMER", 2026, 11, 20, 16, 0), meeting_at=None)
LATE = local("AMER", 2026, 11, 23, 16, 30)  # triage due Mon 16:00 EST: the bot's first chance, in hours


class Board(Reader):
    """The request and, once the bot wrote it, its ledger issue (applied like the gateway would)."""

    def __init__(self, gl: FakeGitLab) -> None:
        super().__init__([gl.issue], notes={gl.issue.iid: gl.note_tuple()})
        self.gl = gl
        self.book: Issue | None = None

    def issues(self, **filters):
        self._requests = [self.gl.issue, *([self.book] if self.book else [])]
        self._notes = {self.gl.issue.iid: self.gl.note_tuple()}
        return super().issues(**filters)

    def run(self, now, *, whole: bool = True, fail_posts: bool = False) -> tuple[a.Action, ...]:
        """One slo run; returns what it wrote to the ledger."""
        job, ctx = SloJob(), context(now)
        plan = job.plan(job.read(BoardSnapshot(self, whole=whole), ctx), ctx)
        done, mine = [], []
        for x in plan.actions:
            if fail_posts and isinstance(x, a.UpsertNote):
                continue  # GitLab refused it: not done
            if isinstance(x, a.CreateIssue) or x.iid == 99:  # the ledger's own, written at once
                self.write(x)
                mine.append(x)
                continue
            self.gl.apply(x, now)
            done.append(x)
        more = plan.then(tuple(done)) if plan.then else ()
        for x in more:
            self.write(x)
        return (*mine, *more)

    def write(self, x: a.Action) -> None:
        if isinstance(x, a.CreateIssue):
            self.book = Issue(99, x.title, x.description, x.labels, "opened", BOT, (), LATE, LATE)
        else:
            assert isinstance(x, a.UpdateIssue) and self.book and x.iid == 99 and x.edit
            self.book = replace(self.book, description=x.edit.apply(self.book.description))


def test_a_posted_reminder_is_recorded_and_its_label_trusted_without_the_notes():
    board = Board(FakeGitLab(mirrored(REQ)))
    wrote = board.run(LATE)
    assert board.gl.posts == 1 and [type(x) for x in wrote] == [a.CreateIssue]
    assert board.book is not None and board.book.labels == () and LABEL in board.gl.issue.labels
    board.note_calls.clear()
    assert board.run(LATE + timedelta(minutes=15)) == ()  # nothing new: the ledger is not written
    assert board.note_calls == [] and board.gl.writes == 2  # the note and the label, once
    # the same run without the ledger reads the notes, as before it existed
    board.book = None
    board.run(LATE + timedelta(minutes=30))
    assert board.note_calls == [1]


def test_a_forged_or_expired_entry_is_not_trusted():
    board = Board(FakeGitLab(mirrored(REQ)))
    board.run(LATE)
    assert board.book is not None
    forged = board.book.description.replace('"v":1', '"v":2')
    board.book = replace(board.book, description=forged)
    assert ledger.find([board.book], BOT, KEY, "sa-request").entries == frozenset()
    board.note_calls.clear()
    board.run(LATE + timedelta(minutes=15))
    assert board.note_calls == [1]

    book = ledger.Ledger(99, frozenset({(1, "triage-breached", int(LATE.timestamp()))}))
    assert book.confirmed(1, LATE) == {"triage-breached"}
    assert book.confirmed(1, LATE + timedelta(seconds=1)) == frozenset()
    assert book.confirmed(2, LATE) == frozenset()


def test_a_label_a_person_added_before_the_bot_posted_still_gets_the_reminder():
    gl = FakeGitLab(mirrored(REQ))
    gl.relabel(add=(LABEL,))  # no ledger entry vouches for it: the notes are read, the reminder goes out
    board = Board(gl)
    board.run(LATE)
    assert board.note_calls == [1] and gl.posts == 1


def test_a_reminder_that_did_not_go_out_is_not_recorded():
    board = Board(FakeGitLab(mirrored(REQ)))
    job, ctx = SloJob(), context(LATE)
    planned = job.plan(job.read(BoardSnapshot(board), ctx), ctx).actions
    assert [x.marker for x in planned if isinstance(x, a.UpsertNote)] == [
        "<!-- sa-triage:slo triage-breached -->"]  # a reminder to post
    assert board.run(LATE, fail_posts=True) == ()
    assert board.book is None


def test_a_one_issue_run_keeps_no_ledger():
    board = Board(FakeGitLab(mirrored(REQ)))
    assert board.run(LATE, whole=False) == () and board.gl.posts == 1


def test_a_new_entry_updates_the_ledger_and_drops_expired_ones():
    t = int(LATE.timestamp())
    old = ledger.Ledger(99, frozenset({(5, "triage-breached", t - 1), (6, "fast-track", t + 60)}))
    (edit,) = ledger.plan(old, [(7, "meeting-prep", LATE + timedelta(hours=3))], LATE, KEY)
    assert isinstance(edit, a.UpdateIssue) and edit.iid == 99 and edit.edit is not None
    written = edit.edit.apply(markers.owned_block(markers.issue_key_marker(ledger.KEY)))
    book = ledger.find([Issue(99, "x", written, (), "opened", BOT, (), LATE, LATE)], BOT, KEY, "sa-request")
    assert book.entries == {(6, "fast-track", t + 60), (7, "meeting-prep", t + 3 * 3600)}
    assert ledger.plan(book, [(7, "meeting-prep", LATE + timedelta(hours=3))], LATE, KEY) == []
    # an issue of someone else's with the same key and record is not the ledger
    theirs = Issue(98, "x", written, (), "opened", "mallory", (), LATE, LATE)
    assert ledger.find([theirs], BOT, KEY, "sa-request") == ledger.Ledger()


def test_a_confirmed_reminder_whose_label_a_person_removed_gets_it_back_without_the_notes():
    board = Board(FakeGitLab(mirrored(REQ)))
    board.run(LATE)
    board.gl.relabel(remove=(LABEL,))
    board.note_calls.clear()
    board.run(local("AMER", 2026, 11, 23, 17, 30))  # New York closed: nothing could be posted now
    assert LABEL in board.gl.issue.labels and board.note_calls == [] and board.gl.posts == 1


def test_the_ledger_keeps_at_most_its_cap_the_latest_to_expire(monkeypatch):
    monkeypatch.setattr(ledger, "MAX_ENTRIES", 3)
    t = int(LATE.timestamp())
    went = [(i, "triage-breached", LATE + timedelta(minutes=i)) for i in range(1, 6)]
    (create,) = ledger.plan(ledger.Ledger(), went, LATE, KEY)
    assert isinstance(create, a.CreateIssue)
    book = ledger.find([Issue(99, "x", create.description, (), "opened", BOT, (), LATE, LATE)], BOT, KEY,
                       "sa-request")
    assert book.entries == {(i, "triage-breached", t + 60 * i) for i in (3, 4, 5)}
    assert book.confirmed(5, LATE) == {"triage-breached"} and book.confirmed(1, LATE) == frozenset()


# A second pair of eyes is due from Tue 24 Nov 11:00 GMT; the SA is marco.bianchi, lena.fischer another SA.
ASSIGNED = local("EMEA", 2026, 11, 23, 11, 0)
REVIEW = "<!-- sa-triage:slo second-review -->"


def _assigned_board() -> Board:
    from tests.slo.test_review import assigned_issue

    issue, notes = assigned_issue("EMEA", ASSIGNED)
    gl = FakeGitLab(replace(issue, updated_at=ASSIGNED), list(notes))
    gl.touch(ASSIGNED)
    board = Board(gl)
    board.run(ASSIGNED + timedelta(minutes=30))  # records the assignment time
    board.run(local("EMEA", 2026, 11, 24, 11, 30))  # the reminder
    assert list(gl.bot_notes()) == [REVIEW] and gl.posts == 1
    return board


def test_notes_that_showed_no_reviewer_are_not_read_again_until_the_issue_changes():
    board = _assigned_board()
    board.note_calls.clear()
    wrote = board.run(local("EMEA", 2026, 11, 24, 12, 0))  # after its own reminder: read once more
    assert board.note_calls == [1] and [type(x) for x in wrote] == [a.UpdateIssue]
    book = ledger.find([board.book], BOT, KEY, "sa-request")
    assert book.quiet_at == {1: ledger.stamp(board.gl.issue)} and book.basis
    board.note_calls.clear()
    for hour in (13, 15, 17):  # nothing changed: no notes read, nothing written
        assert board.run(local("EMEA", 2026, 11, 24, hour, 0)) == ()
    assert board.note_calls == [] and board.gl.posts == 1
    # a colleague comments: the issue moved, so its notes are read and the reminder resolves
    board.gl.comment("Read the plan: the use cases need a why-now.", local("EMEA", 2026, 11, 24, 17, 30),
                     "lena.fischer")
    board.run(local("EMEA", 2026, 11, 24, 18, 0))
    assert board.note_calls == [1]
    assert "**Resolved:**" in board.gl.bot_notes()[REVIEW].body


def test_an_edited_note_or_other_settings_read_the_notes_again():
    board = _assigned_board()
    board.gl.comment("Thanks, will do.", local("EMEA", 2026, 11, 24, 11, 45), "marco.bianchi")
    board.run(local("EMEA", 2026, 11, 24, 12, 0))
    assert ledger.find([board.book], BOT, KEY, "sa-request").quiet_at  # nothing in it: recorded
    # the SA edits the comment to ask a colleague: same count of notes, but the issue moved
    (mine,) = [n for n in board.gl.notes if n.author == "marco.bianchi"]
    board.gl.edit_comment(mine.id, "@lena.fischer could you look over the Command Plan with me?",
                          local("EMEA", 2026, 11, 24, 12, 10))
    board.note_calls.clear()
    board.run(local("EMEA", 2026, 11, 24, 12, 30))
    assert board.note_calls == [1] and "**Resolved:**" in board.gl.bot_notes()[REVIEW].body

    other = _assigned_board()
    other.run(local("EMEA", 2026, 11, 24, 12, 0))
    book = ledger.find([other.book], BOT, KEY, "sa-request")
    assert book.quiet(other.gl.issue, book.basis) and not book.quiet(other.gl.issue, "another team")


def test_a_quiet_entry_holds_only_for_the_same_updated_at_and_count_of_notes():
    t = LATE
    issue = Issue(5, "x", "", (), "opened", BOT, (), t, t, user_notes_count=2)
    book = ledger.Ledger(99, quiet_at={5: ledger.stamp(issue)}, basis="b")
    assert book.quiet(issue, "b")
    assert not book.quiet(replace(issue, updated_at=t + timedelta(milliseconds=1)), "b")
    assert not book.quiet(replace(issue, user_notes_count=3), "b")
    assert not book.quiet(replace(issue, iid=6), "b")
    # learnt again as it was: no write; a new one: one write that keeps what still holds
    assert ledger.plan(book, (), t, KEY, ledger.Quiet("b", {5: ledger.stamp(issue)}, frozenset({5}))) == []
    (edit,) = ledger.plan(book, (), t, KEY, ledger.Quiet("b", {7: (1, 0)}, frozenset({5})))
    written = edit.edit.apply(markers.owned_block(markers.issue_key_marker(ledger.KEY)))
    again = ledger.find([Issue(99, "x", written, (), "opened", BOT, (), t, t)], BOT, KEY, "sa-request")
    assert again.quiet_at == {5: ledger.stamp(issue), 7: (1, 0)} and again.basis == "b"
    # an entry that no longer holds (not kept) goes with the next write
    (edit,) = ledger.plan(again, (), t, KEY, ledger.Quiet("b", {8: (2, 0)}, frozenset({7})))
    written = edit.edit.apply(markers.owned_block(markers.issue_key_marker(ledger.KEY)))
    assert ledger.find([Issue(99, "x", written, (), "opened", BOT, (), t, t)], BOT, KEY,
                       "sa-request").quiet_at == {7: (1, 0), 8: (2, 0)}
