"""The SLO bot's own signed record in an issue description: what it observed once per request.

It sits right after the mirror's bot-owned block as one hidden comment,
`<!-- sa-triage:slo {...} sig=... -->`. The mirror rewrites only its block (`markers.replace_block`),
so the record survives; people can delete it but cannot forge it (HMAC with the state key). If it is
lost, the next run rebuilds it: reminders are never posted twice (the gateway re-checks the note by
its marker), and the triage time is read again from GitLab's assignment system notes.

It holds facts written once in a request's lifecycle: the first assignment, triage and its time (the
digest reads them for every request, closed ones too, from the issue list), a second pair of eyes,
a documented meeting, and the levels held back at go-live (never posted for this request). Which
reminders are open is not here: the bot's own reminder notes say it (`bots.slo.notes.open_levels`),
so opening and clearing a reminder adds no "changed the description" entry to the feed. A record an
earlier version wrote may still list `open` levels: read (a hint until the notes are read) and
dropped by the next write of the record.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from bots import markers


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
    held: tuple[str, ...] = ()  # levels held back at go-live: never posted for this request
    open: tuple[str, ...] = ()  # legacy only: levels an earlier version recorded as open (never written)

    def holding(self, held: Collection[str]) -> Record:
        """The record with `held` levels added to the held-back ones, and without the legacy `open`."""
        if not self.open and set(held) <= set(self.held) and list(self.held) == sorted(set(self.held)):
            return self  # nothing to add or drop (the common case: `replace` is slow)
        return replace(self, open=(), held=tuple(sorted(set(self.held) | set(held))))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["open"], data["held"] = list(self.open), list(self.held)
        return {k: v for k, v in data.items() if v not in (None, "", False, [])}


EMPTY = Record()  # nothing observed yet


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


def comment(record: Record, key: bytes) -> str:
    return markers.signed_comment("slo", record.to_json(), key)


def read(description: str | None, key: bytes) -> Record | None:
    """The record in `description`, or None when absent, unreadable or not signed by us."""
    data = markers.read_signed_comment(description, "slo", key)
    if data is None:
        return None
    try:
        data["open"] = tuple(str(x) for x in data.get("open", ()))
        data["held"] = tuple(str(x) for x in data.get("held", ()))
        return Record(**data)
    except (ValueError, TypeError):
        return None


def write(description: str | None, record: Record, key: bytes) -> str:
    """`description` with the record replaced, or placed right after the mirror's block (else at the end)."""
    return markers.put_signed_comment(description, "slo", comment(record, key))


def time_to_triage(description: str | None, key: bytes) -> TriageTime | None:
    """Pure reader for the digest: when the request was triaged and how many business hours it took."""
    return triage_time(read(description, key))


def triage_time(rec: Record | None) -> TriageTime | None:
    """The time to triage a record holds (None: not triaged yet, or no record)."""
    if rec is None or rec.triaged_at is None or rec.triage_hours is None:
        return None
    due = datetime.fromisoformat(rec.triage_due) if rec.triage_due else None
    return TriageTime(datetime.fromisoformat(rec.triaged_at), rec.triage_hours, due, rec.triaged_by)
