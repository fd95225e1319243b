"""The run's one board snapshot: each list read once, notes once per issue, writes folded back in."""

from __future__ import annotations

from dataclasses import replace

from bots import markers
from bots.board import BoardSnapshot
from bots.mirror.closed_history import closed_issues
from tests.factories import BOT
from tests.factories import issue as make_issue


class Source:
    """A gateway read side over a list of issues that records every request it would make."""

    bot_username = BOT

    def __init__(self, issues=(), closed=()):
        self.open, self.closed = list(issues), list(closed)
        self.calls: list[tuple] = []

    def issues(self, **filters):
        self.calls.append(("issues", tuple(sorted(filters.items()))))
        pool = self.open if filters["state"] == "opened" else self.closed
        term, iids = filters.get("search"), filters.get("iids[]")
        return iter([i for i in pool if (term is None or term in i.description)
                     and (iids is None or i.iid in iids)])

    def count_issues(self, **filters):
        self.calls.append(("count", tuple(sorted(filters.items()))))
        return len(self.closed)

    def notes(self, iid):
        self.calls.append(("notes", iid))
        return ()

    def awards(self, iid):
        self.calls.append(("awards", iid))
        return ()

    def user_exists(self, username):
        self.calls.append(("user", username))
        return True


def test_open_issues_are_listed_once_for_every_bot_and_label():
    src = Source([make_issue(2, labels=("sa-request",)), make_issue(1, labels=("form::pto",))])
    board = BoardSnapshot(src)
    assert [i.iid for i in board.open_issues()] == [1, 2]
    assert [i.iid for i in board.open_with("sa-request")] == [2]
    assert [i.iid for i in board.open_with("form::pto")] == [1]
    assert src.calls == [("issues", (("state", "opened"),))]


def test_notes_awards_users_and_each_closed_list_are_read_at_most_once():
    src = Source([make_issue(1)], [make_issue(9, state="closed", labels=("pto",))])
    board = BoardSnapshot(src)
    for _ in range(2):
        board.notes(1), board.awards(1), board.user_exists("ann")
        board.with_label("pto", created_after="2026-01-01")
    closed = ("issues", (("created_after", "2026-01-01"), ("labels", "pto"), ("state", "closed")))
    assert src.calls == [("notes", 1), ("awards", 1), ("user", "ann"), ("issues", (("state", "opened"),)),
                         closed]


def test_what_a_bot_wrote_is_seen_by_the_next_without_a_second_list():
    src = Source([make_issue(1, labels=("triage::new",))])
    board = BoardSnapshot(src)
    assert board.open_with("sa-request") == () and board.open_with("triage::new")[0].iid == 1
    board.applied(make_issue(2, labels=("sa-request",)))  # created by the mirror
    board.applied(make_issue(1, labels=("triage::new", "needs-info")))  # updated
    assert [(i.iid, i.labels) for i in board.open_issues()] == [
        (1, ("triage::new", "needs-info")), (2, ("sa-request",))]
    assert [i.iid for i in board.open_with("sa-request")] == [2]  # the lists asked before follow
    assert board.open_with("triage::new")[0].labels == ("triage::new", "needs-info")
    board.applied(make_issue(1, state="closed"))
    assert [i.iid for i in board.open_issues()] == [2] and board.open_with("triage::new") == ()
    assert board.is_open(2) and not board.is_open(1)
    board.notes(2)
    board.notes_changed(2)  # a note was written: read again when asked
    board.notes(2)
    assert src.calls.count(("notes", 2)) == 2 and len([c for c in src.calls if c[0] == "issues"]) == 1


def test_what_a_bot_derives_from_an_issue_is_computed_once_per_run_until_the_issue_changes():
    src = Source([make_issue(1, labels=("sa-request",))])
    board = BoardSnapshot(src)
    calls: list[tuple] = []

    def facts(issue, cfg, key):
        calls.append((issue.iid, issue.labels))
        return (issue.labels, cfg)

    cfg, key = {"config": 1}, b"key"
    (issue,) = board.open_issues()
    assert board.derived(facts, issue, cfg, key) == board.derived(facts, issue, cfg, key)  # the next bot
    assert calls == [(1, ("sa-request",))]
    assert board.derived(facts, issue, {"config": 1}, key) == (("sa-request",), cfg)  # other arguments
    assert board.derived(facts, replace(issue), {"config": 1}, key)  # another copy of the issue
    assert len(calls) == 3
    board.applied(make_issue(1, labels=("sa-request", "triage::new")))  # a write's answer
    (changed,) = board.open_issues()
    assert board.derived(facts, changed, cfg, key)[0] == ("sa-request", "triage::new")
    assert calls[-1] == (1, ("sa-request", "triage::new")) and len(calls) == 4


def mirrored(iid, key, **kw):
    text = markers.owned_block(markers.issue_key_marker(key) + "\nvisible")
    return make_issue(iid, description=text, state="closed", **kw)


def test_a_live_request_without_an_open_issue_is_searched_for_by_its_key():
    closed = [mirrored(i, f"006{i:04}") for i in range(1, 251)]  # 3 pages of closed history
    src = Source(closed=closed)
    found = closed_issues(BoardSnapshot(src), {"0060007"})
    assert [i.iid for i in found] == [7]
    assert [c[0] for c in src.calls] == ["count", "issues"]
    assert ("search", "0060007") in src.calls[-1][1]


def test_closed_issues_on_record_are_fetched_by_iid_and_only_the_others_searched_for():
    closed = [mirrored(i, f"006{i:04}") for i in range(1, 251)]  # 3 pages of closed history
    src = Source(closed=closed)
    # 7 and 8 as recorded; 9's record points at another request's issue; 10 has none
    known = {"0060007": 7, "0060008": 8, "0060009": 12}
    found = closed_issues(BoardSnapshot(src), {"0060007", "0060008", "0060009", "0060010"}, known)
    assert sorted(i.iid for i in found) == [7, 8, 9, 10]
    kinds = [(c[0], dict(c[1]).get("iids[]"), dict(c[1]).get("search")) for c in src.calls]
    assert kinds == [("issues", (7, 8, 12), None), ("count", None, None),
                     ("issues", None, "0060009"), ("issues", None, "0060010")]
    only = Source(closed=closed)
    assert [i.iid for i in closed_issues(BoardSnapshot(only), {"0060007"}, known)] == [7]
    assert [c[0] for c in only.calls] == ["issues"]  # all on record: one request, no count, no search


def test_many_orphans_list_the_closed_history_when_that_is_cheaper_and_none_read_nothing_more():
    closed = [mirrored(1, "0060001"), mirrored(2, "0060002", author="mallory")]  # a copy is not ours
    src = Source(closed=closed)
    assert [i.iid for i in closed_issues(BoardSnapshot(src), {"0060001", "0060002"})] == [1]
    assert [c[0] for c in src.calls] == ["count", "issues"]
    assert all(k != "search" for k, _ in src.calls[-1][1])
    empty = Source()
    assert closed_issues(BoardSnapshot(empty), {"0060001"}) == [] and [c[0] for c in empty.calls] == ["count"]
    assert closed_issues(BoardSnapshot(empty), set()) == [] and len(empty.calls) == 1


def test_an_issue_closed_by_the_run_leaves_every_closed_list_in_step():
    src = Source([make_issue(1)], [make_issue(5, state="closed", labels=("x",))])
    board = BoardSnapshot(src)
    board.open_issues()
    before = board.closed(labels="x")
    board.applied(replace(before[0], title="renamed"))
    assert board.closed(labels="x")[0].title == "renamed"


class Uncounted(Source):
    """Over 10,000 closed issues GitLab gives no X-Total; lists are read page by page (100 each)."""

    pages = 0

    def count_issues(self, **filters):
        super().count_issues(**filters)
        return None

    def issues(self, **filters):
        found = list(super().issues(**filters))
        for n, issue in enumerate(found):
            if n % 100 == 0 and "search" not in filters:  # pages of the history listed
                self.pages += 1
            yield issue


def test_uncounted_history_is_listed_for_at_most_a_page_per_key_then_searched():
    closed = [mirrored(i, f"006{i:04}") for i in range(1, 351)]  # 4 pages
    keys = {f"006{i:04}" for i in range(1, 151)} | {"0069999"}  # 151 keys: more than 10,000 / 100 pages
    src = Uncounted(closed=closed)
    assert len(closed_issues(BoardSnapshot(src), keys)) == 150
    assert src.pages == 4 and all(k != "search" for c in src.calls for k, _ in c[1])  # all of it: no search
    # 20,000 newer closed requests before ours: 151 pages listed (and the 152nd's first issue says
    # there is more), then the keys not found there are searched, one search each
    newer = [mirrored(i, f"007{i:05}") for i in range(1000, 21_000)]
    many = Uncounted(closed=[*newer, *closed])
    found = closed_issues(BoardSnapshot(many), keys)
    searched = [dict(c[1])["search"] for c in many.calls if "search" in dict(c[1])]
    assert len(found) == 150 and many.pages == 152 and sorted(searched) == sorted(keys)
    few = Uncounted(closed=closed)
    assert [i.iid for i in closed_issues(BoardSnapshot(few), {"0060007"})] == [7]
    assert few.pages == 0 and [c[0] for c in few.calls] == ["count", "issues"]  # one key: searched
