"""`mirror`: one issue per SA request on the triage board, kept in step with Salesforce, and labelled."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.calendars import BusinessCalendar
from bots.errors import Problem
from bots.job import Context, Plan
from bots.mirror import render
from bots.mirror.decide import (
    NEEDS_INFO as NEEDS_INFO_LABEL,
)
from bots.mirror.decide import (
    UNKNOWN_REGION,
    desired_labels,
    is_fast_track,
    label_changes,
    missing_info,
    region_of,
    request_calendar,
)
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.request_record import record_of
from bots.sources.request import RequestStatus, SARequest, Stage, parse_judgment

PAGE = 100  # issues per list page
NEEDS_INFO = markers.note_marker("needs-info")
REGION_UNKNOWN = markers.note_marker("region-unknown")


@dataclass(frozen=True)
class MirrorSnapshot:
    requests: tuple[SARequest, ...]
    problems: tuple[Problem, ...]
    issues: tuple[Issue, ...]  # the bot's open issues, and the closed ones of requests without one


class MirrorJob:
    name = "mirror"
    summary = "mirror SA requests onto the triage board and label them"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> MirrorSnapshot:
        from bots.sources.config import read_all

        cfg = ctx.config
        if cfg.sources is None:
            return MirrorSnapshot((), (Problem(cfg.file, "sources: none configured"),), ())
        result = read_all(cfg.sources, cfg.base_dir, ctx.env)
        issues = [i for i in board.open_issues() if markers.find_issue_key(i, board.bot_username)]
        mirrored = {markers.find_issue_key(i, board.bot_username) for i in issues}
        orphans = {r.opportunity_id for r in result.requests
                   if r.opportunity_id not in mirrored and _closed_reason(r) is None}
        issues.extend(closed_issues(board, orphans))
        return MirrorSnapshot(tuple(result.requests), tuple(result.problems), tuple(issues))

    def plan(self, snap: MirrorSnapshot, ctx: Context) -> Plan:
        by_key: dict[str, Issue] = {}
        for issue in sorted(snap.issues, key=lambda i: i.iid):
            key = markers.find_issue_key(issue, ctx.bot_username)
            if key:
                by_key.setdefault(key, issue)
        out: list[a.Action] = []
        for req in snap.requests:
            out.extend(plan_request(req, by_key.get(req.opportunity_id), ctx))
        return Plan(tuple(out), snap.problems)


def closed_issues(board: BoardSnapshot, keys: set[str]) -> list[Issue]:
    """The bot's closed issues that mirror `keys`: live requests without an open issue.

    Closed history is not listed every run, so a run costs the same with 0 or 20,000 closed
    requests behind it: each key is searched for (in descriptions, verified by the key marker),
    unless listing the whole closed history takes fewer requests (a new board: none at all).
    """
    if not keys:
        return []
    mine = {"author_username": board.bot_username}
    total = board.count_closed(**mine)
    if total == 0:
        return []
    if total is not None and math.ceil(total / PAGE) <= len(keys):
        found = board.closed(**mine)
    else:
        where = {**mine, "in": "description"}
        found = tuple(i for key in sorted(keys) for i in board.closed(search=key, **where))
    return [i for i in found if markers.find_issue_key(i, board.bot_username) in keys]


def _closed_reason(req: SARequest) -> str | None:
    if req.status is RequestStatus.WITHDRAWN:
        return "SA request withdrawn"
    if req.stage is Stage.CLOSED_WON:
        return "Opportunity closed won"
    if req.stage is Stage.CLOSED_LOST:
        return "Opportunity closed lost"
    return None


def _judgment(text: str | None) -> str:
    if not (text or "").strip():
        return "missing"
    return "ok" if parse_judgment(text) else "malformed"


def _state(req: SARequest, region: str, missing: tuple[str, ...], entered: str, *,
           ae: str | None = None, fast_track: bool = False) -> dict[str, Any]:
    """What later bots may trust about the request (signed; read back by `read_request`)."""
    return record_of(req, region=region, entered=entered, missing=missing,
                     judgment=_judgment(req.sa_judgment), ae=ae, fast_track=fast_track)


def _same_inputs(prev: dict[str, Any] | None, state: dict[str, Any]) -> bool:
    """The verified state says the block was rendered from these very inputs.

    A state signed by the first release (no `v`) counts as current while its inputs are the same:
    upgrading rewrites no description; the record moves to the new version with the next change.
    """
    if prev is None:
        return False
    return prev == state or (prev.get("v") is None and prev.get("inputs") == state["inputs"])


def plan_request(req: SARequest, issue: Issue | None, ctx: Context) -> list[a.Action]:
    """The actions that bring one request's issue in step with Salesforce (none if it already is)."""
    cfg = ctx.config
    region = region_of(req, cfg)
    ae = cfg.person_by_email(req.ae_email)
    ae_username = ae.username if ae else None
    missing = missing_info(req)
    closed = _closed_reason(req)
    if issue is None:
        if closed:
            return []  # over before it was ever mirrored
        fast = is_fast_track(req, mirror_settings(cfg).fast_track_hours, request_calendar(req, cfg))
        state = _state(req, region, missing, req.requested_at.isoformat(), ae=ae_username, fast_track=fast)
        state["inputs"] = render.inputs_digest(req, region=region, ae_username=ae_username, fast_track=fast,
                                               calendar=_calendar(ctx, region))
        text = render.block(req, region=region, ae_username=ae_username, fast_track=fast,
                            state=state, key=ctx.state_key, calendar=_calendar(ctx, region))
        notes = []
        if missing:
            notes.append(markers.with_marker(NEEDS_INFO, render.needs_info(missing, ae_username)))
        if region == UNKNOWN_REGION:
            notes.append(markers.with_marker(REGION_UNKNOWN, render.region_unknown(_teams(ctx))))
        labels = desired_labels(req, cfg, ctx.now) | {cfg.board.first_list}
        receipts = {x for x in (NEEDS_INFO_LABEL if missing else None,
                                f"region::{UNKNOWN_REGION}" if region == UNKNOWN_REGION else None) if x}
        return [a.CreateIssue(req.opportunity_id, render.title(req),
                              markers.owned_block(text) + "\n\n" + render.questions() + "\n",
                              tuple(sorted(labels - receipts)), tuple(notes), tuple(sorted(receipts)))]
    if not issue.is_open:
        return []  # the team (or the bot, on withdrawal) is done with it
    if closed:
        return _leave_board(req, issue, ctx, closed)
    return _update(req, issue, ctx, region, ae_username, missing)


def _calendar(ctx: Context, region: str) -> BusinessCalendar | None:
    known = ctx.config.regions.get(region)
    return known.calendar if known else None


def _teams(ctx: Context) -> list[str]:
    return [r.team for r in ctx.config.regions.values()]


def _leave_board(req: SARequest, issue: Issue, ctx: Context, reason: str) -> list[a.Action]:
    closing = mirror_settings(ctx.config).on_closed == "close"
    lists = tuple(x for x in issue.labels if x in ctx.config.board.lists)
    marker = markers.note_marker("closed", req.status.value)
    return [a.UpsertNote(issue.iid, marker, markers.with_marker(marker, render.closed(reason, closing))),
            a.UpdateIssue(issue.iid, remove_labels=lists, state_event="close" if closing else None)]


def _update(req: SARequest, issue: Issue, ctx: Context, region: str, ae_username: str | None,
            missing: tuple[str, ...]) -> list[a.Action]:
    cfg = ctx.config
    current = markers.current_block(issue.description)
    prev = markers.read_signed_state(current or "", ctx.state_key)  # None: absent or not ours
    if region == UNKNOWN_REGION:  # a person may have set the region by hand: keep it
        chosen = [x.split("::", 1)[1] for x in issue.labels
                  if x.startswith("region::") and x.split("::", 1)[1] in cfg.regions]
        region = chosen[0] if chosen else region
    desired = {x for x in desired_labels(req, cfg, ctx.now) if not x.startswith("region::")}
    add, remove = label_changes(issue.labels, frozenset(desired | {f"region::{region}"}))
    entered = (prev or {}).get("entered") or req.requested_at.isoformat()
    fast = is_fast_track(req, mirror_settings(cfg).fast_track_hours, request_calendar(req, cfg))
    state = _state(req, region, missing, entered, ae=ae_username, fast_track=fast)
    state["inputs"] = render.inputs_digest(req, region=region, ae_username=ae_username, fast_track=fast,
                                           calendar=_calendar(ctx, region))
    text = ""
    if _same_inputs(prev, state):
        block_changed = False
    else:
        text = render.block(req, region=region, ae_username=ae_username, fast_track=fast,
                            state=state, key=ctx.state_key, calendar=_calendar(ctx, region))
        block_changed = markers.block_digest(issue.description) != markers.content_digest(text)
    out: list[a.Action] = []
    # Notes first: if the run dies before the update, the next run re-plans them and the
    # gateway's re-check finds them already there.
    if block_changed and prev is not None:
        changes = _changes(prev, state)
        if changes:
            marker = markers.note_marker("changed", req.fingerprint()[:16])
            out.append(a.UpsertNote(issue.iid, marker, markers.with_marker(marker, render.changed(changes))))
    before = None if prev is None else tuple(prev.get("missing") or ())
    # A note whose receipt label is absent may have been lost to a crash right after the create:
    # plan it again (the gateway's re-check keeps it single).
    lost = bool(missing) and NEEDS_INFO_LABEL not in issue.labels
    if (before != missing and (missing or before)) or lost:
        out.append(a.UpsertNote(issue.iid, NEEDS_INFO,
                                markers.with_marker(NEEDS_INFO, render.needs_info(missing, ae_username))))
    unknown_label = f"region::{UNKNOWN_REGION}"
    if region == UNKNOWN_REGION and ((prev or {}).get("region") != UNKNOWN_REGION
                                     or unknown_label not in issue.labels):
        out.append(a.UpsertNote(issue.iid, REGION_UNKNOWN,
                                markers.with_marker(REGION_UNKNOWN, render.region_unknown(_teams(ctx)))))
    new_title = render.title(req)
    # replace_block rewrites only the bot-owned block: people's text and the SLO bot's signed record
    # (`<!-- sa-triage:slo ... -->`, right after the block) are kept.
    update = a.UpdateIssue(
        issue.iid, add_labels=add, remove_labels=remove,
        title=new_title if new_title != issue.title else None,
        edit=a.DescriptionEdit(block=text) if block_changed else None)
    if add or remove or update.title is not None or update.edit is not None:
        out.append(update)
    return out


def _changes(prev: dict[str, Any], state: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = (("stage", "Stage"), ("close", "Close date"), ("meeting", "Meeting"))
    return [(label, str(prev.get(k) or "none"), str(state.get(k) or "none"))
            for k, label in names if prev.get(k) != state.get(k)]
