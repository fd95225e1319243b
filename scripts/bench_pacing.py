"""Pacing under gitlab.com's limits: a first mirror gets no 429 and takes little more than their minimum.

    python scripts/bench_pacing.py [--n 1000] [--period 5] [--margin 0]

The sandbox throttles like gitlab.com (per user, in fixed windows: 2,000 API requests, 60 note and
200 issue creations), every window `period` seconds instead of a minute. `sa-triage run mirror`
mirrors N new requests as a child process, paced at the limits minus `margin`
(SA_TRIAGE_NOTES_PER_MINUTE, SA_TRIAGE_ISSUES_PER_MINUTE) in windows of the same period
(SA_TRIAGE_PACING_WINDOW_SECONDS).

The limits' own minimum: n creations at q a window need ⌈n/q⌉ − 1 whole windows between the first and
the last (a sliding window's bound; with GitLab's fixed windows a client that knew where they fall
could save one). The figure to watch is the run's span (its first request to its last, from the
sandbox's log) over that minimum; the wall time adds the CLI's start. Prints a Markdown table row;
exits 1 when a 429 was answered or the span is over 1.2 × the minimum.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__:  # imported by the test suite as scripts.bench_pacing
    from scripts.bench_mirror import ROOT, run_cli, write_requests
else:
    from bench_mirror import ROOT, run_cli, write_requests  # type: ignore[no-redef]

from bots.jobs import load_config
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import DEMO_NOW, seed

GITLAB_COM = {"api": 2000, "notes": 60, "issues": 200}  # a minute each
ROUTES = {"notes": "POST /projects/:id/issues/:issue_iid/notes", "issues": "POST /projects/:id/issues"}


def limit_minimum(counts: Mapping[str, int], quotas: Mapping[str, int], period: float) -> float:
    """Seconds the limits impose on `counts` creations: ⌈n/q⌉ − 1 windows for the tightest bucket."""
    return max((math.ceil(n / quotas[k]) - 1) * period for k, n in counts.items() if n)


def min_spacing(entries: Sequence[Mapping[str, Any]], quota: int) -> float:
    """The shortest time in which quota + 1 of these requests arrived (inf: never that many)."""
    at = [e["at"] for e in entries]
    return min((at[i + quota] - at[i] for i in range(len(at) - quota)), default=math.inf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--period", type=float, default=5.0, help="seconds standing for a minute")
    parser.add_argument("--margin", type=int, default=0, help="pace this many under each limit")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sa-triage-pacing-"))
    try:
        config_text = (ROOT / "sa-triage.yml").read_text().replace(
            "path: bots/data/sample_requests.csv", "path: requests.csv")
        (work / "sa-triage.yml").write_text(config_text)
        write_requests(work / "requests.csv", args.n, random.Random(7))
        sandbox = Sandbox()
        # At the demo's "now" (both regions' business hours), so that the needs-info notes go out
        # whatever the time of day (the limits' windows run on the real clock).
        sandbox.clock = lambda: datetime.fromisoformat(DEMO_NOW)
        seed(sandbox, load_config(work / "sa-triage.yml"))
        url = sandbox.start(port=0)
        sandbox.limits.configure(gitlab_com=True, period=args.period, **GITLAB_COM)
        env = {"SA_TRIAGE_NOTES_PER_MINUTE": str(GITLAB_COM["notes"] - args.margin),
               "SA_TRIAGE_ISSUES_PER_MINUTE": str(GITLAB_COM["issues"] - args.margin),
               "SA_TRIAGE_PACING_WINDOW_SECONDS": str(args.period)}
        started = time.perf_counter()
        cli = run_cli(work / "sa-triage.yml", url, "run", "mirror", "--now", DEMO_NOW, env=env)
        wall = time.perf_counter() - started
        log = sandbox.log
        entries = list(log.entries)
        sandbox.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    by = {k: [e for e in entries if f"{e['method']} {e['route']}" == route] for k, route in ROUTES.items()}
    counts = {k: len(v) for k, v in by.items()}
    quotas = {k: GITLAB_COM[k] for k in ROUTES}
    minimum = limit_minimum(counts, quotas, args.period)
    span = entries[-1]["at"] - entries[0]["at"]
    throttled = sum(1 for e in entries if e["status"] == 429)
    tightest = {k: min_spacing(v, quotas[k]) for k, v in by.items()}
    print(f"N = {args.n} requests, gitlab.com's limits in {args.period:g}-second windows, paced at the "
          f"limits minus {args.margin}; CLI exit {cli.code}\n")
    print("| N | period s | issue creates | notes | other writes | reads | 429s | minimum s | span s "
          "| span / minimum | wall s | wall / minimum |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    others = log.writes - counts["notes"] - counts["issues"]

    def ratio(value: float) -> str:  # within one window's limits the minimum is 0: no ratio
        return f"{value / minimum:.3f}" if minimum else "—"

    print(f"| {args.n:,} | {args.period:g} | {counts['issues']:,} | {counts['notes']:,} | {others:,} | "
          f"{log.reads:,} | {throttled} | {minimum:.1f} | {span:.1f} | {ratio(span)} | "
          f"{wall:.1f} | {ratio(wall)} |")
    t0 = entries[0]["at"]
    first_write = next(e["at"] for e in entries if e["method"] != "GET") - t0
    last_note = by["notes"][-1]["at"] - t0 if by["notes"] else float("nan")
    print(f"\nspan: the first write {first_write:.1f} s after the run's first request (reading and "
          f"planning), the last note at {last_note:.1f} s, the last request at {span:.1f} s")
    print(f"the shortest time in which one creation more than the limit arrived (over the limit "
          f"when under {args.period:g} s): "
          + ", ".join(f"{k} {v:.3f} s" for k, v in tightest.items()))
    sys.exit(0 if throttled == 0 and (span <= 1.2 * minimum or not minimum) else 1)


if __name__ == "__main__":
    main()
