"""Benchmark the mirror against the local sandbox: request counts, wall and CPU time, peak RSS.

    python scripts/bench_mirror.py [--n 5000] [--latency 0.01] [--changed 50]

Generates N requests (the shipped sample's good rows, repeated with fresh opportunity ids), serves
a sandbox with `latency` seconds added to every request, and runs `sa-triage run mirror` as a child
process three times: the first mirror, a re-run with nothing changed, and a run after `changed`
requests changed stage. Prints a Markdown table (paste it into the README).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bots import config as config_mod
from bots.sources.exports import read_csv
from bots.sources.sfid import checksum
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import BOT_TOKEN, seed

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "bots" / "data" / "sample_requests.csv"


def write_requests(path: Path, n: int, rng: random.Random) -> list[dict[str, str]]:
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        good_ids = {r.opportunity_id[:15] for r in read_csv(SAMPLE).requests}
        rows = [r for r in reader if r["Opportunity ID"][:15] in good_ids
                and r["SA Request Status"].lower() != "withdrawn" and "closed" not in r["Stage"].lower()]
    out = []
    for i in range(n):
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


# Runs the CLI and writes its own peak RSS on exit: RUSAGE_CHILDREN would report the largest of
# all children so far, not of this one.
_LAUNCHER = ("import atexit, resource, sys; f = sys.argv.pop(1); "
             "peak = lambda: str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
             "atexit.register(lambda: open(f, 'w').write(peak())); "
             "from bots.cli import main; main(sys.argv[1:])")


def run_cli(config: Path, url: str, *args: str) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS (MB) of one `sa-triage` child (default: run mirror)."""
    env = {**os.environ, "GITLAB_URL": url, "GITLAB_TOKEN": BOT_TOKEN}
    rss_file = config.parent / "rss.txt"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    command = [sys.executable, "-c", _LAUNCHER, str(rss_file), "--config", str(config),
               *(args or ("run", "mirror"))]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"sa-triage failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(rss_file.read_text()) / 1024, proc.returncode


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
        seed(sandbox, config_mod.load(work / "sa-triage.yml"))
        url = sandbox.start(port=0)
        sandbox.faults.configure(latency=args.latency)
        results = []
        for label in ("first mirror", "re-run, nothing changed", f"{args.changed} changed"):
            if label.endswith("changed") and not label.startswith("re-run"):
                for row in rng.sample(rows, args.changed):
                    row["Stage"] = "4-Proposal" if row["Stage"] != "4-Proposal" else "3-Technical Evaluation"
                write_rows(work / "requests.csv", list(rows[0].keys()), rows)
            sandbox.log.reset()
            wall, cpu, rss, _ = run_cli(work / "sa-triage.yml", url)
            results.append((label, sandbox.log.reads, sandbox.log.writes, wall, cpu, rss))
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
