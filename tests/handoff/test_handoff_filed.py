"""A handoff filed as an SA Handoff issue: the same checklist, posted once on that issue, tracked,
reminded once and "done" the same way; one handoff, however it is seen.

The issue (issue 11) says the handoff starts when the request's SA changes "(or an SA Handoff issue is
filed for it)". Handbook steps (Commercial Sales - Customer Success, "SA to SA (new accounts)"),
copied into tests/fixtures/handbook/excerpts.md, e.g. "Introduce new SA live on a client call".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from bots import actions as a
from bots.board import BoardSnapshot
from bots.handoff import notes as n
from bots.handoff.job import HandoffJob
from bots.handoff.steps import STEPS
from bots.issue_templates import SA_HANDOFF
from bots.job import Plan
from bots.markers import find_note
from bots.model import Issue, Note
from tests.factories import BOT, NOW, context
from tests.handoff.helpers import later
from tests.issue11.helpers import quoted
from tests.issue_templates.helpers import fill
from tests.slo.helpers import mirrored

STEP = quoted("- Introduce new SA live on a client call")
ALEX, DANA = "alex.kim", "dana.white"
OPP_URL = "https://acme.my.salesforce.com/006Ak000001AbCdIAK"  # tests.factories.request()'s opportunity
HANDOFF, REQUEST = 31, 7


def handoff_issue(link: str = OPP_URL, previous: str = f"@{ALEX}", new: str = f"@{DANA}") -> Issue:
    text = fill(SA_HANDOFF, previous_sa=previous, new_sa=new, account_link=link, checklist=None)
    return Issue(HANDOFF, "SA handoff: Northwind", text, (SA_HANDOFF.label,), "opened", "jordan.lee", (),
                 NOW, NOW)


@dataclass
class Board:
    """A request and an SA Handoff issue, applying the bot's actions as the gateway does."""

    issues: dict[int, Issue] = field(default_factory=dict)
    notes: dict[int, list[Note]] = field(default_factory=dict)
    writes: int = 0
    next_id: int = 500
    bot_username = BOT

    def add(self, issue: Issue) -> None:
        self.issues[issue.iid] = issue
        self.notes.setdefault(issue.iid, [])

    def assign(self, *users: str, at: datetime) -> None:
        issue = self.issues[REQUEST]
        added = " and ".join(f"@{u}" for u in users if u not in issue.assignees)
        removed = " and ".join(f"@{u}" for u in issue.assignees if u not in users)
        body = f"assigned to {added}" + (f" and unassigned {removed}" if removed else "")
        self.next_id += 1
        self.notes[REQUEST].append(Note(self.next_id, "maria.garcia", body, at, at, system=True))
        self.issues[REQUEST] = replace(issue, assignees=users)

    def tick_all(self, iid: int) -> None:
        note = find_note(self.notes[iid], n.checklist_marker(1), BOT)
        assert note is not None
        body = note.body
        for _, text in STEPS:
            body = body.replace(f"- [ ] {text}", f"- [x] {text}")
        self.notes[iid] = [replace(x, body=body) if x.id == note.id else x for x in self.notes[iid]]

    def bot_notes(self, iid: int, kind: str) -> list[Note]:
        head = f"<!-- sa-triage:{kind} "
        return [x for x in self.notes[iid] if x.author == BOT and x.body.startswith(head)]

    # the Source protocol, as much as the job uses
    def issues_list(self, **_: object) -> list[Issue]:
        return list(self.issues.values())

    def run(self, now: datetime) -> Plan:
        ctx, job = context(now=now), HandoffJob()
        plan = job.plan(job.read(BoardSnapshot(_Source(self)), ctx), ctx)
        for x in plan.actions:
            self.writes += 1
            if isinstance(x, a.UpsertNote):
                assert find_note(self.notes[x.iid], x.marker, BOT) is None, "a note is posted once"
                self.next_id += 1
                self.notes[x.iid].append(Note(self.next_id, BOT, x.body, now, now))
            elif isinstance(x, a.UpdateIssue):
                assert x.edit is not None and x.iid == REQUEST, "only the request's record is written"
                issue = self.issues[x.iid]
                self.issues[x.iid] = replace(issue, description=x.edit.apply(issue.description))
        return plan

    def quiet(self, now: datetime) -> None:
        before = self.writes
        self.run(now)
        assert self.writes == before, "a re-run writes nothing"


class _Source:
    def __init__(self, board: Board) -> None:
        self.board, self.bot_username = board, BOT

    def issues(self, **_: object) -> list[Issue]:
        return self.board.issues_list()

    def notes(self, iid: int) -> list[Note]:
        return list(self.board.notes[iid])


def _board() -> Board:
    board = Board()
    board.add(mirrored(iid=REQUEST))
    board.assign(ALEX, at=later(NOW, hours=-3))
    board.run(later(NOW, hours=-2))
    return board


def test_a_filed_handoff_posts_the_checklist_on_its_issue_to_both_sas_then_the_assignment_adds_none():
    assert "Introduce new SA" in STEP
    board = _board()
    board.add(handoff_issue())
    board.run(NOW)
    (note,) = board.bot_notes(HANDOFF, "handoff")
    assert "**SA handoff: @alex.kim → @dana.white**" in note.body and "SA Handoff issue" in note.body
    assert board.bot_notes(REQUEST, "handoff") == []
    board.quiet(NOW)
    board.assign(DANA, at=later(NOW, hours=1))  # the same handoff, now seen as the assignment
    board.run(later(NOW, hours=2))
    board.quiet(later(NOW, hours=2))
    assert board.bot_notes(REQUEST, "handoff") == [] and len(board.bot_notes(HANDOFF, "handoff")) == 1


def test_an_assignment_seen_first_is_not_posted_again_when_the_issue_is_filed():
    board = _board()
    board.assign(DANA, at=NOW)
    board.run(NOW)
    assert len(board.bot_notes(REQUEST, "handoff")) == 1
    board.add(handoff_issue())
    plan = board.run(later(NOW, hours=1))
    assert board.bot_notes(HANDOFF, "handoff") == []
    assert "#31: SA handoff already tracked on its request #7; no second checklist" in plan.info
    board.quiet(later(NOW, hours=1))


def test_both_seen_in_one_run_are_one_handoff_on_the_issue():
    board = _board()
    board.assign(DANA, at=NOW)
    board.add(handoff_issue())
    board.run(later(NOW, hours=1))
    assert board.bot_notes(REQUEST, "handoff") == [] and len(board.bot_notes(HANDOFF, "handoff")) == 1
    board.quiet(later(NOW, hours=1))


def test_the_filed_checklist_is_reminded_once_and_done_once_ticked():
    board = _board()
    board.add(handoff_issue())
    board.run(NOW)
    board.run(later(NOW, days=1))
    assert board.bot_notes(HANDOFF, "handoff-reminder") == []
    board.run(later(NOW, days=6))  # past 3 business days, in business hours
    (reminder,) = board.bot_notes(HANDOFF, "handoff-reminder")
    assert "@dana.white @alex.kim" in reminder.body
    board.quiet(later(NOW, days=7))
    board.tick_all(HANDOFF)
    board.run(later(NOW, days=8))
    assert len(board.bot_notes(HANDOFF, "handoff-done")) == 1
    board.quiet(later(NOW, days=9))


def test_an_account_link_or_an_unknown_request_still_gets_its_checklist_and_bad_forms_none():
    board = _board()
    board.add(handoff_issue(link="https://acme.my.salesforce.com/001Ak000001AbCdIAK"))
    board.run(NOW)
    assert len(board.bot_notes(HANDOFF, "handoff")) == 1
    for bad in (handoff_issue(new=f"@{ALEX}"), handoff_issue(new="@jordan.lee")):  # same SA; not an SA
        other = Board()
        other.add(bad)
        other.run(NOW)
        assert other.bot_notes(HANDOFF, "handoff") == []


def test_the_checklist_waits_for_the_sas_business_hours():
    board = _board()
    board.add(handoff_issue())
    plan = board.run(later(NOW, hours=12))  # 03:00 UTC: night in New York
    assert board.bot_notes(HANDOFF, "handoff") == []
    assert any("checklist waits for business hours" in line for line in plan.info)
