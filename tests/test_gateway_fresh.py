"""Issues read again before a plan's writes, in `iids[]` batches (bots/gateway/fresh.py)."""

from __future__ import annotations

from bots.gateway.fresh import FRESH_FOR, PAGE, FreshIssues


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def issues(calls: list[list[int]], gone: frozenset[int] = frozenset()):
    def fetch(iids: list[int]):
        calls.append(list(iids))
        return [{"iid": i, "description": f"d{i}"} for i in iids if i not in gone]
    return fetch


def test_the_first_read_fetches_the_plans_next_issues_and_the_ledger_once():
    calls: list[list[int]] = []
    fresh = FreshIssues(issues(calls), Clock())
    fresh.expect([5, 3, 5, 9], ledger_iid=1)
    assert fresh.get(3) == {"iid": 3, "description": "d3"}
    assert calls == [[3, 9, 1]]  # from 3 on, in the plan's order, and the ledger
    assert fresh.get(9)["description"] == "d9" and fresh.get(5)["description"] == "d5"
    assert calls == [[3, 9, 1], [5]]  # 5 came before 3: read when asked for
    assert fresh.ledger_read and fresh.ledger == {"iid": 1, "description": "d1"}
    assert fresh.get(42) is None and len(calls) == 2  # not announced: the caller reads it alone


def test_pages_of_a_hundred_and_copies_that_expire_or_were_written():
    calls: list[list[int]] = []
    clock = Clock()
    fresh = FreshIssues(issues(calls), clock)
    fresh.expect(range(1, 251))
    fresh.get(1)
    assert [len(c) for c in calls] == [PAGE]
    fresh.get(100)
    fresh.get(101)
    assert [len(c) for c in calls] == [PAGE, PAGE]
    clock.t += FRESH_FOR + 1
    fresh.get(150)  # its copy is old: read again, with the next ones
    assert calls[-1][:2] == [150, 151] and len(calls[-1]) == PAGE
    fresh.wrote(151)
    assert fresh.get(151) is None  # written by this run: read alone by the caller


def test_an_issue_gitlab_does_not_list_is_read_alone():
    calls: list[list[int]] = []
    fresh = FreshIssues(issues(calls, gone=frozenset({2})), Clock())
    fresh.expect([2, 3], ledger_iid=7)
    assert fresh.get(2) is None and fresh.get(3) is not None and len(calls) == 1
    assert fresh.ledger == {"iid": 7, "description": "d7"}


def test_a_later_plan_without_the_ledger_keeps_the_ledger_as_read():
    calls: list[list[int]] = []
    fresh = FreshIssues(issues(calls), Clock())
    fresh.expect([4], ledger_iid=1)
    fresh.get(4)
    fresh.expect([6])
    fresh.get(6)
    assert calls == [[4, 1], [6]] and fresh.ledger_read and fresh.ledger_iid == 1


def test_a_plan_over_many_issues_holds_at_most_a_page_of_copies():
    calls: list[list[int]] = []
    fresh = FreshIssues(issues(calls), Clock())
    fresh.expect(range(1, 1001))
    held = 0
    for iid in range(1, 1001):
        assert fresh.get(iid)["iid"] == iid
        fresh.wrote(iid)
        held = max(held, len(fresh._copies))
    assert len(calls) == 10 and held <= PAGE
