"""The SLO bot's own signed record in an issue description: time to triage, and which reminders are open.

It sits right after the mirror's bot-owned block as one hidden comment,
`<!-- sa-triage:slo {...} sig=... -->`. The mirror rewrites only its block (`markers.replace_block`),
so the record survives; people can delete it but cannot forge it (HMAC with the state key). If it is
lost, the next run rebuilds it: reminders are never posted twice (the gateway re-checks the note by
its marker), and the triage time is read again from GitLab's assignment system notes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

_RECORD = re.compile(r"<!-- sa-triage:slo (\{.*?\}) sig=([0-9a-f]{32}) -->", re.S)
_ANY_RECORD = re.compile(r"\n?<!-- sa-triage:slo \{.*?\}(?: sig=[0-9a-f]*)? -->", re.S)
_BLOCK_END = "<!-- sa-triage:end -->"


@dataclass(frozen=True)
class Record:
    """What the SLO bot observed once and must not forget (all times ISO-8601, UTC)."""

    triaged_at: str | None = None  # first time the request counted as triaged
    triaged_by: str = ""  # "assignment" (from GitLab's system note) or "board" (first seen off the list)
    triage_hours: float | None = None  # business hours from the request to triage (for the digest)
    triage_due: str | None = None  # when triage was due
    assigned_at: str | None = None  # first assignment (clock of the second pair of eyes)
    reviewed: bool = False  # a second pair of eyes was seen
    documented: str | None = None  # the meeting (ISO time) whose follow-up note was seen
    open: tuple[str, ...] = ()  # reminder levels posted and not yet resolved

    def with_open(self, keys: set[str]) -> Record:
        return replace(self, open=tuple(sorted(keys)))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["open"] = list(self.open)
        return {k: v for k, v in data.items() if v not in (None, "", False, [])}


@dataclass(frozen=True)
class TriageTime:
    """Time to triage of one request, for the digest."""

    triaged_at: datetime
    business_hours: float
    due: datetime | None
    by: str

    @property
    def breached(self) -> bool:
        return self.due is not None and self.triaged_at > self.due


def _sign(payload: str, key: bytes) -> str:
    return hmac.new(key, b"slo:" + payload.encode(), hashlib.sha256).hexdigest()[:32]


def comment(record: Record, key: bytes) -> str:
    payload = json.dumps(record.to_json(), sort_keys=True, separators=(",", ":")).replace("--", "-\\u002d")
    return f"<!-- sa-triage:slo {payload} sig={_sign(payload, key)} -->"


def read(description: str | None, key: bytes) -> Record | None:
    """The record in `description`, or None when absent, unreadable or not signed by us."""
    m = _RECORD.search(description or "")
    if not m or not hmac.compare_digest(m.group(2), _sign(m.group(1), key)):
        return None
    try:
        data = json.loads(m.group(1))
        data["open"] = tuple(str(x) for x in data.get("open", ()))
        return Record(**data)
    except (ValueError, TypeError):
        return None


def write(description: str | None, record: Record, key: bytes) -> str:
    """`description` with the record replaced, or placed right after the mirror's block (else at the end)."""
    text = _ANY_RECORD.sub("", description or "", count=1) if description else ""
    line = comment(record, key)
    if _BLOCK_END in text:
        return text.replace(_BLOCK_END, f"{_BLOCK_END}\n{line}", 1)
    return f"{text.rstrip()}\n\n{line}\n" if text.strip() else line + "\n"


def time_to_triage(description: str | None, key: bytes) -> TriageTime | None:
    """Pure reader for the digest: when the request was triaged and how many business hours it took."""
    rec = read(description, key)
    if rec is None or rec.triaged_at is None or rec.triage_hours is None:
        return None
    due = datetime.fromisoformat(rec.triage_due) if rec.triage_due else None
    return TriageTime(datetime.fromisoformat(rec.triaged_at), rec.triage_hours, due, rec.triaged_by)
