"""The static dashboard ("Open Requests and Key Metrics by Geo"): one HTML page per region and an index.

Same figures as the digest issue, charts as inline SVG. Nothing is loaded from anywhere: no script, no
external style sheet, image or font, and a Content-Security-Policy that forbids them, so the pages work
offline and from GitLab Pages alike. Every text from GitLab or Salesforce is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from bots.calendars import BusinessCalendar, when
from bots.digest import svg
from bots.digest.collect import RequestView
from bots.digest.metrics import Flag, RegionDigest

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:0 16px 40px;color:#222}
header{border-bottom:3px solid #1f75cb;margin-bottom:12px}nav a{margin-right:14px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;
min-width:120px}.card b{display:block;font-size:26px}.charts{display:flex;flex-wrap:wrap;gap:24px}
table{border-collapse:collapse;margin:8px 0 18px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;
font-size:14px}th{background:#f4f6f8}td.n{text-align:right}.muted{color:#666}.breach{color:#b00;font-weight:bold}
"""


class Raw(str):
    """HTML composed here (escaped already)."""


def _td(value: Any) -> str:
    """A table cell: Raw HTML as is (a whole `<td>` or its content), numbers right-aligned, text escaped."""
    if isinstance(value, Raw):
        return value if value.startswith("<td") else f"<td>{value}</td>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{value}</td>'
    return f"<td>{escape(str(value))}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], empty: str) -> str:
    rows = list(rows)
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def link(v: RequestView) -> Raw:
    text = f"#{v.iid} {escape(v.plain)}"
    if re.match(r"^https?://", v.url or ""):
        return Raw(f'<a href="{escape(v.url)}">{text}</a>')
    return Raw(text)


def people(usernames: Iterable[str]) -> str:
    return ", ".join(f"@{u}" for u in usernames) or "nobody"


def summary(d: RegionDigest) -> list[tuple[str, int]]:
    return [("Open requests", d.open_total), ("Waiting in triage", len(d.waiting)),
            ("Fast track", len(d.fast_track)), ("SLO breaches", len(d.breaches)),
            ("Near breaches", len(d.near)), ("Meetings ahead", len(d.meetings)),
            ("Tech evals at risk", len(d.tech_eval))]


def cards(d: RegionDigest) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{n}</b>{escape(label)}</div>' for label, n in summary(d)) + "</div>"


def lists_chart(d: RegionDigest) -> str:
    return svg.hbars("Open requests per board list", [(name, float(n), None) for name, n in d.lists])


def workload_chart(d: RegionDigest) -> str:
    return svg.hbars("Open requests per SA (red mark: capacity)",
                     [(x.username, float(x.open), float(x.capacity) or None) for x in d.workload])


def triage_chart(d: RegionDigest) -> str:
    return svg.lines("Time to triage, business hours", [w.label for w in d.weeks],
                     [("p50", [w.p50 for w in d.weeks]), ("p90", [w.p90 for w in d.weeks])])


def attainment_chart(d: RegionDigest) -> str:
    return svg.vbars("Triaged within one business day", [w.label for w in d.weeks],
                     [w.attainment for w in d.weeks])


def _flags(calendar: BusinessCalendar, flags: Iterable[Flag], cls: str) -> list[list[Any]]:
    return [[link(f.view), Raw(f'<td class="{cls}">{escape(f.what)}</td>'), when(calendar, f.at),
             people(f.view.assignees)] for f in flags]


def _sections(d: RegionDigest, calendar: BusinessCalendar) -> list[str]:
    w = d.weeks
    return [
        "<h2>Open requests per board list</h2>", lists_chart(d),
        table(["Board list", "Open requests"], d.lists, "Nothing is open."),
        "<h2>Waiting in triage</h2>",
        table(["Request", "Received", "Triage due", "Meeting"],
              [[link(v), when(calendar, v.entered), when(calendar, v.triage_due),
                when(calendar, v.meeting)] for v in d.waiting], "Nothing waits in triage."),
        "<h2>Fast track</h2>",
        table(["Request", "Meeting", "Type", "Assignees"],
              [[link(v), when(calendar, v.meeting), v.meeting_type or "—", people(v.assignees)]
               for v in d.fast_track], "No fast-track request is open."),
        "<h2>SLO breaches and near breaches</h2>",
        table(["Request", "SLO", "Due or deadline", "Assignees"],
              _flags(calendar, d.breaches, "breach") + _flags(calendar, d.near, "near"),
              "No breach, and none close."),
        "<h2>Meetings ahead</h2>",
        table(["When", "Request", "Type", "Assignees"],
              [[when(calendar, v.meeting), link(v), v.meeting_type or "—", people(v.assignees)]
               for v in d.meetings], "No meeting scheduled."),
        "<h2>Technical evaluation deadlines at risk</h2>",
        table(["Request", "Segment", "Stage", "Deadline", "Status", "Assignees"],
              [[link(v), v.segment or "—", v.stage or "—",
                when(calendar, v.tech_eval.deadline if v.tech_eval else None),
                v.tech_eval.status if v.tech_eval else "—", people(v.assignees)] for v in d.tech_eval],
              "No technical evaluation deadline at risk."),
        "<h2>Workload per SA</h2>", workload_chart(d) if d.workload else "",
        table(["SA", "Name", "Open requests", "Capacity", "Load", "PTO in the week after the close"],
              [[f"@{x.username}", x.name, x.open, x.capacity or "—",
                "—" if x.percent is None else f"{x.percent:.0f}%",
                f"away {x.away[0]:%a %d %b} to {x.away[1]:%a %d %b}" if x.away else "—"] for x in d.workload],
              "No SA in this region."),
        "<h2>Time to triage and SLO attainment</h2>",
        f'<div class="charts">{triage_chart(d)}{attainment_chart(d)}</div>',
        table(["Week", "Dates", "Triaged", "p50 (business hours)", "p90 (business hours)",
               "Triaged within one business day"],
              [[x.label, x.period.dates, x.triaged, _h(x.p50), _h(x.p90),
                "—" if x.attainment is None else f"{x.met} of {x.due} ({x.attainment:.0f}%)"] for x in w],
              "No week to show."),
    ]


def _h(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def page(title: str, nav: str, content: Sequence[str], generated: datetime) -> str:
    return "\n".join([
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><nav>{nav}</nav></header>", *content,
        f'<p class="muted">Generated by sa-triage at {generated:%Y-%m-%d %H:%M} UTC from the triage board. '
        "Nothing on this page is loaded from elsewhere.</p>", "</body></html>", ""])


def page_name(region: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-") + ".html"


def _nav(regions: Sequence[str]) -> str:
    return '<a href="index.html">All regions</a>' + "".join(
        f'<a href="{page_name(r)}">{escape(r)}</a>' for r in regions)


def region_page(d: RegionDigest, calendar: BusinessCalendar, regions: Sequence[str],
                generated: datetime) -> str:
    intro = ("<p>Open requests as they are now; time to triage and SLO attainment for "
             f"{escape(d.period.label)} ({escape(d.period.dates)}) against the {len(d.weeks) - 1} weeks "
             "before.</p>")
    return page(f"SA triage: {d.region}, {d.period.key}", _nav(regions),
                [intro, cards(d), *_sections(d, calendar)], generated)


def index_page(digests: Sequence[tuple[RegionDigest, Any]], generated: datetime) -> str:
    regions = [d.region for d, _ in digests]
    content = []
    for d, _cal in digests:
        content += [f'<h2><a href="{page_name(d.region)}">{escape(d.region)}</a></h2>', cards(d),
                    f'<div class="charts">{lists_chart(d)}{attainment_chart(d)}</div>']
    return page("SA triage: open requests and key metrics by region", _nav(regions), content, generated)


def write(out_dir: Path, digests: Sequence[tuple[RegionDigest, Any]], generated: datetime) -> list[Path]:
    """Write index.html and one page per region into `out_dir`; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    regions = [d.region for d, _ in digests]
    pages = {"index.html": index_page(digests, generated)}
    pages.update({page_name(d.region): region_page(d, cal, regions, generated) for d, cal in digests})
    written = []
    for name, text in pages.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
