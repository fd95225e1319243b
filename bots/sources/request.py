"""The typed SA request every source (Salesforce, CSV, JSON lines) is normalized into."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import cast

from bots.sources.vocab import (
    Judgment,
    MeetingType,
    Region,
    RequestStatus,
    Segment,
    Stage,
    Subscription,
)

__all__ = [
    "Attendee",
    "CommandPlan",
    "Judgment",
    "Meddppicc",
    "MeetingType",
    "Region",
    "RequestStatus",
    "SARequest",
    "Segment",
    "Stage",
    "Subscription",
    "parse_judgment",
]

_CENT = Decimal("0.01")
LATER_FIELDS = ("csm_name", "csm_eligible", "required_7", "custom_pitch_deck", "deep_technical_or_resale",
                "narrow_scope")
_JUDGMENT = re.compile(r"\[\s*(RED|YELLOW|GREEN)\s*\]\s*(\S.*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Attendee:
    """A customer attendee of the requested meeting."""

    name: str
    title: str = ""


@dataclass(frozen=True)
class CommandPlan:
    """The Command Plan answers an SA needs (4 Questions #1 and #2); "" means not filled in."""

    scm: str = ""
    planning: str = ""
    ci_cd: str = ""
    cloud: str = ""
    deployment: str = ""
    competitors: str = ""
    attendees: tuple[Attendee, ...] = ()
    use_cases: str = ""
    why_now: str = ""
    compelling_event: str = ""

    def missing_fields(self) -> tuple[str, ...]:
        """Names of blank fields; attendees count as missing if none, or any has no title."""
        missing = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "attendees":
                if not value or any(not a.title.strip() for a in value):
                    missing.append(f.name)
            elif not value.strip():
                missing.append(f.name)
        return tuple(missing)


@dataclass(frozen=True)
class Meddppicc:
    """The eight MEDDPPICC elements of the opportunity; "" means not filled in."""

    metrics: str = ""
    economic_buyer: str = ""
    decision_criteria: str = ""
    decision_process: str = ""
    paper_process: str = ""
    identify_pain: str = ""
    champion: str = ""
    competition: str = ""

    def missing_fields(self) -> tuple[str, ...]:
        """Names of blank elements, in MEDDPPICC order."""
        return tuple(f.name for f in dataclasses.fields(self) if not getattr(self, f.name).strip())


@dataclass(frozen=True)
class SARequest:
    """One SA request raised with the SA Request button on a Salesforce Opportunity."""

    opportunity_id: str  # 18-character form, so 15- and 18-character ids key the same request
    opportunity_url: str | None
    account: str
    opportunity_name: str
    ae_name: str
    ae_email: str
    region: Region | None
    segment: Segment
    stage: Stage
    close_date: date
    net_arr: Decimal
    subscription: Subscription | None
    requested_at: datetime  # aware, UTC
    meeting_at: datetime | None  # aware, UTC
    meeting_type: MeetingType | None
    fast_track: bool
    status: RequestStatus
    command_plan: CommandPlan = field(default_factory=CommandPlan)
    meddppicc: Meddppicc = field(default_factory=Meddppicc)
    sa_judgment: str | None = None
    named_account: bool = False
    # Read when the source carries them; None: it does not (nothing is asked of a field nobody has).
    csm_name: str | None = None  # the account's Customer Success Manager, when Salesforce names one
    csm_eligible: bool | None = None  # the account qualifies for CSM assignment (else: the segment)
    required_7: bool | None = None  # the required 7 methods are applied (with MEDDPPICC)
    custom_pitch_deck: str | None = None  # link or name of the Custom Pitch Deck ("" blank)
    deep_technical_or_resale: bool | None = None  # needs deep technical knowledge or a resale
    narrow_scope: bool | None = None  # the AE marks it a narrowly scoped question (async Slack support)

    def __post_init__(self) -> None:
        """Reject naive datetimes: every time is an instant."""
        for name in ("requested_at", "meeting_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")

    def missing_command_plan_fields(self) -> tuple[str, ...]:
        """Command Plan fields still blank (see `CommandPlan.missing_fields`)."""
        return self.command_plan.missing_fields()

    def missing_meddppicc_fields(self) -> tuple[str, ...]:
        """MEDDPPICC elements still blank."""
        return self.meddppicc.missing_fields()

    def fingerprint(self) -> str:
        """A stable SHA-256 of every field: equal iff the request did not change.

        A field added later counts only once a source carries it, so a request's fingerprint (and
        every block rendered from it) stays the same across the upgrade that added the field.
        """
        plain = cast(dict[str, object], _plain(self))
        for name in LATER_FIELDS:
            if plain.get(name) is None:
                del plain[name]
        canonical = json.dumps(plain, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def parse_judgment(text: str | None) -> tuple[Judgment, str] | None:
    """Colour and comment of `[RED|YELLOW|GREEN] one-line comment`; None if not so formatted."""
    match = _JUDGMENT.fullmatch((text or "").strip())
    if not match or "\n" in match.group(2):
        return None
    return Judgment(match.group(1).upper()), match.group(2).strip()


def _plain(value: object) -> object:
    """`value` as JSON-able data with one spelling per value (for fingerprints)."""
    if value is None or type(value) is str or type(value) is bool:
        return value  # most fields: the fast path matters when fingerprinting thousands of requests
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(_CENT))
    if isinstance(value, date):
        return value.isoformat()
    return value
