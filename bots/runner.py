"""Runs jobs: read a snapshot, plan, print or write the plan as JSON, apply it unless dry-run, report."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bots.actions import Action, UpsertNote
from bots.board import BoardSnapshot, Source
from bots.errors import Problem, SaTriageError, SourceUnavailable
from bots.gateway import Gateway
from bots.golive import held_json
from bots.job import Context, Job, Plan, Then
from bots.output import Output
from bots.run_recheck import RunRecheck
from bots.runlock import RunLock

MAX_PASSES = 4


@dataclass
class Outcome:
    action: Action
    result: str | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {**self.action.to_json(), "result": self.result, "error": self.error}


@dataclass
class JobReport:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)  # reminders held back at go-live
    reads: int = 0
    writes: int = 0
    stopped_early: bool = False
    cpu_s: float = 0.0  # this process's CPU while the job read, planned and applied

    @property
    def failures(self) -> int:
        return sum(1 for p in self.problems if not p.warning) + sum(1 for o in self.outcomes if o.error)

    def to_json(self) -> dict[str, Any]:
        return {"job": self.name, "actions": [o.to_json() for o in self.outcomes],
                "problems": [str(p) for p in self.problems if not p.warning],
                "warnings": [str(p) for p in self.problems if p.warning], "info": self.info,
                "requests": {"reads": self.reads, "writes": self.writes}, "cpu_s": round(self.cpu_s, 3),
                "held_back": held_json(self.held),
                "stopped_early": self.stopped_early}


class Runner:
    def __init__(self, gateway: Gateway, ctx: Context, out: Output, *, dry_run: bool = False,
                 max_writes: int | None = None, lock_ttl: timedelta = timedelta(minutes=10),
                 lock_wait: float = 180.0, lock_owner: str = "", source: Source | None = None,
                 needs_sources: frozenset[str] = frozenset()) -> None:
        self.gateway, self.ctx, self.out = gateway, ctx, out
        self.dry_run, self.max_writes = dry_run, max_writes
        self.reports: list[JobReport] = []
        self.warnings: list[str] = []  # the run's own troubles that fail no item (a lock left behind)
        self._writes_left = max_writes
        gateway.state_key = ctx.state_key
        self._lock_failed_in: str | None = None  # the bot whose plan could not take the lock
        # One snapshot for every bot of the run: of the board, or of one issue (`sa-triage react`).
        self.source: Source = source or gateway
        self.whole = source is None  # a run given its own source is a one-issue run
        self.board = BoardSnapshot(self.source, whole=self.whole)
        self.recheck = RunRecheck(gateway, ctx.state_key, out, lambda: self.board, whole=self.whole)
        self.lock = RunLock(gateway, ttl=lock_ttl, wait=lock_wait, owner=lock_owner,
                            before_clear=self.recheck.every)
        # A source that could not be read (by the mirror, or before the run): the bots in
        # `needs_sources` are then not run, so none of them writes from data that is not there.
        self.needs_sources = needs_sources
        self.source_error: SourceUnavailable | None = None

    def run(self, job: Job) -> JobReport:
        report = JobReport(job.name)
        self.reports.append(report)
        reads0, writes0 = self.gateway.counter.snapshot()
        cpu0 = time.process_time()
        self.out.section_start(f"sa_triage_{job.name}", f"{job.name}: {job.summary}")
        try:
            if self.source_error is not None and job.name in self.needs_sources:
                err = self.source_error
                raise SaTriageError(f"not run, it plans on the sources' data: {err.key_path}: {err.problem}")
            passes = 1 if self.dry_run or not job.converge else MAX_PASSES
            for _ in range(passes):
                if passes > 1:
                    # converging jobs re-read what they wrote
                    self.board = BoardSnapshot(self.source, whole=self.whole)
                snapshot = self.gateway.guarded(f"{job.name}: reading", job.read, self.board, self.ctx)
                plan = job.plan(snapshot, self.ctx)
                report.problems.extend(p for p in plan.problems if p not in report.problems)
                report.info.extend(i for i in plan.info if i not in report.info)
                report.held.extend(h for h in plan.held if h not in report.held)
                if not plan.actions or not self._apply(plan.actions, report, plan):
                    break
                if plan.then is not None:
                    self._apply_then(plan.actions, plan.then, report)
        except SourceUnavailable as e:
            self.source_error = e
            report.problems.append(Problem(job.name, str(e)))
        except SaTriageError as e:
            report.problems.append(Problem(job.name, str(e)))
        reads1, writes1 = self.gateway.counter.snapshot()
        report.reads, report.writes = reads1 - reads0, writes1 - writes0
        report.cpu_s = time.process_time() - cpu0
        for p in report.problems:
            self.out.line(f"   {'warning: ' if p.warning else '! '}{p}")
        for i in report.info:
            self.out.line(f"   · {i}")
        self.out.line(f"   {len(report.outcomes)} action(s), {report.failures} failure(s), "
                      f"{report.reads} read(s), {report.writes} write(s)")
        self.out.section_end(f"sa_triage_{job.name}")
        return report

    def _apply(self, plan: tuple[Action, ...], report: JobReport, whole: Plan | None = None) -> bool:
        """Apply (or in dry-run just list) the plan; False when nothing more should be attempted."""
        recording = not self.dry_run and whole is not None and whole.proves_notes
        ledger_iid = self.recheck.ledger_iid(plan, whole) if recording and whole is not None else None
        if not self.dry_run and not self.lock.held:
            self._take_lock(report.name)  # only runs with something to write take the lock
        if not self.dry_run:
            self.gateway.begin_plan(plan, ledger_iid)
        if not recording:
            return self._apply_each(plan, report, record=False)
        try:
            finished = self._apply_each(plan, report, record=True)
        except BaseException:
            self.recheck.unsettled = None
            raise
        self.recheck.settles = self.recheck.settles or (finished and self.whole)
        return finished

    def _apply_each(self, plan: tuple[Action, ...], report: JobReport, *, record: bool) -> bool:
        """`_apply`'s loop; `record`: note the issues of failed and unapplied writes (notes_recheck)."""
        for done, action in enumerate(plan, 1):
            if not self.dry_run:
                self.lock.renew_if_due()
            outcome = Outcome(action)
            report.outcomes.append(outcome)
            if self.dry_run:
                self.out.line(f"   would {action.describe()}")
                continue
            if self._writes_left is not None and self._writes_left <= 0:
                report.outcomes.pop()
                report.stopped_early = True
                report.info.append(f"stopped at --max-writes; {len(plan) - done + 1} action(s) pending "
                                   "for the next run")
                if record:
                    self.recheck.half_written(plan[done - 1:])
                return False
            try:
                outcome.result = self.gateway.apply(action)
            except SaTriageError as e:
                outcome.error = str(e)
                if record:
                    self.recheck.half_written((action,))
            for issue in self.gateway.take_touched():
                self.board.applied(issue)
            if isinstance(action, UpsertNote):
                self.board.notes_changed(action.iid)
            w = self.gateway.last_apply_writes
            if self._writes_left is not None:
                self._writes_left -= w
            mark = "!" if outcome.error else "+"
            self.out.line(f"   {mark} {action.describe()}: {outcome.error or outcome.result}")
            self.out.progress(done, len(plan), report.name)
        return not self.dry_run

    def _apply_then(self, actions: tuple[Action, ...], then: Then, report: JobReport) -> None:
        """Apply what the plan asks for once its actions are done, given those done without an error."""
        more = then(tuple(o.action for o in report.outcomes[-len(actions):] if o.error is None))
        if more:
            self._apply(more, report)

    def _take_lock(self, job: str) -> None:
        """One lock per run: once it could not be taken, later bots do not wait for it again."""
        if self._lock_failed_in is not None:
            raise SaTriageError("not applied: this run could not take the run lock "
                                f"(see {self._lock_failed_in})")
        try:
            self.lock.acquire()
        except SaTriageError:
            self._lock_failed_in = job
            raise
        self.gateway.hold_exclusive(True)

    def close(self) -> None:
        """Release the run lock (if this run took it); a lock left behind is a warning."""
        if self.lock.held:
            try:
                if not self.dry_run:
                    self.recheck.record()
            except SaTriageError as e:
                self.warnings.append(f"the notes-recheck record was not written: {e}")
                self.out.line(f"warning: {self.warnings[-1]}")
            self.gateway.hold_exclusive(False)
        warning = self.lock.release()
        if warning:
            self.warnings.append(warning)
            self.out.line(f"warning: {warning}")

    def summary(self) -> None:
        self.out.line("")
        self.out.line("Summary" + (" (dry run: nothing was written)" if self.dry_run else ""))
        reads = writes = 0
        for r in self.reports:
            reads, writes = reads + r.reads, writes + r.writes
            self.out.line(f"  {r.name:<10} {len(r.outcomes):>5} action(s) {r.failures:>4} failure(s) "
                          f"{r.reads:>6} read(s) {r.writes:>5} write(s)")
        self.out.line(f"  {'total':<10} {sum(len(r.outcomes) for r in self.reports):>5} action(s) "
                      f"{sum(r.failures for r in self.reports):>4} failure(s) {reads:>6} read(s) "
                      f"{writes:>5} write(s)")
        pacer = self.gateway.pacer
        if pacer.slept or pacer.throttled:
            self.out.line(f"  paced: waited {pacer.slept:.1f} s for GitLab's per-minute limits; "
                          f"{pacer.throttled} write(s) answered 429 (too many requests)")

    @property
    def failed(self) -> bool:
        return any(r.failures for r in self.reports)

    def write_json(self, path: Path, redact: Any) -> None:
        from bots.procstats import process_stats
        reads = sum(r.reads for r in self.reports)
        writes = sum(r.writes for r in self.reports)
        data = {"now": self.ctx.now.isoformat(), "dry_run": self.dry_run,
                "jobs": [r.to_json() for r in self.reports],
                "totals": {"reads": reads, "writes": writes,
                           "failures": sum(r.failures for r in self.reports)},
                "warnings": self.warnings,
                "go_live": {"held_before": self.ctx.hold.before.isoformat() if self.ctx.hold.before else None,
                            "held_back": held_json(h for r in self.reports for h in r.held)}}
        pacer = getattr(self.gateway, "pacer", None)
        if pacer is not None:
            data["pacing"] = {"waited_s": round(pacer.slept, 3), "throttled": pacer.throttled,
                              "requests": dict(pacer.requests)}
        data["process"] = process_stats().to_json()  # this CLI's own peak RSS and CPU (bots/procstats.py)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redact(json.dumps(data, indent=2, default=str)) + "\n", encoding="utf-8")
