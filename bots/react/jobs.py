"""The bots of a one-issue run: the scheduled bots' own reads and plans, over a snapshot of one issue.

Two differ from a scheduled run, and say so in their info:

* mirror: Salesforce is not where the event happened, so only the issue's own request is planned
  (the export, or the Salesforce query, read as usual and filtered to the key the issue mirrors):
  its labels, title and block come back in step after a person's edit. An issue the bot did not
  create mirrors nothing: the export is not read at all. Other rows' problems are the scheduled
  mirror's to report.
* slo: time-driven reminders fire only in scheduled runs. When a reminder level has just come due
  for the issue, the whole SLO plan for it is left to the next scheduled run (the record must not
  say "posted" without the note); otherwise the plan (resolving a reminder, clearing its label,
  the record) is applied as planned.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.job import Context, Job, Plan
from bots.mirror.job import MirrorSnapshot


class OneIssue:
    """A scheduled bot, read and planned for the one issue of the run's snapshot."""

    name = ""
    summary = ""
    converge = False

    def __init__(self, inner: Job) -> None:
        self.inner = inner

    def read(self, board: BoardSnapshot, ctx: Context) -> Any:
        return self.inner.read(board, ctx)


class OneIssueMirror(OneIssue):
    name = "mirror"
    summary = "the issue's own request: labels, title and block in step with Salesforce"

    def read(self, board: BoardSnapshot, ctx: Context) -> MirrorSnapshot:
        keys = {markers.find_issue_key(i, board.bot_username) for i in board.open_issues()} - {None}
        if not keys:
            return MirrorSnapshot((), (), ())
        snap = self.inner.read(board, ctx)
        requests = tuple(r for r in snap.requests if r.opportunity_id in keys)
        problems = tuple(p for p in snap.problems if any(k and k in str(p) for k in keys))
        return MirrorSnapshot(requests, problems, snap.issues)

    def plan(self, snap: MirrorSnapshot, ctx: Context) -> Plan:
        plan = self.inner.plan(snap, ctx)
        if not snap.issues:
            return replace(plan, info=("the issue mirrors no SA request",))
        if not snap.requests:
            return replace(plan, info=("its request is not in the export: left to the scheduled mirror",))
        return plan


class OneIssueSlo(OneIssue):
    name = "slo"
    summary = "SLO resolution and escalation state of the issue (reminders fire on schedule)"

    def plan(self, snap: Any, ctx: Context) -> Plan:
        plan = self.inner.plan(snap, ctx)
        due = {x.iid for x in plan.actions if isinstance(x, a.UpsertNote) and x.note_id is None}
        kept = tuple(x for x in plan.actions if getattr(x, "iid", None) not in due)
        info = plan.info + tuple(f"#{iid}: a reminder is due: left to the scheduled SLO run"
                                 for iid in sorted(due))
        return Plan(kept, plan.problems, info)


def one_issue_jobs(names: tuple[str, ...], scheduled: dict[str, Job]) -> list[Job]:
    """The one-issue bots for `names`, from the scheduled ones (the registry's), in their order."""
    out: list[Job] = []
    for name, job in scheduled.items():
        if name in names:
            wrapped = OneIssueMirror(job) if name == "mirror" else OneIssueSlo(job) if name == "slo" else job
            out.append(wrapped)
    return out
