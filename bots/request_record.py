"""The one typed record of a mirrored SA request: what the mirror signed, read the same way by every bot.

The mirror writes it (signed, inside its bot-owned block); `read_request` is the only reader. It
also decides which issues are requests at all: only issues the bot itself created carry a record
that counts, so a person's copy of a mirrored issue (GitLab's "clone issue", a pasted block) is not
a request, whatever its labels say.

Version 1 (the first release) had no `v`, no Command Plan and no `missing` list read back; it still
verifies and reads: `plan` is then None and readers fall back to what the block shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from sys import intern
from typing import Any

from bots import markers
from bots.model import Issue
from bots.sources.request import SARequest, Segment, Stage

VERSION = 2
# The Command Plan answers other bots decide on (suggest: skills, languages), each capped so that a
# pasted novel cannot bloat every snapshot; the block shows them whole.
PLAN_KEYS = ("scm", "planning", "ci_cd", "cloud", "deployment", "competitors", "use_cases", "why_now",
             "compelling_event")
PLAN_FIELD_LIMIT = 500


@dataclass(frozen=True, slots=True)  # one per request of the board, cached
class RequestRecord:
    key: str  # the opportunity id
    region: str  # "AMER", "EMEA" or "unknown"
    entered: datetime  # the Salesforce request time: the triage clock
    stage: Stage | None
    segment: Segment | None
    close: date | None
    meeting: datetime | None
    meeting_type: str | None
    net_arr: Decimal | None
    judgment: str  # "ok", "malformed", "missing", or "" (not recorded)
    ae: str | None  # the AE's GitLab username, when the roster knows them
    fast_track: bool
    attendees: bool  # the Command Plan names the attendees with titles
    missing: tuple[str, ...]  # what the needs-info note asks for
    inputs: str = ""  # digest of everything the block was rendered from
    version: int = VERSION
    csm: bool = False  # Salesforce names a Customer Success Manager for the account
    csm_eligible: bool | None = None  # Salesforce says whether the account qualifies (None: silent)


def record_of(req: SARequest, *, region: str, entered: str, missing: tuple[str, ...], judgment: str,
              ae: str | None, fast_track: bool) -> dict[str, Any]:
    """The signed state the mirror writes for `req` (its `inputs` digest is added by the mirror)."""
    plan = {k: getattr(req.command_plan, k)[:PLAN_FIELD_LIMIT] for k in PLAN_KEYS
            if getattr(req.command_plan, k)}
    # Written only when Salesforce says something: the records of requests without it stay as they were.
    csm = {"csm": True} if req.csm_name else {}
    if req.csm_eligible is not None:
        csm["csm_eligible"] = req.csm_eligible
    return {**csm, "v": VERSION, "stage": req.stage.value, "close": req.close_date.isoformat(),
            "meeting": req.meeting_at.isoformat() if req.meeting_at else None,
            "missing": list(missing), "region": region, "entered": entered,
            "segment": req.segment.value, "net_arr": str(req.net_arr), "judgment": judgment,
            "ae": ae, "fast_track": fast_track,
            "attendees": "attendees" not in req.missing_command_plan_fields(),
            "meeting_type": req.meeting_type.value if req.meeting_type else None, "plan": plan}


def read_request(issue: Issue, bot_username: str, key: bytes) -> RequestRecord | None:
    """The request record of an issue the bot created, or None (not ours, unsigned, or unreadable)."""
    if issue.author != bot_username:
        return None
    return _read(issue.description, key)


# Description -> its record, per signing key: every bot of a run reads the same records (the record
# is frozen), each verified and decoded once. A plain dict, not an lru_cache (whose link and key
# tuple cost ~140 B a request more), bounded by starting over when full.
_RECORDS: dict[bytes, dict[str, RequestRecord | None]] = {}
_LIMIT = 1 << 16


def _read(description: str, key: bytes) -> RequestRecord | None:
    """The record of a description (read once per description and key)."""
    known = _RECORDS.get(key)
    if known is None:
        if len(_RECORDS) >= 4:  # a run signs with one key (a test process with a few)
            _RECORDS.clear()
        known = _RECORDS[key] = {}
    if description in known:
        return known[description]
    if len(known) >= _LIMIT:
        known.clear()
    record = known[description] = _decode(description, key)
    return record


def _decode(description: str, key: bytes) -> RequestRecord | None:
    block = markers.current_block(description) or ""
    opportunity = markers.block_key(block)
    state = markers.read_signed_state(block, key)
    if state is None or opportunity is None:
        return None
    return from_state(opportunity, state)


def read_plan(issue: Issue, bot_username: str, key: bytes) -> dict[str, str] | None:
    """The Command Plan the mirror recorded (field -> text), or None (not a request, or a record of
    the first release, which has none). Read apart from the record: only `suggest` needs it, for
    the requests waiting in triage, and a board's worth of plan texts is not kept for the run."""
    if issue.author != bot_username:
        return None
    # A description whose record was read (`read_request`, earlier in the run) has its state
    # verified already: decoded without checking its signature a second time.
    verified = key if _read(issue.description, key) is None else markers.UNVERIFIED_KEY
    state = markers.read_signed_state(markers.current_block(issue.description) or "", verified)
    plan = (state or {}).get("plan")
    return {k: str(plan[k]) for k in PLAN_KEYS if plan.get(k)} if isinstance(plan, dict) else None


def from_state(opportunity: str, state: dict[str, Any]) -> RequestRecord | None:
    """The record of a verified state dict (None when its clock is unreadable)."""
    entered = _time(state.get("entered"))
    if entered is None:
        return None
    # Interned: a board's records repeat a few regions, AEs and missing-field names thousands of times.
    return RequestRecord(
        key=opportunity, region=intern(str(state.get("region") or "unknown")), entered=entered,
        stage=_enum(Stage, state.get("stage")), segment=_enum(Segment, state.get("segment")),
        close=_date(state.get("close")), meeting=_time(state.get("meeting")),
        meeting_type=intern(state["meeting_type"]) if isinstance(state.get("meeting_type"), str) else None,
        net_arr=_decimal(state.get("net_arr")), judgment=intern(str(state.get("judgment") or "")),
        ae=intern(str(state["ae"])) if state.get("ae") else None, fast_track=bool(state.get("fast_track")),
        attendees=bool(state.get("attendees")),
        missing=tuple(intern(x) for x in state.get("missing") or () if isinstance(x, str)),
        inputs=str(state.get("inputs") or ""), version=int(state.get("v") or 1),
        csm=state.get("csm") is True,
        csm_eligible=state["csm_eligible"] if isinstance(state.get("csm_eligible"), bool) else None)


def _enum(kind: Any, value: Any) -> Any:
    return _members(kind).get(value) if isinstance(value, str) else None


@functools.cache
def _members(kind: Any) -> dict[str, Any]:
    return {x.value: x for x in kind}


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(value) if isinstance(value, str) and value else None
    except InvalidOperation:
        return None
