"""One request's plan: its issue created, brought in step with Salesforce, reopened or taken off the
board (`plan_request`, `plan_with_info`). Pure: the request, its issue as listed, the run's context."""

from __future__ import annotations

from typing import Any

from bots import actions as a
from bots import markers
from bots.calendars import BusinessCalendar
from bots.job import Context
from bots.mirror import fastpath, redirect, render
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
from bots.mirror.missing import closed_for_absence, reopen
from bots.mirror.notes import teams, waits
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.request_record import record_of
from bots.sources.request import RequestStatus, SARequest, Stage, parse_judgment

NEEDS_INFO = markers.note_marker("needs-info")
REGION_UNKNOWN = markers.note_marker("region-unknown")


def closed_reason(req: SARequest) -> str | None:
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
    return plan_with_info(req, issue, ctx)[0]


Planned = tuple[list[a.Action], tuple[str, ...]]  # the actions, and the run's info lines


def plan_with_info(req: SARequest, issue: Issue | None, ctx: Context, row: str | None = None) -> Planned:
    """`plan_request`, and the run's info lines (notes that wait for their recipients' business hours);
    `row`, the raw digest of the request's record, goes into the fast path's record of a write."""
    cfg = ctx.config
    region = region_of(req, cfg)
    ae = cfg.person_by_email(req.ae_email)
    ae_username = ae.username if ae else None
    missing = missing_info(req)
    closed = closed_reason(req)
    if issue is None:
        if closed:
            return [], ()  # over before it was ever mirrored
        return _create(req, ctx, region, ae_username, missing, row)
    if not issue.is_open:
        if closed or not closed_for_absence(issue, ctx.bot_username):
            return [], ()  # the team (or the bot, on withdrawal) is done with it
        issue, reopening = reopen(issue, ctx)
        actions, info = _update(req, issue, ctx, region, ae_username, missing, row)
        return [*reopening, *actions], info
    if closed:
        return _leave_board(req, issue, ctx, closed), ()
    return _update(req, issue, ctx, region, ae_username, missing, row)


def _create(req: SARequest, ctx: Context, region: str, ae_username: str | None,
            missing: tuple[str, ...], row: str | None) -> Planned:
    """A new issue; its notes go with it unless they wait (then a later run posts them: no receipt label)."""
    cfg = ctx.config
    unknown = region == UNKNOWN_REGION
    wait = waits(req, ctx, ae_username, needs_info=bool(missing), region_unknown=unknown,
                 where=f"new request {req.opportunity_id}")
    fast = is_fast_track(req, mirror_settings(cfg).fast_track_hours, request_calendar(req, cfg))
    state = _state(req, region, missing, req.requested_at.isoformat(), ae=ae_username, fast_track=fast)
    state["inputs"] = render.inputs_digest(req, region=region, ae_username=ae_username, fast_track=fast,
                                           calendar=_calendar(ctx, region))
    text = render.block(req, region=region, ae_username=ae_username, fast_track=fast,
                        state=state, key=ctx.state_key, calendar=_calendar(ctx, region))
    notes, receipts = [], []
    if missing and not wait.needs_info:
        notes.append(markers.with_marker(NEEDS_INFO, render.needs_info(missing, ae_username)))
        receipts.append(NEEDS_INFO_LABEL)
    if unknown and not wait.region_unknown:
        notes.append(markers.with_marker(REGION_UNKNOWN, render.region_unknown(teams(ctx))))
        receipts.append(f"region::{UNKNOWN_REGION}")
    slack = redirect.plan(req, None, ctx, region, ae_username)
    notes += [slack.note] if slack.note else []
    receipts += slack.add
    # A receipt label is added once its note is posted: a note that waits (or was lost to a crash)
    # is planned again by a later run, which finds the receipt missing.
    held = {NEEDS_INFO_LABEL, f"region::{UNKNOWN_REGION}"}
    labels = (desired_labels(req, cfg, ctx.now) | {cfg.board.first_list}) - held
    title, description = render.title(req), markers.owned_block(text) + "\n\n" + render.questions() + "\n"
    for kind, comment in fastpath.records(ctx, req, row, labels=labels | set(receipts), title=title,
                                          assigned=False, block=text, steady=not (wait.info or slack.info),
                                          had=False):
        description = markers.put_signed_comment(description, kind, comment)
    return [a.CreateIssue(req.opportunity_id, title, description, tuple(sorted(labels)), tuple(notes),
                          tuple(sorted(receipts)))], wait.info + slack.info


def _calendar(ctx: Context, region: str) -> BusinessCalendar | None:
    known = ctx.config.regions.get(region)
    return known.calendar if known else None


def _leave_board(req: SARequest, issue: Issue, ctx: Context, reason: str) -> list[a.Action]:
    closing = mirror_settings(ctx.config).on_closed == "close"
    lists = tuple(x for x in issue.labels if x in ctx.config.board.lists)
    marker = markers.note_marker("closed", req.status.value)
    body = render.closed(reason, closing, won=req.stage is Stage.CLOSED_WON, csm=req.csm_name)
    return [a.UpsertNote(issue.iid, marker, markers.with_marker(marker, body)),
            a.UpdateIssue(issue.iid, remove_labels=lists, state_event="close" if closing else None)]


def _update(req: SARequest, issue: Issue, ctx: Context, region: str, ae_username: str | None,
            missing: tuple[str, ...], row: str | None) -> Planned:
    cfg = ctx.config
    current = markers.current_block(issue.description)
    prev = markers.read_signed_state(current or "", ctx.state_key)  # None: absent or not ours
    if region == UNKNOWN_REGION:  # a person may have set the region by hand: keep it
        chosen = [x.split("::", 1)[1] for x in issue.labels
                  if x.startswith("region::") and x.split("::", 1)[1] in cfg.regions]
        region = chosen[0] if chosen else region
    before = None if prev is None else tuple(prev.get("missing") or ())
    # A note whose receipt label is absent may have waited, or been lost to a crash right after the
    # create: plan it again (the gateway's re-check keeps it single).
    lost = bool(missing) and NEEDS_INFO_LABEL not in issue.labels
    ask = (before != missing and bool(missing or before)) or lost
    unknown_label = f"region::{UNKNOWN_REGION}"
    tell = region == UNKNOWN_REGION and ((prev or {}).get("region") != UNKNOWN_REGION
                                         or unknown_label not in issue.labels)
    wait = waits(req, ctx, ae_username, needs_info=ask, region_unknown=tell, where=f"#{issue.iid}")
    held = {NEEDS_INFO_LABEL} if ask and wait.needs_info else set()
    held |= {unknown_label} if tell and wait.region_unknown else set()
    desired = {x for x in desired_labels(req, cfg, ctx.now) if not x.startswith("region::")}
    add, remove = label_changes(issue.labels, frozenset(desired | {f"region::{region}"}))
    slack = redirect.plan(req, issue, ctx, region, ae_username)
    add = tuple(x for x in add if x not in held) + slack.add  # receipts of notes that wait
    remove += slack.remove
    entered = (prev or {}).get("entered") or req.requested_at.isoformat()
    fast = is_fast_track(req, mirror_settings(cfg).fast_track_hours, request_calendar(req, cfg))
    # The record's `missing` is what the needs-info note asks for: while the note waits, it stays.
    asked = before if ask and wait.needs_info and before is not None else missing
    state = _state(req, region, asked, entered, ae=ae_username, fast_track=fast)
    state["inputs"] = render.inputs_digest(req, region=region, ae_username=ae_username, fast_track=fast,
                                           calendar=_calendar(ctx, region))
    text = ""
    if _same_inputs(prev, state):
        block_changed = False
    else:
        text = render.block(req, region=region, ae_username=ae_username, fast_track=fast,
                            state=state, key=ctx.state_key, calendar=_calendar(ctx, region))
        block_changed = markers.block_digest(issue.description) != markers.content_digest(text)
    # Notes first: if the run dies before the update, the next run re-plans them and the
    # gateway's re-check finds them already there.
    out = _change_note(req, issue, prev, state) if block_changed else []
    if ask and not wait.needs_info:
        out.append(a.UpsertNote(issue.iid, NEEDS_INFO,
                                markers.with_marker(NEEDS_INFO, render.needs_info(missing, ae_username))))
    if tell and not wait.region_unknown:
        out.append(a.UpsertNote(issue.iid, REGION_UNKNOWN,
                                markers.with_marker(REGION_UNKNOWN, render.region_unknown(teams(ctx)))))
    out += slack.notes(issue.iid)
    new_title = render.title(req)
    if not (add or remove or new_title != issue.title or block_changed):
        return out, wait.info + slack.info
    kept = fastpath.records(ctx, req, row, labels=(set(issue.labels) | set(add)) - set(remove),
                            title=new_title, assigned=bool(issue.assignees),
                            block=text if block_changed else current or "",
                            steady=not (wait.info or slack.info), had=fastpath.has_record(issue.description))
    # replace_block rewrites only the bot-owned block: people's text and the SLO bot's signed record
    # (`<!-- sa-triage:slo ... -->`, right after the block) are kept.
    out.append(a.UpdateIssue(
        issue.iid, add_labels=add, remove_labels=remove,
        title=new_title if new_title != issue.title else None,
        edit=a.DescriptionEdit(block=text if block_changed else None, records=kept)
        if block_changed or kept else None))
    return out, wait.info + slack.info


def _change_note(req: SARequest, issue: Issue, prev: dict[str, Any] | None,
                 state: dict[str, Any]) -> list[a.Action]:
    """The "Salesforce changed" note (it mentions nobody, so it never waits).

    It is new: the verified state still shows the request before this change, and a changed note
    is posted only right before the update that records its change. So the gateway posts it without
    reading the issue's notes, unless the issue changed since the snapshot or an earlier run left it
    half-written (bots.notes_recheck); then a note of an earlier change to the same values, found by
    its marker, stands for it."""
    changes = _changes(prev, state) if prev is not None else []
    if not changes:
        return []
    marker = markers.note_marker("changed", req.fingerprint()[:16])
    return [a.UpsertNote(issue.iid, marker, markers.with_marker(marker, render.changed(changes)),
                         proven_absent=True, seen=issue.updated_at.isoformat())]


def _changes(prev: dict[str, Any], state: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = (("stage", "Stage"), ("close", "Close date"), ("meeting", "Meeting"))
    return [(label, str(prev.get(k) or "none"), str(state.get(k) or "none"))
            for k, label in names if prev.get(k) != state.get(k)]
