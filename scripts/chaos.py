"""Chaos run: faults and kills must converge to exactly the state of a clean run.

    python scripts/chaos.py [--kills 20] [--error-rate 0.1] [--rate-limit-rate 0.05] [--seed 1]

A clean sandbox gets `setup` and every bot once. A second sandbox answers 10 % of requests with a
5xx and 5 % with a 429, and `sa-triage` (setup, then every bot) is killed at `kills` random moments;
then it runs to the end, faults still on, until a run writes nothing. Both sandboxes are compared:
the same issues (by key) with the same labels and state, one bot note per concern, the same labels,
board, templates and schedules. Prints the figures and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bots.jobs import load_config
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import BOT_TOKEN, BOT_USERNAME, copy_checkout, seed

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T14:30:00+00:00"  # fixed, so time-dependent labels match between the two runs
PROJECT = "commercial/triage"


@dataclass
class ChaosResult:
    kills: int
    interrupted: int
    runs: int
    faults_seen: dict[int, int]
    differences: list[str]
    duplicates: list[str]

    @property
    def ok(self) -> bool:
        return not self.differences and not self.duplicates


def normalized(sandbox: Sandbox) -> dict[str, Any]:
    """What must match between a clean and a chaotic run (ids and timestamps aside)."""
    issues: dict[str, Any] = {}
    for issue in sandbox.issues(PROJECT):
        key = issue["description"].split("sa-triage:key ", 1)[-1].split(" ", 1)[0]
        markers = Counter(n["body"].split("\n", 1)[0] for n in sandbox.notes(PROJECT, issue["iid"])
                          if not n["system"] and n["author"]["username"] == BOT_USERNAME)
        issues.setdefault(key, []).append({"state": issue["state"], "labels": sorted(issue["labels"]),
                                           "notes": dict(sorted(markers.items()))})
    schedules = sorted((s["description"], s["active"]) for s in sandbox.schedules(PROJECT))
    labels = sorted(x["name"] for x in sandbox.labels(PROJECT) if x["name"] != "sa-triage-run-lock")
    return {"issues": issues, "labels": labels, "schedules": schedules}


def _cli(config: Path, url: str, args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "GITLAB_URL": url, "GITLAB_TOKEN": BOT_TOKEN, "SA_TRIAGE_LOCK_TTL_SECONDS": "1"}
    return subprocess.Popen([sys.executable, "-m", "bots", "--config", str(config), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)


def _sandbox(config: Path) -> tuple[Sandbox, str]:
    sandbox = Sandbox()
    seed(sandbox, load_config(config))
    return sandbox, sandbox.start(port=0)


def run_chaos(config: Path, *, kills: int, error_rate: float, rate_limit_rate: float,
              seed_: int) -> ChaosResult:
    steps = [["setup"], ["run", "--now", NOW]]
    clean, clean_url = _sandbox(config)
    for step in steps:
        _cli(config, clean_url, step).wait(timeout=600)
    expected = normalized(clean)
    clean.stop()

    rng = random.Random(seed_)
    chaotic, url = _sandbox(config)
    chaotic.faults.configure(error_rate=error_rate, rate_limit_rate=rate_limit_rate, retry_after=0,
                             seed=seed_)
    runs = interrupted = 0
    for _ in range(kills):
        proc = _cli(config, url, rng.choice(steps))
        time.sleep(rng.uniform(0.45, 1.2))  # python start-up takes about 0.5 s; a run 1 to 2 s
        interrupted += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        runs += 1
    time.sleep(1.1)  # the last killed run's lock expires
    for _ in range(12):
        before = chaotic.log.writes
        for step in steps:
            _cli(config, url, step).wait(timeout=600)
            runs += 1
        if chaotic.log.writes == before:
            break
    got = normalized(chaotic)
    faults = {k: v for k, v in chaotic.log.by_status().items() if k >= 429}
    chaotic.stop()
    differences = _diff(expected, got)
    duplicates = [f"{k}: {len(v)} issues" for k, v in got["issues"].items() if len(v) > 1]
    duplicates += [f"{k}: note {m!r} x{n}" for k, v in got["issues"].items() for i in v
                   for m, n in i["notes"].items() if n > 1]
    return ChaosResult(kills, interrupted, runs, faults, differences, duplicates)


def _diff(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    out = []
    for part in ("labels", "schedules"):
        if expected[part] != got[part]:
            out.append(f"{part} differ: {expected[part]} != {got[part]}")
    for key in sorted(set(expected["issues"]) | set(got["issues"])):
        if expected["issues"].get(key) != got["issues"].get(key):
            out.append(f"issue {key}: {expected['issues'].get(key)} != {got['issues'].get(key)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--error-rate", type=float, default=0.10)
    parser.add_argument("--rate-limit-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sa-triage-chaos-") as tmp:
        repo = copy_checkout(Path(tmp))
        t0 = time.perf_counter()
        result = run_chaos(repo / "sa-triage.yml", kills=args.kills, error_rate=args.error_rate,
                           rate_limit_rate=args.rate_limit_rate, seed_=args.seed)
    print(f"kills: {result.kills} ({result.interrupted} mid-run), runs: {result.runs}, "
          f"fault answers seen: {result.faults_seen}, "
          f"{time.perf_counter() - t0:.0f} s")
    print("converged to the clean run's state" if result.ok else "DIFFERENT from the clean run:")
    for line in result.differences + result.duplicates:
        print("  " + line)
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
