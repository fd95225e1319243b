"""Digest figures: the reporting week, percentiles, SLO attainment, breaches, workload."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bots.digest.collect import RequestView
from bots.digest.metrics import percentile, week_stats
from bots.digest.period import current
from tests.digest.helpers import NOW, busy_week, ctx_with, snapshot


def view(**kw) -> RequestView:
    base = dict(iid=1, title="t", url="", region="EMEA", is_open=True, board_list="triage::new", assignees=(),
                fast_track=False, labels=(), entered=NOW, meeting=None, meeting_type=None, segment=None,
                stage=None, triage_due=NOW, triaged_at=None, triage_hours=None, tech_eval=None, waiting=True)
    base.update(kw)
    return RequestView(**base)


def test_the_reporting_week_is_the_seven_days_to_the_latest_close_in_local_time():
    p = current(NOW, "Europe/London", 0, 0)
    assert p.start.isoformat() == "2026-11-16T00:00:00+00:00"
    assert p.end.isoformat() == "2026-11-23T00:00:00+00:00"
    assert (p.key, p.label, p.dates) == ("2026-W47", "W47", "16–22 Nov 2026")
    exactly = current(datetime(2026, 11, 23, 5, tzinfo=UTC), "America/New_York", 0, 0)
    assert exactly.end == datetime(2026, 11, 23, tzinfo=ZoneInfo("America/New_York"))
    friday = current(NOW, "Europe/London", 4, 15)
    assert friday.end.isoformat() == "2026-11-20T15:00:00+00:00" and friday.dates == "13–20 Nov 2026"


def test_weeks_across_a_clock_change_keep_local_midnight():
    p = current(datetime(2026, 11, 2, 12, tzinfo=UTC), "America/New_York", 0, 0)  # DST ended Sun 1 Nov
    assert p.start.isoformat() == "2026-10-26T00:00:00-04:00"
    assert p.end.isoformat() == "2026-11-02T00:00:00-05:00"
    assert p.before(1).end.isoformat() == "2026-10-26T00:00:00-04:00"
    assert p.end.astimezone(UTC) - p.start.astimezone(UTC) == timedelta(days=7, hours=1)


def test_percentiles_are_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert (percentile(values, 0.5), percentile(values, 0.9)) == (5.0, 9.0)
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_attainment_counts_requests_due_in_the_week_met_when_triaged_by_the_due_time():
    p = current(NOW, "Europe/London", 0, 0)
    due = datetime(2026, 11, 18, 12, tzinfo=UTC)
    views = [
        view(iid=1, triage_due=due, triaged_at=due - timedelta(hours=1), triage_hours=3.0),  # met
        view(iid=2, triage_due=due, triaged_at=due + timedelta(hours=1), triage_hours=9.0),  # late
        view(iid=3, triage_due=due),  # open, still not triaged: missed
        view(iid=4, triage_due=due, is_open=False),  # closed without triage (withdrawn): not counted
        view(iid=5, triage_due=datetime(2026, 11, 23, 12, tzinfo=UTC)),  # due after the week
    ]
    w = week_stats(views, p, NOW)
    assert (w.due, w.met, w.triaged, w.p50, w.p90) == (3, 1, 2, 3.0, 9.0)
    assert round(w.attainment or 0) == 33
    assert week_stats([], p, NOW).attainment is None


def test_breaches_come_from_the_clock_or_the_slo_labels_and_near_breaches_from_the_clock():
    from bots.digest.metrics import _breaches, _near

    overdue = view(iid=1, triage_due=NOW - timedelta(hours=1))
    labelled = view(iid=2, triage_due=NOW + timedelta(days=1), labels=("slo::triage-escalated",),
                    waiting=False)
    soon = view(iid=3, triage_due=NOW + timedelta(hours=3))
    later = view(iid=4, triage_due=NOW + timedelta(hours=5))
    assert [(f.view.iid, f.what) for f in _breaches([overdue, labelled, soon, later], NOW)] == [
        (1, "triage overdue"), (2, "triage escalated to the manager")]
    assert [(f.view.iid, f.what) for f in _near([overdue, labelled, soon, later], NOW, 4)] == [
        (3, "triage due soon")]


def test_workload_counts_open_requests_of_every_region_and_unknown_region_requests_show_everywhere():
    from bots.digest.job import region_digests

    issues, ptos = busy_week()
    ctx = ctx_with()
    digests = {d.region: d for d, _ in region_digests(snapshot(issues, ptos, (), ctx), ctx)[0]}
    emea, amer = digests["EMEA"], digests["AMER"]
    assert {x.username: x.open for x in emea.workload} == {
        "lena.fischer": 2, "marco.bianchi": 1, "sophie.martin": 1, "outside.helper": 1}
    assert {x.username: x.open for x in amer.workload} == {"alex.kim": 1, "dana.white": 0, "chris.ng": 0}
    assert emea.unknown_region == amer.unknown_region == 1
    assert [v.iid for v in emea.waiting] == [1, 2, 7] and [v.iid for v in amer.waiting] == [7]
    sophie = next(x for x in emea.workload if x.username == "sophie.martin")
    assert sophie.away is not None and sophie.away[0].isoformat() == "2026-11-24"
    assert next(x for x in amer.workload if x.username == "alex.kim").away is None  # away the week after


def test_a_view_keeps_the_title_readable_and_drops_the_mirrors_escapes():
    from bots.digest.collect import plain_title

    assert plain_title("SA Request: Evil \\<b\\>@\u2060all — Opp") == "Evil <b>@all — Opp"
    assert dataclasses.replace(view(), title="x").title == "x"
