"""The dashboard in headless Chromium: it loads without a console message and shows its charts.

Chromium's own `--dump-dom` and `--screenshot` do the work (no WebDriver): console messages are read
from Chromium's log on stderr, and a probe copy of the page (the only one allowed to run a script)
reports the size of each chart and what is drawn at the centre of its first bar or point.
`UPDATE_SCREENSHOT=1` also copies the screenshot to docs/dashboard.png for the README.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from bots.digest import dashboard
from bots.digest.job import region_digests
from tests.digest.helpers import NOW, busy_week, ctx_with, snapshot
from tests.factories import ROOT

GAP_WEEK = {4, 5, 120, 121, 122}  # every request triaged or due in W45
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0")
TALL = "--window-size=1280,3200"  # every chart inside the viewport, for elementFromPoint
CONSOLE = re.compile(r":CONSOLE(?:\(\d+\))?:?\d*\]? (.*)")
PROBE = """<script>
(() => {
  const charts = [...document.querySelectorAll('svg.chart')];
  const seen = charts.map((svg) => {
    const box = svg.getBoundingClientRect();
    const mark = svg.querySelector('.bar, .point');
    let hit = 'none';
    if (mark) {
      const r = mark.getBoundingClientRect();
      const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      hit = el === mark ? 'mark' : (el ? el.tagName : 'nothing');
    }
    return `${Math.round(box.width)}x${Math.round(box.height)}:${hit}`;
  });
  document.body.setAttribute('data-probe', seen.join(' '));
})();
</script>"""


def _browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None,
                                reason="chromium is not installed (`make browser` installs it)")


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    with tempfile.TemporaryDirectory(prefix="sa-triage-chromium-") as profile:
        return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    return [m.group(1) for line in stderr.splitlines() if (m := CONSOLE.search(line))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dashboard")
    issues, ptos = busy_week(hostile=False)  # the screenshot goes into the README
    issues = tuple(i for i in issues if i.iid not in GAP_WEEK)  # W45 without data: a gap to see
    ctx = ctx_with()
    digests, _ = region_digests(snapshot(issues, ptos, (), ctx), ctx)
    dashboard.write(out, digests, NOW)
    return out


@pytest.mark.parametrize("page", ["index.html", "emea.html", "amer.html"])
def test_page_loads_without_console_messages(site: Path, page: str) -> None:
    result = chromium(TALL, "--dump-dom", (site / page).as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<svg" in result.stdout and "SA triage" in result.stdout
    assert console_messages(result.stderr) == []


@pytest.mark.parametrize(("page", "charts"), [("emea.html", 4), ("index.html", 4)])
def test_charts_are_laid_out_and_drawn_on_top(site: Path, page: str, charts: int) -> None:
    html = (site / page).read_text(encoding="utf-8")
    probe = site / f"probe-{page}"
    probe.write_text(html.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
                     .replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = chromium(TALL, "--dump-dom", probe.as_uri())
    found = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert found, result.stderr[-2000:]
    seen = found.group(1).split()
    assert len(seen) == charts
    for entry in seen:
        size, hit = entry.split(":")
        width, height = (int(x) for x in size.split("x"))
        assert width >= 400 and height >= 100 and hit == "mark", seen
    assert console_messages(result.stderr) == []


def test_charts_say_what_they_show_legend_and_gaps_as_the_browser_renders_them(site: Path) -> None:
    dom = chromium(TALL, "--dump-dom", (site / "emea.html").as_uri()).stdout
    lines_chart = re.search(r'<svg class="chart chart-lines".*?</svg>', dom, re.S)
    assert lines_chart, dom[:2000]
    chart = lines_chart.group(0)
    legends = re.findall(r'<g class="legend">.*?<text[^>]*>([^<]+)</text></g>', chart)
    assert legends == ["p50", "p90"]
    assert chart.count('<polyline class="line"') == 4  # each line broken at W45, not drawn down to 0
    assert re.search(r'class="gap"[^>]*>no data<', chart)
    bars = re.search(r'<svg class="chart chart-vbars".*?</svg>', dom, re.S)
    assert bars and bars.group(0).count('<rect class="bar"') == 4 and "no data" in bars.group(0)


def test_screenshot(site: Path) -> None:
    shot = site / "emea.png"
    result = chromium("--window-size=1280,2400", f"--screenshot={shot}", (site / "emea.html").as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400) and len(data) > 50_000  # a page of charts, not a blank one
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copy(shot, ROOT / "docs" / "dashboard.png")


def test_the_console_check_catches_errors(tmp_path: Path) -> None:
    """The checks above would notice: a broken chart and a blocked load both reach the console."""
    page = tmp_path / "broken.html"
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    broken = '<svg><path d="M 0 0 L x"/></svg><img src="https://example.com/x.png">'
    page.write_text(f"<!doctype html>{csp}{broken}", encoding="utf-8")
    messages = console_messages(chromium("--dump-dom", page.as_uri()).stderr)
    assert any("attribute d" in m for m in messages) and any("Content Security Policy" in m for m in messages)
