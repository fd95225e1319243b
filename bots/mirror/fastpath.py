"""The mirror's fast path: an export row exactly as it was when the mirror last wrote its issue, on
an issue exactly as the mirror left it, is neither normalized nor planned.

When the mirror writes an issue anyway (creates it, or updates its labels, title or block) and has
nothing left waiting (no note held for business hours), it adds a signed record after its block:

    <!-- sa-triage:row {"at": ..., "d": ..., "due": ...} sig=... -->

`d` digests what the plan of that row depends on besides the clock: the row's raw values (and the
zone its times are read in), the roster entry of its AE, the parts of the config the mirror plans
with (regions, board lists, its own and the async-Slack settings), `PLAN_VERSION`, and the issue as
the write leaves it: the labels the mirror reads (region, segment, stage, priority, its flags,
`not-in-source`), the title, whether anyone is assigned, and its signed state (payload and signature);
for a fast track, also its priority points, and for an issue labelled `async-slack`, the version of
what qualifies for the Slack pointer (`flag_part`: only their plans read them).
`due` is the next moment the priority label changes with time (`decide.priority_due`).

A row is skipped when its issue (the lowest open one with its key) has the record, `d` is the same
digest over today's row and issue, `at <= now < due`, and the issue carries neither the
`not-in-source` flag nor an absence count (and never in a read-only run, which cannot verify the
record's signature). Anything else takes the normal path, which is always
right: a changed row, a person's change to a mirror label or the title, an assignment, a config or
roster change, the priority's moment, an issue of an older release without the record. No
description is rewritten to add the record: it comes with the next write the mirror makes anyway
(a one-time write of every issue would bump every issue's "updated" time, which people sort by).
A plan whose note waits removes the record instead, so the next run plans that note again.

Bump `PLAN_VERSION` with any change that plans differently for the same row and issue (a new
label rule, a new note): records of the old version then go the normal way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any

from bots import markers
from bots.config import Config, per_config
from bots.job import Context
from bots.mirror.decide import FAST_TRACK, MANAGED_PREFIXES, is_fast_track, priority_due, request_calendar
from bots.mirror.missing import FLAG, RECORD
from bots.mirror.redirect import QUALIFIES_VERSION
from bots.mirror.redirect_settings import async_slack_settings
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.sources.fields import FieldError, email
from bots.sources.normalize import RawRow
from bots.sources.request import SARequest

ROW = "row"  # the kind of the signed record
PLAN_VERSION = "1"
_SIG = " sig="


def canonical(value: object) -> str:
    """A spelling of `value` that is the same in every process (sets sorted, caches left out)."""
    if is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in fields(value) if f.repr)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{canonical(k)}:{canonical(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(canonical(v) for v in value) + ")"
    return repr(value)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def config_digest(cfg: Config) -> str:
    """What of the config every row's plan depends on (the AE's roster entry is per row)."""
    return _hash(PLAN_VERSION, canonical(cfg.regions), canonical(cfg.board),
                 canonical(mirror_settings(cfg)), canonical(async_slack_settings(cfg)))


def watched(cfg: Config) -> frozenset[str]:
    """The labels the mirror reads besides its families (`MANAGED_PREFIXES`)."""
    return frozenset({"fast-track", "needs-info", FLAG, mirror_settings(cfg).label,
                      async_slack_settings(cfg).label})


def issue_digest(names: frozenset[str], labels: Iterable[str], title: str, assigned: bool,
                 state_sig: str, extra: str = "") -> str:
    """The issue as the mirror reads it: its labels of the mirror's (`names`, families), title,
    assignment, signed state."""
    return _issue_hash(read_labels(names, labels), title, assigned, state_sig, extra)


def read_labels(names: frozenset[str], labels: Iterable[str]) -> tuple[str, ...]:
    """The labels the mirror reads (`names`, and its families), sorted."""
    return tuple(sorted({x for x in labels if x in names or x.startswith(MANAGED_PREFIXES)}))


def _issue_hash(mine: tuple[str, ...], title: str, assigned: bool, state_sig: str, extra: str = "") -> str:
    return _hash(*mine, "\x1e", title, str(assigned), state_sig, *((extra,) if extra else ()))


def flag_part(cfg: Config, labels: Iterable[str]) -> str:
    """What the plan of an issue carrying one of the mirror's flags depends on beyond `config_digest`:
    a fast track's priority points (left out of that digest), and for `async-slack` the version of
    what qualifies. A change to either sends only the issues with that flag the normal way."""
    labels = tuple(labels)
    parts = []
    if FAST_TRACK in labels:
        parts.append(f"fast_track_points={mirror_settings(cfg).priority.fast_track_points}")
    if async_slack_settings(cfg).label in labels:
        parts.append(f"async_slack={QUALIFIES_VERSION}")
    return ";".join(parts)


def person_digest(cfg: Config, ae_email: str) -> str:
    return canonical(cfg.person_by_email(ae_email))


def state_sig(block: str) -> str:
    """The signed state comment of a bot-owned block, payload and signature ("" when it has none)."""
    at = block.find("<!-- sa-triage:state {")
    end = block.find(" -->", block.find(_SIG, at)) if at >= 0 else -1
    return block[at:end] if end >= 0 else ""


def record(row: str, person: str, context: str, issue: str, now: datetime, due: datetime | None,
           key: bytes) -> str:
    """The signed record of a write that leaves the issue in step with `row`."""
    data = {"d": _hash(row, person, context, issue), "at": now.isoformat(),
            "due": due.isoformat() if due else None}
    return markers.signed_comment(ROW, data, key)


def has_record(description: str | None) -> bool:
    return f"<!-- sa-triage:{ROW} {{" in (description or "")


class Unchanged:
    """The `Skip` of one run: which rows are exactly as the mirror last wrote their open issues."""

    def __init__(self, issues: Mapping[str, Issue], cfg: Config, now: datetime, key: bytes) -> None:
        self._issues = issues  # key -> the issue the mirror plans that key on
        self._cfg, self._now, self._key = cfg, now, key
        self._context, self._names = _context(cfg), watched(cfg)
        self._people: dict[str, str] = {}
        # For this run's rows only: a board's issues share a few hundred label tuples (the gateway
        # shares them), and the records of one run's writes the same few times.
        # (the mirror's labels of the tuple, and their flag part)
        self._labels: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        self._times: dict[str, datetime] = {}

    def __call__(self, raw: RawRow) -> bool:
        issue = self._issues.get(raw.key)
        if self._key == markers.UNVERIFIED_KEY:  # a read-only run cannot check a record: plans all
            return False
        if issue is None or FLAG in issue.labels:
            return False
        data = markers.read_signed_comment(issue.description, ROW, self._key)  # None: no record
        if data is None or not self._in_force(data):
            return False
        block = markers.current_block(issue.description) or ""
        known = self._labels.get(issue.labels)
        if known is None:
            mirror_labels = read_labels(self._names, issue.labels)
            known = self._labels[issue.labels] = (mirror_labels, flag_part(self._cfg, mirror_labels))
        labels, flags = known
        mine = _issue_hash(labels, issue.title, bool(issue.assignees), state_sig(block), flags)
        return data.get("d") == _hash(raw.digest, self._person(raw.get), self._context, mine) \
            and f"<!-- sa-triage:{RECORD} {{" not in issue.description

    def _in_force(self, data: Mapping[str, Any]) -> bool:
        """`at <= now < due` (no `due`: for good); each distinct time of the run's records parsed once."""
        at, due = self._time(data.get("at")), data.get("due")
        until = None if due is None else self._time(due)
        if at is None or (due is not None and until is None):
            return False
        try:
            return at <= self._now and (until is None or self._now < until)
        except TypeError:  # a time without its zone
            return False

    def _time(self, value: object) -> datetime | None:
        known = self._times.get(value) if isinstance(value, str) else None
        if known is None:
            try:
                known = datetime.fromisoformat(str(value))
            except ValueError:
                return None
            if isinstance(value, str):
                self._times[value] = known
        return known

    def _person(self, get: Callable[[str], object]) -> str:
        value = get("ae_email")  # keyed by the raw value: a board has a few AEs, each on many rows
        known = self._people.get(value) if isinstance(value, str) else None
        if known is None:
            try:
                known = person_digest(self._cfg, email("ae_email", value))
            except FieldError:
                known = ""
            if isinstance(value, str):
                self._people[value] = known
        return known


_context = per_config(config_digest)  # a plan asks for it on every write


def records(ctx: Context, req: SARequest, row: str | None, *, labels: Iterable[str], title: str,
            assigned: bool, block: str, steady: bool, had: bool) -> tuple[tuple[str, str], ...]:
    """The `DescriptionEdit.records` of a write the mirror makes anyway: the record of `row` when the
    write leaves nothing waiting (`steady`), else the old record removed (`had`)."""
    if row is None or not steady:
        return ((ROW, ""),) if had else ()
    cfg = ctx.config
    labels = tuple(labels)
    mine = issue_digest(watched(cfg), labels, title, assigned, state_sig(block), flag_part(cfg, labels))
    s = mirror_settings(cfg)
    fast = is_fast_track(req, s.fast_track_hours, request_calendar(req, cfg))
    due = priority_due(req, s.priority, ctx.now, fast)
    return ((ROW, record(row, person_digest(cfg, req.ae_email), _context(cfg), mine, ctx.now, due,
                         ctx.state_key)),)
