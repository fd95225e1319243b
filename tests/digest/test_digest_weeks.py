"""Digest weeks (issue 11, "Digest weeks"): the title names the week the figures are for, weeks without
data are gaps (not zeros), the p50/p90 lines have a legend, and "Meetings ahead" are ahead of now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bots.digest import charts, dashboard, svg
from bots.digest.job import region_digests
from bots.digest.metrics import RegionDigest
from bots.digest.period import current
from tests.digest.helpers import NOW, busy_week, created, ctx_with, plan, snapshot

W45 = {4, 5, 120, 121, 122}  # every request triaged or due in W45 (2–8 Nov 2026)


def emea(now: datetime = NOW, drop: set[int] | None = None) -> RegionDigest:
    issues, ptos = busy_week(hostile=False)
    kept = tuple(i for i in issues if i.iid not in (drop or set()))
    ctx = ctx_with(now=now)
    digests, _ = region_digests(snapshot(kept, ptos, (), ctx), ctx)
    return next(d for d, _ in digests if d.region == "EMEA")


def test_the_digest_is_titled_with_the_week_its_figures_are_for():
    made = created(plan(*busy_week()))
    (key,) = [k for k in made if "EMEA" in k]
    assert key == "digest-EMEA-2026-W47"
    text = made[key].description
    assert "## SA triage digest: EMEA, 2026-W47" in text and "attainment for W47 (16–22 Nov 2026" in text
    friday = current(NOW, "Europe/London", 4, 15)  # Fri 13 Nov 15:00 to Fri 20 Nov 15:00: mostly W47
    assert (friday.key, friday.label) == ("2026-W47", "W47")


def test_meetings_ahead_leave_out_a_meeting_already_held():
    six_hours_later = datetime(2026, 11, 23, 21, tzinfo=UTC)  # #3 met on Mon 23 Nov at 15:00
    assert 3 in [v.iid for v in emea(NOW).meetings]
    assert 3 not in [v.iid for v in emea(six_hours_later).meetings]
    assert [v.iid for v in emea(six_hours_later).meetings] == [8, 1, 5]


def test_mermaid_time_to_triage_lines_have_a_legend():
    block = created(plan(*busy_week()))["digest-EMEA-2026-W47"].description
    chart_at = block.index('title "Time to triage')
    legend = block[chart_at:block.index("| Week |", chart_at)]
    assert "p50" in legend.split("```", 1)[1] and "p90" in legend.split("```", 1)[1]  # said under the chart
    assert "plotColorPalette" in charts.triage_lines(emea()).splitlines()[0]  # colours the legend names


def test_a_week_without_data_is_a_gap_in_the_mermaid_charts_not_a_zero():
    d = emea(drop=W45)
    assert d.weeks[2].label == "W45" and d.weeks[2].p50 is None and d.weeks[2].attainment is None
    for chart in (charts.triage_lines(d), charts.attainment_bars(d)):
        assert chart is not None
        assert '"W45"' not in chart and '"W44", "W46"' in chart
        series = re.findall(r"(?:line|bar) \[([^]]*)\]", chart)
        assert series and all(len(s.split(",")) == 4 for s in series)
    notes = charts.gaps(d)
    assert "W45" in notes and "no request was triaged" in notes.lower()


def test_a_week_without_data_breaks_the_dashboard_line_and_says_no_data(tmp_path: Path):
    d = emea(drop=W45)
    chart = dashboard.triage_chart(d)
    assert chart.count('<polyline class="line"') == 4  # p50 and p90, each W43–W44 and W46–W47
    assert chart.count('class="gap"') == 1 and "no data" in chart
    bars = dashboard.attainment_chart(d)
    assert bars.count('<rect class="bar"') == 4 and "no data" in bars


def test_the_dashboard_lines_have_a_legend_of_every_series():
    chart = svg.lines("t", ["W1", "W2"], [("p50", [1.0, 2.0]), ("p90", [3.0, 4.0])])
    assert chart.count('class="legend"') == 2 and ">p50<" in chart and ">p90<" in chart


def test_a_later_run_the_same_week_keeps_the_same_digest_issue():
    later = ctx_with(now=NOW + timedelta(days=3))
    assert sorted(created(plan((), ctx=later))) == ["digest-AMER-2026-W47", "digest-EMEA-2026-W47"]
