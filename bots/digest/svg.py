"""Inline SVG charts for the static dashboard: no script, no font or style from anywhere else.

Every text is escaped; every chart is an `<svg role="img">` with a `<title>` saying what it shows,
and the page shows the same figures in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLORS = ("#1f75cb", "#e24329", "#108548", "#9e5400", "#6e49cb")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, title: str, body: list[str], kind: str) -> str:
    return (f'<svg class="chart chart-{kind}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def hbars(title: str, rows: Sequence[tuple[str, float, float | None]], *, unit: str = "") -> str:
    """Horizontal bars, one per row: label, value, and an optional marker (e.g. capacity)."""
    width, left, bar_h, gap = 560, 170, 20, 10
    height = 30 + len(rows) * (bar_h + gap)
    top = max([1.0] + [max(v, m or 0) for _, v, m in rows])
    scale = (width - left - 60) / top
    body = [f'<text x="0" y="16" {FONT} font-weight="bold">{escape(title)}</text>']
    for i, (label, value, marker) in enumerate(rows):
        y = 30 + i * (bar_h + gap)
        body.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" {FONT}>{escape(label)}</text>')
        shown = f"{_num(value)}{unit}"
        body.append(f'<rect class="bar" x="{left}" y="{y}" width="{max(value * scale, 1):.1f}" '
                    f'height="{bar_h}" fill="{COLORS[0]}"><title>{escape(label)}: {shown}</title></rect>')
        body.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + 15}" {FONT}>{shown}</text>')
        if marker:
            x = left + marker * scale
            body.append(f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + bar_h + 3}" '
                        f'stroke="{COLORS[1]}" stroke-width="3">'
                        f"<title>capacity {_num(marker)}</title></line>")
    return _svg(width, height, title, body, "hbars")


def vbars(title: str, labels: Sequence[str], values: Sequence[float | None], *, top: float = 100.0,
          unit: str = "%") -> str:
    """Vertical bars per week; None (nothing to measure) shows as "no data", not as a 0 bar."""
    width, height, left, bottom = 560, 220, 40, 30
    slot = (width - left) / max(1, len(labels))
    scale = (height - bottom - 45) / top
    body = [f'<text x="0" y="16" {FONT} font-weight="bold">{escape(title)}</text>',
            f'<line x1="{left}" x2="{width}" y1="{height - bottom}" y2="{height - bottom}" stroke="#999"/>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot + slot * 0.2
        body.append(f'<text x="{x + slot * 0.3:.1f}" y="{height - 10}" text-anchor="middle" {FONT}>'
                    f"{escape(label)}</text>")
        if value is None:
            body.append(f'<text class="gap" x="{x + slot * 0.3:.1f}" y="{height - bottom - 6}" '
                        f'text-anchor="middle" fill="#666" {FONT}>no data</text>')
            continue
        h = max(value * scale, 1)
        body.append(f'<rect class="bar" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot * 0.6:.1f}" '
                    f'height="{h:.1f}" fill="{COLORS[2]}"><title>{escape(label)}: {_num(value)}{unit}</title>'
                    f"</rect>")
        body.append(f'<text x="{x + slot * 0.3:.1f}" y="{height - bottom - h - 5:.1f}" text-anchor="middle" '
                    f"{FONT}>{_num(value)}{unit}</text>")
    return _svg(width, height, title, body, "vbars")


def _runs(points: Sequence[tuple[float, float, float] | None]) -> list[list[tuple[float, float, float]]]:
    """The unbroken runs of points: a None (a week without data) ends one."""
    runs: list[list[tuple[float, float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [r for r in runs if r]


def lines(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
          *, unit: str = " h") -> str:
    """One line per series over the week labels, with a legend; a week without data in every series is
    marked "no data", and a missing value breaks the line (a gap, never a 0)."""
    width, height, left, bottom = 560, 240, 44, 50
    values = [v for _, vs in series for v in vs if v is not None]
    top = max([8.0, *values]) * 1.15
    step = (width - left - 20) / max(1, len(labels) - 1)
    scale = (height - bottom - 30) / top
    body = [f'<text x="0" y="16" {FONT} font-weight="bold">{escape(title)}</text>']
    for tick in (0.0, top / 2, top):
        y = height - bottom - tick * scale
        body.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{tick:.0f}</text>')
    for i, label in enumerate(labels):
        x = left + i * step
        body.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" {FONT}>'
                    f"{escape(label)}</text>")
        if all(i >= len(vs) or vs[i] is None for _, vs in series):
            body.append(f'<text class="gap" x="{x:.1f}" y="{height - bottom - 6}" text-anchor="middle" '
                        f'fill="#666" {FONT}>no data</text>')
    for n, (name, vs) in enumerate(series):
        body += _series(n, name, [None if v is None else (left + i * step, height - bottom - v * scale, v)
                                  for i, v in enumerate(vs)], unit)
        legend_x = left + n * 120
        body.append(f'<g class="legend"><rect x="{legend_x}" y="{height - 18}" width="12" height="12" '
                    f'fill="{COLORS[n % len(COLORS)]}"/>'
                    f'<text x="{legend_x + 16}" y="{height - 8}" {FONT}>{escape(name)}</text></g>')
    return _svg(width, height, title, body, "lines")


def _series(n: int, name: str, points: Sequence[tuple[float, float, float] | None], unit: str) -> list[str]:
    color = COLORS[n % len(COLORS)]
    out = []
    for run in _runs(points):
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)
            out.append(f'<polyline class="line" points="{path}" fill="none" stroke="{color}" '
                       'stroke-width="2"/>')
        for x, y, v in run:
            out.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}">'
                       f"<title>{escape(name)}: {_num(v)}{unit}</title></circle>")
    return out
