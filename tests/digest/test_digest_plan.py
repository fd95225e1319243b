"""The digest planner: one issue per region per week (or one pinned), edited only when a figure changes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bots import actions as a
from bots.digest.job import DigestJob
from bots.digest.settings import DigestSettings
from bots.errors import ConfigError
from bots.schema import Node, raise_found
from tests.digest.helpers import NOW, as_issue, busy_week, created, ctx_with, plan, req_issue
from tests.factories import BOT


def test_first_run_of_the_week_creates_one_digest_per_region_with_the_region_label():
    issues, ptos = busy_week()
    p = plan(issues, ptos)
    made = created(p)
    assert sorted(made) == ["digest-AMER-2026-W47", "digest-EMEA-2026-W47"]
    assert made["digest-EMEA-2026-W47"].labels == ("sa-digest", "region::EMEA")
    assert made["digest-EMEA-2026-W47"].title == "SA triage digest: EMEA, 2026-W47"
    assert len(p.actions) == 2


def test_a_rerun_the_same_week_with_nothing_changed_plans_nothing():
    issues, ptos = busy_week()
    made = created(plan(issues, ptos))
    digests = tuple(as_issue(c, 500 + i, BOT) for i, c in enumerate(made.values()))
    later = ctx_with(now=NOW + timedelta(minutes=30))
    assert plan(issues, ptos, digests, ctx=later).actions == ()


def test_time_passing_a_due_time_is_a_change_the_digest_shows_once():
    issues, ptos = busy_week()
    made = created(plan(issues, ptos))
    digests = tuple(as_issue(c, 500 + i, BOT) for i, c in enumerate(made.values()))
    later = ctx_with(now=NOW + timedelta(hours=5))  # #2's triage fell due at 11:00
    (update,) = plan(issues, ptos, digests, ctx=later).actions
    assert isinstance(update, a.UpdateIssue) and update.iid == 501
    row = "| #2 | Cedar Ridge Health — DevSecOps upgrade | **triage overdue** |"
    assert row in update.edit.block


def test_a_change_during_the_week_edits_only_the_block_and_keeps_peoples_comments_in_the_description():
    issues, ptos = busy_week()
    emea = created(plan(issues, ptos))["digest-EMEA-2026-W47"]
    mine = as_issue(emea, 500, BOT)
    mine = dataclasses.replace(mine, description=mine.description + "\nTeam note: discuss #1 at standup\n")
    more = (*issues, req_issue(9, requested=datetime(2026, 11, 23, 8, tzinfo=UTC)))
    (update,) = plan(more, ptos, (mine,)).actions[1:]  # AMER is created again (not in the snapshot)
    assert isinstance(update, a.UpdateIssue) and update.iid == 500 and update.title is None
    text = update.edit.apply(mine.description)
    assert "| 8 | 4 |" in text
    assert text.endswith("Team note: discuss #1 at standup\n")


def test_the_next_week_creates_a_new_digest_and_closes_last_weeks():
    issues, ptos = busy_week()
    made = created(plan(issues, ptos))
    digests = tuple(as_issue(c, 500 + i, BOT) for i, c in enumerate(made.values()))
    p = plan(issues, ptos, digests, ctx=ctx_with(now=NOW + timedelta(days=7)))
    assert sorted(created(p)) == ["digest-AMER-2026-W48", "digest-EMEA-2026-W48"]
    closes = [x for x in p.actions if isinstance(x, a.UpdateIssue)]
    assert sorted((x.iid, x.state_event) for x in closes) == [(500, "close"), (501, "close")]
    keep = ctx_with(DigestSettings(close_previous=False), now=NOW + timedelta(days=7))
    assert not [x for x in plan(issues, ptos, digests, ctx=keep).actions if isinstance(x, a.UpdateIssue)]


def test_before_the_weekly_close_the_previous_week_is_still_the_current_digest():
    ctx = ctx_with(DigestSettings(weekday=0, hour=10))  # Monday 10:00 London; NOW is 09:00 UTC = 09:00 GMT
    keys = sorted(created(plan((), ctx=ctx)))
    assert keys == ["digest-AMER-2026-W46", "digest-EMEA-2026-W46"]


def test_pinned_mode_keeps_one_issue_per_region_and_rewrites_it_each_week():
    issues, ptos = busy_week()
    ctx = ctx_with(DigestSettings(mode="pinned-issue"))
    made = created(plan(issues, ptos, ctx=ctx))
    assert sorted(made) == ["digest-AMER", "digest-EMEA"]
    assert made["digest-EMEA"].title == "SA triage digest: EMEA (updated weekly)"
    digests = tuple(as_issue(c, 500 + i, BOT) for i, c in enumerate(made.values()))
    assert plan(issues, ptos, digests, ctx=ctx).actions == ()
    next_week = ctx_with(DigestSettings(mode="pinned-issue"), now=NOW + timedelta(days=7))
    updates = plan(issues, ptos, digests, ctx=next_week).actions
    assert [type(x) for x in updates] == [a.UpdateIssue, a.UpdateIssue]
    assert all("2026-W48" in x.edit.block and x.state_event is None for x in updates)


def test_a_digest_someone_closed_is_left_closed():
    made = created(plan(()))
    issues, ptos = busy_week()  # the figures changed since: an open digest is edited
    opened = tuple(as_issue(c, 500 + i, BOT) for i, c in enumerate(made.values()))
    assert [type(x) for x in plan(issues, ptos, opened).actions] == [a.UpdateIssue, a.UpdateIssue]
    digests = tuple(as_issue(c, 500 + i, BOT, state="closed") for i, c in enumerate(made.values()))
    assert plan(issues, ptos, digests).actions == ()


def test_a_look_alike_issue_by_someone_else_is_not_taken_for_the_digest():
    made = created(plan(()))
    fake = tuple(as_issue(c, 500 + i, "mallory") for i, c in enumerate(made.values()))
    assert sorted(created(plan((), digests=fake))) == ["digest-AMER-2026-W47", "digest-EMEA-2026-W47"]


def test_only_the_configured_regions_get_a_digest_and_it_can_be_disabled():
    only = ctx_with(DigestSettings(regions=("EMEA",)))
    assert sorted(created(plan((), ctx=only))) == ["digest-EMEA-2026-W47"]
    ctx = ctx_with(DigestSettings(enabled=False))
    assert DigestJob().read(None, ctx) is None  # type: ignore[arg-type] - reads nothing at all
    off = DigestJob().plan(None, ctx)
    assert off.actions == () and "disabled" in off.info[0]


def test_requests_without_the_mirrors_signed_state_are_skipped_and_said():
    forged = req_issue(1)
    forged = dataclasses.replace(forged, description=forged.description.replace("sig=", "sig=0"))
    p = plan((forged,))
    assert "skipped 1 sa-request issue(s) without readable signed state: #1" in p.info[-1]
    assert "| 0 | 0 | 0 |" in created(p)["digest-EMEA-2026-W47"].description


def parse(value: object) -> DigestSettings:
    """The settings, or what the config's reading raises at its end: every problem collected."""
    from bots.digest.settings import parse_digest

    node = Node("sa-triage.yml", "digest", value, [])
    settings = parse_digest(node, {"AMER", "EMEA"})
    raise_found(node.found)
    return settings


def test_settings_have_a_default_for_every_key_and_read_every_key():
    assert parse(None) == DigestSettings()
    s = parse({"mode": "pinned-issue", "weekday": "Friday", "hour": 15, "label": "digest",
               "regions": ["EMEA"], "history_weeks": 8, "upcoming_days": 14,
               "near_breach_hours": 2, "close_previous": False})
    assert (s.mode, s.weekday, s.hour, s.label, s.regions, s.history_weeks, s.upcoming_days,
            s.near_breach_hours, s.close_previous, s.pinned) == (
        "pinned-issue", 4, 15, "digest", ("EMEA",), 8, 14, 2, False, True)


@pytest.mark.parametrize(("value", "where", "problem"), [
    ({"mode": "daily"}, "digest.mode", "expected one of weekly-issue, pinned-issue"),
    ({"weekday": "someday"}, "digest.weekday", "expected a weekday name"),
    ({"hour": 24}, "digest.hour", "expected 0 to 23"),
    ({"regions": ["APAC"]}, "digest.regions[0]", "unknown region 'APAC'"),
    ({"label": " "}, "digest.label", "must not be blank"),
    ({"history_weeks": 0}, "digest.history_weeks", "expected 1 to 12"),
])
def test_settings_errors_name_the_key_path(value, where, problem):
    with pytest.raises(ConfigError) as e:
        parse(value)
    assert where in str(e.value) and problem in str(e.value)


def test_an_issue_the_view_cannot_be_made_from_is_skipped_and_said(monkeypatch):
    import bots.digest.collect as collect

    real = collect.view_of

    def broken(issue, *args):
        if issue.iid == 2:
            raise ValueError("odd")
        return real(issue, *args)

    monkeypatch.setattr(collect, "view_of", broken)
    p = plan((req_issue(1), req_issue(2)))
    assert "skipped 1 sa-request issue(s) without readable signed state: #2" in p.info[-1]


def test_a_region_with_thousands_of_requests_stays_within_gitlabs_description_limit():
    from bots.digest.markdown import MAX_ROWS
    from tests.digest.helpers import created, plan, req_issue

    many = tuple(req_issue(i, meeting_at=None) for i in range(1, 401))
    (digest,) = [x for x in created(plan(many)).values() if "EMEA" in x.title]
    text = digest.description
    assert len(text) < 1_048_576 and len(text) < 200_000
    assert f"… and {400 - MAX_ROWS} more: see the board or the dashboard." in text
    section = text.split("### Waiting in triage", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == MAX_ROWS + 1  # the header and the capped rows
