"""Open mirrored requests that the source no longer returns (issue 11): looked up, or counted, then
acted on, so that none stays on `triage::new` forever.

* A Salesforce source is asked about them by id (`bots.sources.lookup`, one batched query): a record
  closed won or lost (or withdrawn) leaves the board like any closed request (`mirror.on_closed`);
  one in the recycle bin, or unknown to the org (purged) when no export is configured, is deleted:
  flagged `not-in-source` and handled per `mirror.on_closed`; one that is live but no longer an SA
  request (status cleared, or outside the source's `where`) is flagged with a note and left open.
* An export's row (the export may be filtered) is taken as gone after `mirror.missing_runs` runs in
  a row without it: flagged, handled per `mirror.on_closed`, with one note saying why. The count is
  the mirror's signed record `<!-- sa-triage:absent {...} -->` after its block: written once per run
  the row is missing (first-missed time, last counted run, count) and never while rows are present;
  a rerun at the same time counts nothing. A row that comes back removes the record (and the flag).
  When more rows go missing in one run than an export loses to real closings (more than
  `mirror.missing_guard_percent` of its mirrored requests, and at least GUARD_FLOOR), the export looks
  truncated (a failed download, a report's row limit, a changed filter): none is counted, and the run
  reports it, so that a bad file can never close the board.

The notes mention nobody (they name no person and quote nothing from the source), so none waits for
business hours; the label shows the board. An issue already labelled `not-in-source` is not acted on
again. An issue the bot closed so, whose request the sources return as live again (an export's filter
fixed, a record restored from the recycle bin), is reopened with one note, its flag and count lifted
and back on the first board list (`reopen`); one a person closed stays closed, as any request the team
is done with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bots import actions as a
from bots import markers
from bots.errors import Problem
from bots.job import Context
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.render import render
from bots.request_record import read_request
from bots.sources.config import FileSource
from bots.sources.lookup import look_up_all
from bots.sources.result import LookedUp, SourceResult

FLAG = "not-in-source"
RECORD = "absent"  # the kind of the mirror's signed count record
GUARD_FLOOR = 10  # fewer rows missing at once than this never look like a truncated export


@dataclass(frozen=True)
class Missing:
    """An open mirrored issue whose request the sources did not return this run."""

    key: str
    issue: Issue
    verdict: LookedUp | None  # Salesforce's answer; None: no org knows it (or none was asked)


@dataclass(frozen=True)
class Counting:
    """How the run tells gone from absent: `exports` (paths) count runs; `asked`: an org answered."""

    exports: tuple[str, ...] = ()
    asked: bool = False
    truncated: bool = False  # too many rows missing at once: none is counted this run


def read_missing(issues: Sequence[Issue], result: SourceResult, ctx: Context,
                 bot_username: str) -> tuple[tuple[Missing, ...], Counting, tuple[Problem, ...]]:
    """The open mirrored issues whose request the sources did not return (nor rejected: those exist,
    unreadable), each with what Salesforce says of it (one batched look-up per org)."""
    cfg = ctx.config
    present = {r.opportunity_id for r in result.requests} | result.rejected_ids | result.unchanged
    # Requests only: the bot's other keyed issues (the digest's) carry no request record.
    mine = [(r.key, i) for i in issues if i.is_open and (r := read_request(i, bot_username, ctx.state_key))]
    gone = [(key, issue) for key, issue in mine if key not in present]
    sources = cfg.sources.sources if cfg.sources else ()
    exports = tuple(s.path for s in sources if isinstance(s, FileSource))
    if not gone:
        return (), Counting(exports), ()
    found = look_up_all(sources, ctx.env, [k for k, _ in gone], cfg.file)
    # What a failed look-up could not answer is neither counted nor acted on: it may still be live.
    missing = tuple(Missing(key, issue, found.verdicts.get(key)) for key, issue in gone
                    if key not in found.unanswered)
    counted = [m for m in missing if _counted(m, exports) and FLAG not in m.issue.labels]
    mirrored = len(mine)
    limit = mirror_settings(cfg).missing_guard_percent
    if len(counted) < GUARD_FLOOR or len(counted) * 100 <= limit * mirrored or limit >= 100:
        return missing, Counting(exports, found.asked), found.problems
    where = ", ".join(exports)
    problem = Problem(where, f"{len(counted)} of the {mirrored} requests mirrored from it are missing at "
                      f"once (more than mirror.missing_guard_percent, {limit} %): it looks truncated "
                      "or filtered differently, so none is counted as gone this run. If that many "
                      "requests really left, raise mirror.missing_guard_percent for one run.")
    return missing, Counting(exports, found.asked, truncated=True), (*found.problems, problem)


def _counted(m: Missing, exports: Sequence[str]) -> bool:
    """Whether the request's absence is counted run by run (an export's, that no org answered for)."""
    return m.verdict is None and bool(exports)


def plan_missing(m: Missing, ctx: Context, how: Counting) -> list[a.Action]:
    """The actions for one missing request whose verdict is not a closed request (the mirror plans
    those as closed requests)."""
    if FLAG in m.issue.labels:
        return []  # acted on already
    v = m.verdict
    if v is not None and v.fate == "found":
        detail = ("its SA request status is empty" if v.status_empty
                  else "it no longer matches the source's query")
        return _act(m.issue, ctx, "not-request", "Salesforce no longer lists this opportunity as an SA "
                    "request", detail, leaves=False)
    if not _counted(m, how.exports):
        headline = ("The opportunity was deleted in Salesforce" if v is not None
                    else "Salesforce no longer knows this opportunity")
        detail = "it is in the recycle bin" if v is not None else "not even in its recycle bin"
        return _act(m.issue, ctx, "deleted", headline, detail, leaves=True,
                    advice="If it is restored, reopen the issue.")
    return [] if how.truncated else _count(m.issue, ctx, how.exports)


def _count(issue: Issue, ctx: Context, exports: Sequence[str]) -> list[a.Action]:
    state = markers.read_signed_comment(issue.description, RECORD, ctx.state_key) or {}
    last = _time(state.get("last"))
    if last is not None and ctx.now <= last:
        return []  # this run was counted (a rerun, a retry)
    counted = state.get("runs")
    runs = (counted if isinstance(counted, int) else 0) + 1
    since = _time(state.get("since")) or ctx.now
    record = {"since": since.isoformat(), "last": ctx.now.isoformat(), "runs": runs}
    edit = a.DescriptionEdit(records=((RECORD, markers.signed_comment(RECORD, record, ctx.state_key)),))
    needed = mirror_settings(ctx.config).missing_runs
    if runs < needed:
        return [a.UpdateIssue(issue.iid, edit=edit)]
    where = ", ".join(exports)
    return _act(issue, ctx, "export", f"Not in the export for {runs} runs in a row",
                f"since {since.strftime('%a %d %b %Y, %H:%M UTC')}, in none of: {where}",
                leaves=True, edit=edit,
                advice="The export may be filtered: check the opportunity in Salesforce. "
                       "If it is still an open SA request, reopen the issue and fix the export.")


def _act(issue: Issue, ctx: Context, kind: str, headline: str, detail: str, *, leaves: bool,
         advice: str = "", edit: a.DescriptionEdit | None = None) -> list[a.Action]:
    """The note (first: a run that dies before the update plans it again), then the flag, off the
    board lists and closed per `mirror.on_closed` when the request `leaves`."""
    closing = leaves and mirror_settings(ctx.config).on_closed == "close"
    marker = markers.note_marker("left-source", kind)
    body = render("mirror_left_source.md.j2", headline=headline, detail=detail, leaves=leaves,
                  closing=closing, advice=advice).strip()
    lists = tuple(x for x in issue.labels if x in ctx.config.board.lists) if leaves else ()
    return [a.UpsertNote(issue.iid, marker, markers.with_marker(marker, body)),
            a.UpdateIssue(issue.iid, add_labels=(FLAG,), remove_labels=lists, edit=edit,
                          state_event="close" if closing else None)]


def back(issue: Issue, ctx: Context) -> list[a.Action]:
    """A request present again: its count record removed and its flag lifted (back on the first
    board list if it left them), once; nothing while there is neither."""
    record = markers.read_signed_comment(issue.description, RECORD, ctx.state_key) is not None
    flagged = FLAG in issue.labels
    if not (record or flagged):
        return []
    lists = ctx.config.board.lists
    add = (ctx.config.board.first_list,) if flagged and not set(issue.labels) & set(lists) else ()
    return [a.UpdateIssue(issue.iid, add_labels=add, remove_labels=(FLAG,) if flagged else (),
                          edit=a.DescriptionEdit(records=((RECORD, ""),)) if record else None)]


def closed_for_absence(issue: Issue, bot_username: str) -> bool:
    """The bot closed it, flagged `not-in-source`, because its request had left the sources."""
    return not issue.is_open and FLAG in issue.labels and issue.closed_by == bot_username


def reopen(issue: Issue, ctx: Context) -> tuple[Issue, list[a.Action]]:
    """A request the bot closed for absence that the sources return again as live: one note, then
    the issue reopened with its flag and count lifted, back on the board's first list; and the
    issue as that leaves it, for the update that brings it in step."""
    marker = markers.note_marker("left-source", "back")
    body = render("mirror_back_in_source.md.j2").strip()
    (lift,) = back(issue, ctx)  # flagged: never nothing
    assert isinstance(lift, a.UpdateIssue)
    lift = replace(lift, state_event="reopen")
    labels = tuple(sorted((set(issue.labels) | set(lift.add_labels)) - set(lift.remove_labels)))
    description = lift.edit.apply(issue.description) if lift.edit else issue.description
    view = replace(issue, state="opened", labels=labels, description=description, closed_by="")
    return view, [a.UpsertNote(issue.iid, marker, markers.with_marker(marker, body)), lift]


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
