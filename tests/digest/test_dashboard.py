"""The static dashboard's HTML: the same figures, inline SVG charts, nothing loaded, everything escaped."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bots.digest import dashboard
from bots.digest.job import region_digests
from tests.digest.helpers import NOW, busy_week, ctx_with, snapshot


def pages(tmp_path: Path, issues=None) -> dict[str, str]:
    if issues is None:
        issues, ptos = busy_week()
    else:
        ptos = ()
    ctx = ctx_with()
    digests, _ = region_digests(snapshot(tuple(issues), ptos, (), ctx), ctx)
    written = dashboard.write(tmp_path, digests, NOW)
    return {p.name: p.read_text(encoding="utf-8") for p in written}


def test_an_index_and_one_page_per_region(tmp_path: Path):
    assert sorted(pages(tmp_path)) == ["amer.html", "emea.html", "index.html"]


def test_nothing_is_loaded_from_anywhere(tmp_path: Path):
    found = pages(tmp_path)
    assert sorted(found) == ["amer.html", "emea.html", "index.html"]
    for name, html in found.items():
        assert "Content-Security-Policy" in html and "default-src 'none'" in html, name
        lowered = html.lower()
        for needle in ("<script", "<link", "src=", "url(", "@import", "<iframe", "<img"):
            assert needle not in lowered, (name, needle)
        assert set(re.findall(r'href="([^"]+)"', html)) <= {"index.html", "amer.html", "emea.html"} | {
            f"https://gitlab.example.com/commercial/triage/-/issues/{i}" for i in range(1, 200)}


def test_region_pages_show_the_digest_figures_and_four_charts(tmp_path: Path):
    html = pages(tmp_path)["emea.html"]
    assert html.count('<svg class="chart') == 4
    assert '<div class="card"><b>7</b>Open requests</div>' in html
    assert '<div class="card"><b>2</b>SLO breaches</div>' in html
    assert "technical evaluation deadline passed" in html and "away Tue 24 Nov to Wed 25 Nov" in html
    assert "<td>W47</td><td>16–22 Nov 2026</td>" in html and "3 of 5 (60%)" in html
    index = pages(tmp_path)["index.html"]
    assert index.count('<svg class="chart') == 4 and 'href="emea.html"' in index


def test_request_text_is_escaped_and_only_web_links_are_links(tmp_path: Path):
    issues, _ = busy_week()
    evil = [dataclasses.replace(i, web_url="javascript:alert(1)") if i.iid == 8 else i for i in issues]
    html = pages(tmp_path, evil)["emea.html"]
    assert "<b>@all</b>" not in html and "Evil &lt;b&gt;@all&lt;/b&gt; | /close" in html
    assert "javascript:" not in html


def test_an_empty_board_still_renders_every_section(tmp_path: Path):
    html = pages(tmp_path, ())["emea.html"]
    assert "Nothing waits in triage." in html and html.count('<svg class="chart') == 4
