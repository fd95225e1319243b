"""Pacing against the sandbox: every note and issue create counts (those inside CreateIssue too), a
429 without Retry-After is waited out and sent again without a duplicate, and a first mirror under
gitlab.com's limits (scaled down) gets no 429 and takes little more than the limits' own minimum."""

from __future__ import annotations

import json
import random

import pytest

from bots import actions as a
from bots.errors import SaTriageError
from bots.gateway import Gateway
from bots.pacing import RATE_LIMIT_RETRIES, Limits, WritePacer
from scripts.bench_pacing import limit_minimum, min_spacing, write_requests

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
NOTES = "POST /projects/:id/issues/:issue_iid/notes"
ISSUES = "POST /projects/:id/issues"
BARE_429 = {"status": 429, "body": "json", "headers": False}  # gitlab.com's answer to one note too many


class FakeTime:
    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def paced_gateway(env, limits: Limits) -> tuple[Gateway, FakeTime]:
    fake = FakeTime()
    gateway = Gateway(env.url, env.token, PROJECT, pacer=WritePacer(limits, clock=fake, sleep=fake.sleep),
                      sleep=fake.sleep)
    gateway.connect()
    return gateway, fake


def create(n: int) -> a.CreateIssue:
    return a.CreateIssue(f"k{n}", f"request {n}", "d", ("sa-request",), notes=(f"<!-- m{n} -->\nmissing",),
                         labels_after_notes=("needs-info",))


def statuses(env, route: str) -> list[int]:
    return [e["status"] for e in env.sandbox.log.entries if f"{e['method']} {e['route']}" == route]


def test_the_note_inside_a_create_issue_counts_in_the_notes_bucket(env):
    gateway, fake = paced_gateway(env, Limits(notes_per_minute=1, issues_per_minute=10, window=60))
    env.sandbox.log.reset()
    for n in range(2):
        assert gateway.apply(create(n)).startswith("created #")
    assert fake.sleeps == [pytest.approx(60.001)]  # the second issue's note waited for the first's
    assert gateway.pacer.requests["note"] == len(statuses(env, NOTES)) == 2
    assert gateway.pacer.requests["issue"] == len(statuses(env, ISSUES)) == 2


@pytest.mark.parametrize("route", [NOTES, ISSUES])
def test_a_429_without_retry_after_is_waited_out_and_sent_again_without_a_duplicate(env, route):
    gateway, fake = paced_gateway(env, Limits(window=60))
    env.sandbox.faults.configure(fail_next=[{**BARE_429, "route": route}] * 2)
    env.sandbox.log.reset()
    assert gateway.apply(create(1)).startswith("created #")
    assert statuses(env, route) == [429, 429, 201]
    assert fake.sleeps == [7.5, 15]  # an eighth of the window, doubling; nothing looked up in between
    assert gateway.pacer.throttled == 2 and gateway.pacer.requests["note" if route == NOTES else "issue"] == 3
    (issue,) = env.sandbox.issues(PROJECT)
    assert [n["body"] for n in env.sandbox.notes(PROJECT, issue["iid"]) if not n["system"]] == [
        "<!-- m1 -->\nmissing"]
    assert "needs-info" in issue["labels"]
    assert env.sandbox.log.by_route().get("GET /projects/:id/issues/:issue_iid/notes") is None


def test_429s_that_do_not_stop_end_in_a_bounded_number_of_requests_and_say_so(env):
    gateway, fake = paced_gateway(env, Limits(window=60))
    env.sandbox.faults.configure(fail_next=[{**BARE_429, "route": ISSUES}] * 20)
    env.sandbox.log.reset()
    with pytest.raises(SaTriageError, match=r"answered 429 \(too many requests\) 6 times over 172 s"):
        gateway.apply(create(1))
    assert statuses(env, ISSUES) == [429] * (RATE_LIMIT_RETRIES + 1)
    assert sum(fake.sleeps) == 7.5 + 15 + 30 + 60 + 60 and env.sandbox.issues(PROJECT) == []


def test_a_first_mirror_under_gitlab_com_limits_scaled_down_gets_no_429_near_the_minimum_time(env,
                                                                                              monkeypatch):
    # gitlab.com's 60 notes, 200 issues and 2,000 requests a minute, scaled down to 5, 17 and 167
    # every second; the pacer is set to the very same limits (no margin), and the sandbox counts the
    # requests in its own fixed windows. A second, not less: the CLI's own work between writes must
    # stay small beside a window on a loaded machine. scripts/bench_pacing.py: the same at 1,000, timed.
    write_requests(env.repo / "bots/data/sample_requests.csv", 150, random.Random(1))
    period, quotas = 1.0, {"notes": 5, "issues": 17}
    env.sandbox.limits.configure(gitlab_com=True, period=period, api=167, **quotas)
    monkeypatch.setenv("SA_TRIAGE_NOTES_PER_MINUTE", str(quotas["notes"]))
    monkeypatch.setenv("SA_TRIAGE_ISSUES_PER_MINUTE", str(quotas["issues"]))
    monkeypatch.setenv("SA_TRIAGE_PACING_WINDOW_SECONDS", str(period))
    report_path = env.repo / "pacing-report.json"
    result = env.run("run", "mirror", "--json", str(report_path))
    assert result.code == 0, result.out
    log = env.sandbox.log
    assert 429 not in log.by_status()
    notes, issues = ([e for e in log.entries if f"{e['method']} {e['route']}" == route]
                     for route in (NOTES, ISSUES))
    assert len(issues) == 150 and len(notes) == 56 + 8  # needs-info notes, async-Slack ones (early stages)
    # creates, the notes, the receipt labels (one update per issue with a note: 60), the lock: no retry
    assert log.writes == 150 + 64 + 60 + 2
    assert min_spacing(notes, quotas["notes"]) >= period  # never more than 5 in any second
    assert min_spacing(issues, quotas["issues"]) >= period
    minimum = limit_minimum({"notes": len(notes), "issues": len(issues)}, quotas, period)
    assert minimum == 12 * period  # 64 notes at 5 a window
    span = log.entries[-1]["at"] - log.entries[0]["at"]  # the run's first request to its last
    assert span >= minimum
    # Near the minimum: the pacer's own waits never add up to more than the limits require (how
    # long the run's own work takes on a loaded machine is the benchmark's business, not a test's).
    pacing = json.loads(report_path.read_text(encoding="utf-8"))["pacing"]
    assert pacing["throttled"] == 0 and pacing["waited_s"] <= minimum, pacing
