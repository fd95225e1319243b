"""Benchmark the mirror against the local sandbox: request counts, wall and CPU time, peak RSS.

    python scripts/bench_mirror.py [--n 5000] [--latency 0.01] [--changed 50]

Generates N requests (the shipped sample's good rows, repeated with fresh opportunity ids), serves
a sandbox with `latency` seconds added to every request, and runs `sa-triage run mirror` as a child
process four times: the first mirror, a re-run with nothing changed, a run after `changed`
requests changed stage (the first change: its notes are read, bots/notes_recheck.py), and one after
`changed` others did. Prints a Markdown table (paste it into the README). CPU and peak RSS are
the CLI's own, as it writes them to its `--json` report (see `run_cli`).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bots.jobs import load_config
from bots.sources.exports import read_csv
from bots.sources.sfid import checksum
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import BOT_TOKEN, DEMO_NOW, seed

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "bots" / "data" / "sample_requests.csv"


def write_requests(path: Path, n: int, rng: random.Random, start: int = 0) -> list[dict[str, str]]:
    """N good, open requests with opportunity ids numbered from `start`; written to `path`."""
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        good_ids = {r.opportunity_id[:15] for r in read_csv(SAMPLE, zone=UTC).requests}
        rows = [r for r in reader if r["Opportunity ID"][:15] in good_ids
                and r["SA Request Status"].lower() != "withdrawn" and "closed" not in r["Stage"].lower()]
    out = []
    for i in range(start, start + n):
        row = dict(rows[i % len(rows)])
        id15 = f"006BE{i:010d}"
        row["Opportunity ID"] = id15 + checksum(id15)
        row["Account Name"] = f"{row['Account Name']} #{i}"
        out.append(row)
    write_rows(path, fields, out)
    return out


def write_rows(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@dataclass(frozen=True)
class CliRun:
    """One `sa-triage` child: its own figures (from its --json report) and this process's."""

    wall: float  # seconds, around the child
    cpu: float  # the CLI's own CPU seconds until it wrote its report (report's process.cpu_s)
    rss: float  # the CLI's own peak RSS in MB (report's process.peak_rss_mb)
    rss_source: str  # "VmHWM" (own address space) or "ru_maxrss" (fallback without /proc)
    sandbox_cpu: float  # CPU seconds of this process (the sandbox's server) during the child's run
    child_cpu: float  # RUSAGE_CHILDREN delta: the child's CPU including interpreter start and exit
    code: int
    report: dict[str, Any]


def run_cli(config: Path, url: str, *args: str, env: dict[str, str] | None = None) -> CliRun:
    """Run one `sa-triage` child (default: `run mirror`) with `--json`, and read its own figures.

    Peak RSS and CPU come from the CLI's run report (bots/procstats.py), not from this process's
    rusage: a child started by exec inherits its parent's ru_maxrss, and this parent holds the
    sandbox. `args` must start with a command that takes `--json` (`run` or `setup`); `env` adds
    variables to the child's environment.
    """
    env = {**os.environ, "GITLAB_URL": url, "GITLAB_TOKEN": BOT_TOKEN, **(env or {})}
    report_file = config.parent / "cli-report.json"
    report_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bots", "--config", str(config), *(args or ("run", "mirror")),
               "--json", str(report_file)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = time.process_time(), time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall, sandbox_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1) or not report_file.exists():
        sys.exit(f"sa-triage failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    report = json.loads(report_file.read_text(encoding="utf-8"))
    own = report["process"]
    child_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return CliRun(wall, own["cpu_s"], own["peak_rss_mb"], own["rss_source"], sandbox_cpu, child_cpu,
                  proc.returncode, report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.01)
    parser.add_argument("--changed", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="sa-triage-bench-"))
    try:
        config_text = (ROOT / "sa-triage.yml").read_text().replace(
            "path: bots/data/sample_requests.csv", "path: requests.csv")
        (work / "sa-triage.yml").write_text(config_text)
        rows = write_requests(work / "requests.csv", args.n, rng)
        sandbox = Sandbox()
        # The demo's "now", both regions' business hours: notes that wait for them go out, whenever
        # the benchmark is run (and the sandbox's clock agrees with the bots').
        sandbox.clock = lambda: datetime.fromisoformat(DEMO_NOW)
        seed(sandbox, load_config(work / "sa-triage.yml"))
        url = sandbox.start(port=0)
        sandbox.faults.configure(latency=args.latency)
        results = []
        picked = rng.sample(rows, 2 * args.changed)
        runs: tuple[tuple[str, list[Any]], ...] = (
            ("first mirror", []), ("re-run, nothing changed", []),
            (f"{args.changed} changed (the first change: notes read)", picked[:args.changed]),
            (f"{args.changed} others changed", picked[args.changed:]))
        for label, changed in runs:
            if changed:
                for row in changed:
                    row["Stage"] = "4-Proposal" if row["Stage"] != "4-Proposal" else "3-Technical Evaluation"
                write_rows(work / "requests.csv", list(rows[0].keys()), rows)
            sandbox.log.reset()
            cli = run_cli(work / "sa-triage.yml", url, "run", "mirror", "--now", DEMO_NOW)
            results.append((label, sandbox.log.reads, sandbox.log.writes, cli.wall, cli.cpu, cli.rss))
        sandbox.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    floor = math.ceil(args.n / 100)
    print(f"N = {args.n} requests, {args.latency * 1000:.0f} ms injected latency per request; "
          f"list floor ceil(N/100) = {floor}\n")
    print("| run | reads | writes | wall s | CPU s | peak RSS MB | wall / (requests × latency) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, reads, writes, wall, cpu, rss in results:
        ratio = wall / ((reads + writes) * args.latency) if args.latency else float("nan")
        print(f"| {label} | {reads} | {writes} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
