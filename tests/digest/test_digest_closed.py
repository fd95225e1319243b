"""The closed requests' record in each digest issue: a later run lists only the closed issues updated
since, and every figure stays what listing the whole window gives."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.digest import closed
from bots.digest.job import DigestJob, read_snapshot, region_digests
from bots.digest.settings import DigestSettings
from bots.job import Context
from bots.model import Issue
from bots.sources.request import Region
from tests.digest.helpers import NOW, busy_week, ctx_with, history, req_issue, utc, with_record
from tests.factories import BOT

WINDOW = (NOW - timedelta(weeks=6)).isoformat()  # history_weeks (4) + 2


class Project:
    """A project's issues behind a read side that filters as GitLab does and records each list."""

    bot_username = BOT

    def __init__(self, issues: list[Issue]) -> None:
        self.issues_by_iid = {i.iid: i for i in issues}
        self.lists: list[dict[str, Any]] = []

    def issues(self, **filters: Any) -> list[Issue]:
        self.lists.append(filters)
        out = []
        for i in sorted(self.issues_by_iid.values(), key=lambda i: i.iid):
            state = "opened" if i.is_open else "closed"
            labels = [x for x in str(filters.get("labels", "")).split(",") if x]
            if state != filters["state"] or any(x not in i.labels for x in labels):
                continue
            if "author_username" in filters and i.author != filters["author_username"]:
                continue
            if "updated_after" in filters and i.updated_at < datetime.fromisoformat(filters["updated_after"]):
                continue
            if "created_after" in filters and i.created_at < datetime.fromisoformat(filters["created_after"]):
                continue
            out.append(i)
        return out

    def put(self, issue: Issue) -> None:
        self.issues_by_iid[issue.iid] = issue

    def apply(self, actions: tuple[a.Action, ...], now: datetime) -> None:
        """The digest's writes, as GitLab would keep them (each one moves the issue's updated_at)."""
        for x in actions:
            if isinstance(x, a.CreateIssue):
                iid = 900 + len(self.issues_by_iid)
                self.put(Issue(iid=iid, title=x.title, description=x.description, labels=x.labels,
                               state="opened", author=BOT, assignees=(), created_at=now, updated_at=now))
            elif isinstance(x, a.UpdateIssue):
                old = self.issues_by_iid[x.iid]
                text = x.edit.apply(old.description) if x.edit else old.description
                title = x.title or old.title
                self.put(dataclasses.replace(old, description=text, title=title, updated_at=now))


def run(project: Project, ctx: Context) -> tuple[tuple[a.Action, ...], list[dict[str, Any]], Any]:
    """One digest run: its actions, the lists of closed issues it read, and its snapshot."""
    project.lists.clear()
    job = DigestJob()
    snap = job.read(BoardSnapshot(project), ctx)  # type: ignore[arg-type]
    actions = job.plan(snap, ctx).actions
    closed_lists = [f for f in project.lists if f["state"] == "closed" and f.get("labels") != "sa-digest"
                    and "created_after" not in f]
    return actions, closed_lists, snap


def whole_window(project: Project, ctx: Context) -> list[Any]:
    """Each region's digest figures as listing every closed request of the window gives them."""
    snap = read_snapshot(BoardSnapshot(project), ctx, with_digests=False)  # type: ignore[arg-type]
    assert not snap.incremental
    return [d for d, _ in region_digests(snap, ctx)[0]]


def project_with_history() -> Project:
    issues, _ = busy_week()
    return Project([*issues, *history(200, Region.AMER)])


def test_a_later_run_lists_only_the_closed_issues_updated_since_the_record_and_writes_nothing():
    project, ctx = project_with_history(), ctx_with()
    first, lists, _ = run(project, ctx)
    assert lists == [{"state": "closed", "labels": "sa-request", "updated_after": WINDOW}]
    assert {type(x) for x in first} == {a.CreateIssue}
    for create in first:
        assert isinstance(create, a.CreateIssue)
        assert markers.read_signed_comment(create.description, closed.KIND, ctx.state_key) is not None
    project.apply(first, NOW)
    later = ctx_with(now=NOW + timedelta(minutes=30))
    again, lists, snap = run(project, later)
    assert again == ()
    assert lists == [{"state": "closed", "updated_after": (NOW - closed.MARGIN).isoformat()}]
    assert snap.incremental and not [i for i in snap.requests if not i.is_open]
    assert [d for d, _ in region_digests(snap, later)[0]] == whole_window(project, later)


def test_closed_issues_updated_since_replace_their_entries_and_the_figures_stay_exact():
    project, ctx = project_with_history(), ctx_with()
    project.apply(run(project, ctx)[0], NOW)
    later = NOW + timedelta(hours=2)
    old = project.issues_by_iid
    # #210 was triaged again later (its record changed), #200 was reopened, #201 lost its label,
    # #230 closed after its triage.
    project.put(dataclasses.replace(with_record(old[210], old[210].created_at + timedelta(hours=50)),
                                    updated_at=later))
    project.put(dataclasses.replace(old[200], state="opened", updated_at=later))
    project.put(dataclasses.replace(old[201], labels=("other",), updated_at=later))
    project.put(dataclasses.replace(req_issue(230, triaged=utc(2026, 11, 20, 12), state="closed"),
                                    updated_at=later))
    ctx2 = ctx_with(now=later + timedelta(minutes=5))
    actions, lists, snap = run(project, ctx2)
    assert lists == [{"state": "closed", "updated_after": (NOW - closed.MARGIN).isoformat()}]
    assert snap.incremental
    assert [d for d, _ in region_digests(snap, ctx2)[0]] == whole_window(project, ctx2)
    assert actions and all(isinstance(x, a.UpdateIssue) and x.edit and x.edit.records for x in actions)
    project.apply(actions, later + timedelta(minutes=5))
    stored = [closed.read(i.description, ctx2.state_key) for i in project.issues_by_iid.values()
              if "sa-digest" in i.labels]
    iids = {e.iid for s in stored if s for e in s.entries}
    assert 230 in iids and 210 in iids and not {200, 201} & iids
    ctx3 = ctx_with(now=later + timedelta(minutes=40))
    assert run(project, ctx3)[0] == ()
    assert [d for d, _ in region_digests(run(project, ctx3)[2], ctx3)[0]] == whole_window(project, ctx3)


def test_without_a_record_of_our_own_the_whole_window_is_listed():
    project, ctx = project_with_history(), ctx_with()
    project.apply(run(project, ctx)[0], NOW)
    for issue in list(project.issues_by_iid.values()):
        if "sa-digest" in issue.labels:  # forged: signed with another key
            data = markers.read_signed_comment(issue.description, closed.KIND, ctx.state_key)
            forged = markers.signed_comment(closed.KIND, data or {}, b"another key")
            project.put(dataclasses.replace(issue, description=markers.put_signed_comment(
                issue.description, closed.KIND, forged)))
    actions, lists, snap = run(project, ctx_with(now=NOW + timedelta(minutes=30)))
    window = (NOW + timedelta(minutes=30) - timedelta(weeks=6)).isoformat()
    assert lists == [{"state": "closed", "labels": "sa-request", "updated_after": window}]
    assert not snap.incremental
    # the forged records are rewritten, one per region's digest issue, and nothing else
    digest_iids = {i.iid for i in project.issues_by_iid.values() if "sa-digest" in i.labels}
    assert len(digest_iids) == 2 and sorted(x.iid for x in actions) == sorted(digest_iids)
    assert all(isinstance(x, a.UpdateIssue) and x.edit and x.edit.block is None and x.edit.records
               for x in actions)


def test_pinned_mode_keeps_one_record_across_runs():
    ctx = ctx_with(DigestSettings(mode="pinned-issue"))
    project = project_with_history()
    project.apply(run(project, ctx)[0], NOW)
    _, lists, _ = run(project, ctx)
    assert lists == [{"state": "closed", "updated_after": (NOW - closed.MARGIN).isoformat()}]


def test_merge_drops_expired_entries_without_calling_it_a_change():
    since = utc(2026, 10, 12)
    old = closed.Entry(1, since - timedelta(seconds=1), since, 2.0, since)
    kept = closed.Entry(2, since, since, 3.5, since + timedelta(hours=1, microseconds=7))
    stored = closed.Stored(since, since, "t", (old, kept), ((3, since - timedelta(days=1)),))
    run_ = closed.Listing((), (), frozenset(), True, since, since + timedelta(hours=1), "t")
    merged = closed.merge("EMEA", stored, run_, closed.kept_skipped([stored], run_))
    assert merged.record.entries == (kept,) and merged.record.skipped == () and not merged.changed
    again = closed.read(closed.comment(merged.record, b"k"), b"k")
    assert again == merged.record
