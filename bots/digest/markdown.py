"""The digest issue's Markdown: tables of every figure and Mermaid charts (GitLab renders them).

Request titles come from Salesforce and are escaped by the template; usernames are in code spans, so
the digest notifies nobody; charts and issue references are composed here from numbers and config.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bots import markers
from bots.calendars import BusinessCalendar, when
from bots.digest import charts
from bots.digest.collect import RequestView
from bots.digest.metrics import Flag, RegionDigest
from bots.render import render, trusted

TITLE = "SA triage digest: {region}, {key}"
PINNED_TITLE = "SA triage digest: {region} (updated weekly)"


# Rows per table: a region with thousands of open requests must stay within GitLab's
# 1,048,576-character description limit; the counts and charts still cover everything.
MAX_ROWS = 50
_TABLES = ("waiting", "fast_track", "breaches", "near", "meetings", "tech_eval")  # capped at MAX_ROWS


def title(region: str, key: str, pinned: bool) -> str:
    return (PINNED_TITLE if pinned else TITLE).format(region=region, key=key)


def code(text: str) -> Any:
    return trusted("`" + text.replace("`", "") + "`")


def names(usernames: Iterable[str]) -> Any:
    shown = [f"`@{u}`" for u in usernames if u and "`" not in u]
    return trusted(", ".join(shown) if shown else "nobody")


def ref(v: RequestView) -> Any:
    return trusted(f"#{v.iid}")


def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _flag(d: RegionDigest, calendar: BusinessCalendar, f: Flag) -> dict[str, Any]:
    return {"ref": ref(f.view), "title": f.view.plain, "what": f.what, "when": when(calendar, f.at),
            "who": names(f.view.assignees)}


def _request(d: RegionDigest, calendar: BusinessCalendar, v: RequestView) -> dict[str, Any]:
    return {"ref": ref(v), "title": v.plain, "who": names(v.assignees),
            "received": when(calendar, v.entered), "due": when(calendar, v.triage_due),
            "meeting": when(calendar, v.meeting), "type": v.meeting_type or "—",
            "segment": v.segment or "—", "stage": v.stage or "—",
            "deadline": when(calendar, v.tech_eval.deadline) if v.tech_eval else "—",
            "status": v.tech_eval.status if v.tech_eval else "—"}


def _load(x: Any) -> dict[str, Any]:
    away = f"away {x.away[0]:%a %d %b} to {x.away[1]:%a %d %b}" if x.away else "—"
    return {"who": names([x.username]), "name": x.name + ("" if x.in_roster else " (not in the roster)"),
            "open": x.open, "capacity": x.capacity or "—",
            "load": "—" if x.percent is None else trusted(f"{x.percent:.0f}%"), "away": away}


def _week(w: Any, last: bool) -> dict[str, Any]:
    return {"label": w.label + (" (reporting week)" if last else ""),
            "dates": w.period.dates, "triaged": w.triaged,
            "p50": hours(w.p50), "p90": hours(w.p90), "due": w.due,
            "met": "—" if w.attainment is None else trusted(f"{w.met} of {w.due} ({w.attainment:.0f}%)")}


def context(d: RegionDigest, calendar: BusinessCalendar, *, pinned: bool,
            upcoming_days: int) -> dict[str, Any]:
    """Everything the template shows, as plain values (escaped there) or trusted Markdown."""
    report = d.weeks[-1]
    return {
        "region": d.region, "key": d.period.key, "pinned": pinned, "max_rows": MAX_ROWS,
        "period": _week(report, True)["dates"], "period_label": report.label,
        "history": len(d.weeks) - 1, "closed_at": when(calendar, d.period.end), "days": upcoming_days,
        "summary": [d.open_total, len(d.waiting), len(d.fast_track), len(d.breaches), len(d.near),
                    len(d.meetings), len(d.tech_eval)],
        "unknown": d.unknown_region,
        "lists": [{"name": code(name), "count": count} for name, count in d.lists],
        # Rows only for the lines each table shows; `total` counts them all.
        "total": {name: len(getattr(d, name)) for name in _TABLES},
        "waiting": [_request(d, calendar, v) for v in d.waiting[:MAX_ROWS]],
        "fast_track": [_request(d, calendar, v) for v in d.fast_track[:MAX_ROWS]],
        "breaches": [_flag(d, calendar, f) for f in d.breaches[:MAX_ROWS]],
        "near": [_flag(d, calendar, f) for f in d.near[:MAX_ROWS]],
        "meetings": [_request(d, calendar, v) for v in d.meetings[:MAX_ROWS]],
        "tech_eval": [_request(d, calendar, v) for v in d.tech_eval[:MAX_ROWS]],
        "workload": [_load(x) for x in d.workload],
        "weeks": [_week(w, i == len(d.weeks) - 1) for i, w in enumerate(d.weeks)],
        "pie": _chart(charts.lists_pie(d)), "workload_chart": _chart(charts.workload_bars(d)),
        "triage_chart": _chart(charts.triage_lines(d)), "attainment_chart": _chart(charts.attainment_bars(d)),
        "legend": trusted(charts.LEGEND), "gaps": charts.gaps(d),
    }


def _chart(text: str | None) -> Any:
    return trusted(f"```mermaid\n{text}\n```") if text else None


def body(d: RegionDigest, calendar: BusinessCalendar, *, pinned: bool = False, upcoming_days: int = 7) -> str:
    """The Markdown of the digest (without the bot's block markers)."""
    return render("digest.md.j2", **context(d, calendar, pinned=pinned, upcoming_days=upcoming_days)).strip()


def block(d: RegionDigest, calendar: BusinessCalendar, key: str, *, pinned: bool = False,
          upcoming_days: int = 7) -> str:
    """The bot-owned block content: the key marker (one issue per key), then the digest."""
    text = body(d, calendar, pinned=pinned, upcoming_days=upcoming_days)
    return markers.issue_key_marker(key) + "\n" + text
