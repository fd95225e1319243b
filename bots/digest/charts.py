"""Mermaid charts for the digest issue (GitLab renders ```mermaid blocks): every label is the bot's own
(board list names and usernames from the config, week labels), quotes and line breaks removed."""

from __future__ import annotations

import re

from bots.digest.metrics import RegionDigest


def _q(text: str) -> str:
    return '"' + re.sub(r'["\n\r`;#]', "", text)[:40] + '"'


def _n(value: float | None) -> str:
    return "0" if value is None else f"{value:.1f}".removesuffix(".0")


def _top(values: list[float]) -> int:
    return max(1, int(max(values, default=0) * 1.2 + 0.999))


def lists_pie(d: RegionDigest) -> str | None:
    """Open requests per board list, as a pie (None when there is nothing open)."""
    slices = [(name, count) for name, count in d.lists if count]
    if not slices:
        return None
    lines = ["pie showData", "    title Open requests per board list"]
    lines += [f"    {_q(name)} : {count}" for name, count in slices]
    return "\n".join(lines)


def workload_bars(d: RegionDigest) -> str | None:
    """Open assigned requests per SA (bars) and their capacity (line)."""
    if not d.workload:
        return None
    names = ", ".join(_q(x.username) for x in d.workload)
    top = _top([float(max(x.open, x.capacity)) for x in d.workload])
    lines = ["xychart-beta", '    title "Open requests per SA (bars) and capacity (line)"',
             f"    x-axis [{names}]", f'    y-axis "Requests" 0 --> {top}',
             f"    bar [{', '.join(str(x.open) for x in d.workload)}]"]
    if any(x.capacity for x in d.workload):
        lines.append(f"    line [{', '.join(str(x.capacity) for x in d.workload)}]")
    return "\n".join(lines)


def triage_lines(d: RegionDigest) -> str:
    """Time to triage per week: p50 and p90 lines, in business hours (0 where nothing was triaged)."""
    labels = ", ".join(_q(w.label) for w in d.weeks)
    top = _top([float(w.p90 or 0) for w in d.weeks] + [8.0])
    return "\n".join([
        "xychart-beta", '    title "Time to triage, business hours (p50 and p90)"',
        f"    x-axis [{labels}]", f'    y-axis "Business hours" 0 --> {top}',
        f"    line [{', '.join(_n(w.p50) for w in d.weeks)}]",
        f"    line [{', '.join(_n(w.p90) for w in d.weeks)}]"])


def attainment_bars(d: RegionDigest) -> str:
    """Triage SLO attainment per week, in percent (0 where nothing fell due)."""
    labels = ", ".join(_q(w.label) for w in d.weeks)
    return "\n".join([
        "xychart-beta", '    title "Triage within one business day (% of requests due)"',
        f"    x-axis [{labels}]", '    y-axis "Percent" 0 --> 100',
        f"    bar [{', '.join(_n(w.attainment) for w in d.weeks)}]"])
