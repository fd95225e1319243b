"""Benchmark every bot over N open requests against the sandbox (issue 7's targets).

    python scripts/bench_all.py [--n 1000 5000 20000] [--latency 0.01]

For each N: the sandbox is filled by running `setup` and every bot once without latency (the
first mirror is measured by scripts/bench_mirror.py), then `sa-triage run` (every bot) runs again
with `latency` added to every request: nothing changed, so it must write nothing. Reported per N:
reads and writes, requests per issue, the floor (ceil(N/100) list pages per bot that lists
requests, plus the run's fixed requests), wall and CPU time and peak RSS of the CLI process,
against the targets: reads <= 1.1 x floor + 10, writes 0, wall <= 1.5 x requests x latency,
peak RSS < 200 MB at 20,000.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from bench_mirror import ROOT, run_cli, write_requests

from bots import config as config_mod
from bots.jobs import bots as registered_bots
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import DEMO_NOW, seed

# Bots that page through the open requests (the others list a few issues: forms, digest).
LISTING_BOTS = {"mirror", "slo", "suggest", "digest"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--latency", type=float, default=0.01)
    args = parser.parse_args()
    rows = []
    for n in args.n:
        work = Path(tempfile.mkdtemp(prefix="sa-triage-bench-"))
        try:
            text = (ROOT / "sa-triage.yml").read_text().replace(
                "path: bots/data/sample_requests.csv", "path: requests.csv")
            (work / "sa-triage.yml").write_text(text)
            write_requests(work / "requests.csv", n, random.Random(n))
            sandbox = Sandbox()
            seed(sandbox, config_mod.load(work / "sa-triage.yml"))
            url = sandbox.start(port=0)
            sandbox.clock = lambda: datetime.fromisoformat(DEMO_NOW)
            run_cli(work / "sa-triage.yml", url, "setup")
            for _ in range(2):  # the first run writes; the second settles what depends on the first
                run_cli(work / "sa-triage.yml", url, "run", "--now", DEMO_NOW)
            sandbox.faults.configure(latency=args.latency)
            sandbox.log.reset()
            wall, cpu, rss, _ = run_cli(work / "sa-triage.yml", url, "run", "--now", DEMO_NOW)
            reads, writes = sandbox.log.reads, sandbox.log.writes
            if writes:
                print(f"N={n}: writes in the no-change run:",
                      {k: v for k, v in sandbox.log.by_route().items() if not k.startswith("GET")})
            listing = len(LISTING_BOTS & set(registered_bots()))
            floor = listing * math.ceil(n / 100) + 2
            rows.append((n, reads, writes, floor, wall, cpu, rss, (reads + writes) * args.latency))
            sandbox.stop()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Every bot, nothing changed, {args.latency * 1000:.0f} ms injected latency per request\n")
    print("| N | reads | writes | reads/issue | floor | reads ≤ 1.1·floor+10 | wall s | "
          "wall ≤ 1.5·req·lat | CPU s | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|:-:|---:|:-:|---:|---:|")
    for n, reads, writes, floor, wall, cpu, rss, net in rows:
        ok_reads = "yes" if reads <= 1.1 * floor + 10 and writes == 0 else "**no**"
        ok_wall = "yes" if wall <= 1.5 * net else f"**no** ({wall / net:.1f}×)"
        print(f"| {n} | {reads} | {writes} | {reads / n:.3f} | {floor} | {ok_reads} | {wall:.1f} | "
              f"{ok_wall} | {cpu:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
