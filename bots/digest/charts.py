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


# GitLab renders Mermaid's init directive: the lines get the colours the legend under the chart names.
PALETTE = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f75cb, #e24329"}}}}%%'
LEGEND = ("Lines: **p50** (blue, the lower line) and **p90** (orange, the upper line) of the business "
          "hours from request to triage, per week.")


def triage_lines(d: RegionDigest) -> str | None:
    """Time to triage per week: p50 and p90 lines, in business hours. Mermaid cannot leave a gap in a
    line, so a week where nothing was triaged is left off the axis (and named by `gaps`), not drawn as 0."""
    weeks = [w for w in d.weeks if w.p50 is not None]
    if not weeks:
        return None
    labels = ", ".join(_q(w.label) for w in weeks)
    top = _top([float(w.p90 or 0) for w in weeks] + [8.0])
    return "\n".join([
        PALETTE, "xychart-beta", '    title "Time to triage, business hours (p50 and p90)"',
        f"    x-axis [{labels}]", f'    y-axis "Business hours" 0 --> {top}',
        f"    line [{', '.join(_n(w.p50) for w in weeks)}]",
        f"    line [{', '.join(_n(w.p90) for w in weeks)}]"])


def attainment_bars(d: RegionDigest) -> str | None:
    """Triage SLO attainment per week, in percent; a week where nothing fell due is left off the axis."""
    weeks = [w for w in d.weeks if w.attainment is not None]
    if not weeks:
        return None
    labels = ", ".join(_q(w.label) for w in weeks)
    return "\n".join([
        "xychart-beta", '    title "Triage within one business day (% of requests due)"',
        f"    x-axis [{labels}]", '    y-axis "Percent" 0 --> 100',
        f"    bar [{', '.join(_n(w.attainment) for w in weeks)}]"])


def gaps(d: RegionDigest) -> str:
    """What the charts leave out: the weeks without a figure, in words ("" when every week has both)."""
    untriaged = [w.label for w in d.weeks if w.p50 is None]
    undue = [w.label for w in d.weeks if w.attainment is None]
    parts = []
    if untriaged:
        parts.append(f"No request was triaged in {_words(untriaged)}")
    if undue:
        parts.append(f"no triage fell due in {_words(undue)}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + ": left out of the charts, not drawn as 0."


def _words(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
