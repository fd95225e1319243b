"""The issue indexes (state, label, author, iid, searched texts): lists equal the full scan's.

Each query is answered twice: through the indexes, and with them switched off (the finder's
scan over every issue, as before they existed). Between rounds, writes move issues between
index buckets: label changes (API and quick actions), state changes, description edits that
move a key (and its marker), deletes, a deleted label, a dump and load.
"""

from __future__ import annotations

import random
from typing import Any

import gitlab
import pytest

from gitlab_sandbox import Sandbox, issue_filters

from .conftest import PROJECT, assert_indexes_in_step, client

PATH = "/projects/commercial%2Ftriage/issues"
LABELS = ["sa-request", "emea", "amer", "triage::new", "triage::engaged"]
AUTHORS = ["sa-triage-bot", "alice", "bob"]


def key_marker(n: int) -> str:
    return f"<!-- sa-triage:key 006BE{n:010d} -->"


QUERIES: list[dict[str, Any]] = [
    {}, {"state": "opened"}, {"state": "closed"}, {"state": "all", "sort": "asc"},
    {"labels": "emea"}, {"labels": "emea,sa-request", "state": "opened"},
    {"labels": "None"}, {"labels": "Any", "state": "closed"}, {"labels": "no-such-label"},
    {"author_username": "alice"}, {"author_username": "nobody"}, {"author_id": 1},
    {"author_username": "sa-triage-bot", "state": "closed", "order_by": "created_at",
     "sort": "desc"},
    {"scope": "created_by_me", "order_by": "updated_at", "sort": "asc"},
    {"iids[]": [1, 2, 3, 5, 8, 13, 999]}, {"iids[]": [4], "state": "closed"},
    {"search": key_marker(3), "in": "description"}, {"search": key_marker(3)},
    {"search": key_marker(4).upper(), "in": "description", "state": "opened"},
    {"search": key_marker(5), "in": "title"}, {"search": "006BE0000000003"},
    {"search": "<!-- sa-triage:key", "in": "description"}, {"search": "titled", "in": "title"},
    {"search": "006be0000000007", "in": "title,description", "state": "opened"},
    {"search": "3 -->\nrequest"}, {"search": "request 11"}, {"search": "x\0y"},
    {"not[search]": key_marker(3), "in": "description", "state": "opened"},
    {"labels": "amer", "order_by": "title", "sort": "asc"},
    {"labels": "emea", "order_by": "due_date"}, {"labels": "emea", "order_by": "popularity"},
    {"not[labels]": "emea", "author_username": "bob"},
]


def populate(sb: Sandbox, count: int, rng: random.Random) -> None:
    for n in range(count):
        labels = rng.sample(LABELS, rng.randint(0, 3))
        description = f"Request {n}\n{key_marker(n % 10)}\n" if n % 3 else f"plain {n}"
        title = f"{key_marker(5)} titled" if n % 17 == 0 else f"Request {n}"
        sb.add_issue(PROJECT, title, author=AUTHORS[n % 3], description=description,
                     labels=labels, state="closed" if n % 4 == 0 else "opened",
                     due_date=f"2024-06-{n % 28 + 1:02d}" if n % 5 == 0 else None)


def listed(gl: gitlab.Gitlab, query: dict[str, Any]) -> list[int]:
    return [x["iid"] for x in gl.http_list(PATH, get_all=True, per_page=7, **query)]


def scan_listed(gl: gitlab.Gitlab, sb: Sandbox, query: dict[str, Any],
                monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The same list answered by the scan over every issue (the indexes ignored)."""
    project = sb.store.project_by_ref(PROJECT)
    assert project is not None
    with monkeypatch.context() as patch:
        patch.setattr(issue_filters, "_candidates", lambda index, preds: None)
        project.cache.clear()
        found = listed(gl, query)
        project.cache.clear()
    return found


def assert_lists_equal_scan(gl: gitlab.Gitlab, sb: Sandbox,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    for query in QUERIES:
        indexed = listed(gl, query)
        assert indexed == scan_listed(gl, sb, query, monkeypatch), query
    assert_indexes_in_step(sb)
    assert_counts_equal_scan(gl, sb)


def assert_counts_equal_scan(gl: gitlab.Gitlab, sb: Sandbox) -> None:
    """Label counts and the project's open_issues_count (from the indexes) against a count."""
    issues = sb.issues(PROJECT)
    expected = {label["name"]: tuple(sum(1 for i in issues if label["name"] in i["labels"]
                                         and i["state"] == state) for state in ("opened", "closed"))
                for label in sb.labels(PROJECT)}
    counted = gl.http_list("/projects/commercial%2Ftriage/labels", get_all=True, with_counts=True)
    assert {x["name"]: (x["open_issues_count"], x["closed_issues_count"]) for x in counted} == \
        expected
    opened = sum(1 for i in issues if i["state"] == "opened")
    assert gl.http_get("/projects/commercial%2Ftriage")["open_issues_count"] == opened


def test_indexed_lists_equal_the_scan_across_writes(sb: Sandbox, gl: gitlab.Gitlab,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    populate(sb, 120, rng)
    assert_lists_equal_scan(gl, sb, monkeypatch)
    assert len(listed(gl, {"search": key_marker(3), "in": "description"})) == 8
    project = gl.projects.get(PROJECT, lazy=True)
    for iid in rng.sample(range(1, 121), 30):  # labels: replace, add, remove
        change = rng.choice([{"labels": ",".join(rng.sample(LABELS, 2))},
                             {"add_labels": rng.choice(LABELS)},
                             {"remove_labels": rng.choice(LABELS)}])
        project.issues.update(iid, change)
    for iid in rng.sample(range(1, 121), 20):  # states
        project.issues.update(iid, {"state_event": rng.choice(["close", "reopen"])})
    for iid in (14, 24, 44):  # key marker 3 leaves these, 4 arrives
        project.issues.update(iid, {"description": f"moved\n{key_marker(4)}"})
    owner = client(sb, "olga").projects.get(PROJECT, lazy=True)
    for iid in (2, 39, 51):
        owner.issues.delete(iid)
    issue = project.issues.get(6, lazy=True)
    issue.notes.create({"body": "/label ~amer ~emea\n/close"})  # quick actions change labels
    assert_lists_equal_scan(gl, sb, monkeypatch)
    assert 14 not in listed(gl, {"search": key_marker(3), "in": "description"})
    assert 2 not in listed(gl, {"state": "all"})
    gl.http_delete("/projects/commercial%2Ftriage/labels/emea")
    sb.add_issue(PROJECT, "seeded closed", author="bob", description=key_marker(3),
                 labels=["amer"], state="closed")
    assert_lists_equal_scan(gl, sb, monkeypatch)


def test_indexes_rebuilt_on_load(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    populate(sb, 40, random.Random(3))
    copy = Sandbox()
    copy.load(sb.dump())
    copy.start()
    try:
        gl = client(copy)
        assert_lists_equal_scan(gl, copy, monkeypatch)
        found = listed(gl, {"search": key_marker(3), "in": "description"})
        assert sorted(found) == [14, 24]  # requests 13 and 23 hold key 3 (33 is a plain one)
        assert listed(gl, {"search": "sa-triage:key 006BE0000000003 ", "in": "description"}) == found
    finally:
        copy.stop()


def test_confidential_issues_stay_hidden_on_indexed_lists(
        sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(6):
        sb.add_issue(PROJECT, f"r{n}", author="alice", description=key_marker(1),
                     labels=["emea"], confidential=n % 2 == 0)
    guest = client(sb, "gary")
    query = {"search": key_marker(1), "in": "description", "labels": "emea"}
    assert listed(guest, query) == scan_listed(guest, sb, query, monkeypatch) == [6, 4, 2]
    assert listed(client(sb), query) == [6, 5, 4, 3, 2, 1]
