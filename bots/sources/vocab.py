"""Closed vocabularies of an SA request (region, segment, stage...) and their spellings."""

from __future__ import annotations

import re
from enum import StrEnum


def _key(text: str) -> str:
    """`text` folded for alias look-up: lower case, punctuation and spaces removed."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


class Region(StrEnum):
    """The two Commercial SA regions."""

    AMER = "AMER"
    EMEA = "EMEA"

    @classmethod
    def from_text(cls, text: str) -> Region | None:
        """The region for a Salesforce spelling, or None if unknown."""
        return _REGION_ALIASES.get(_key(text))


class Segment(StrEnum):
    """Commercial segment of the AE role that raised the request: a Mid-Market one, or Small Business
    (the team supports both, "primarily Mid-Market"; only Mid-Market has an engagement model)."""

    FIRST_ORDER = "first-order"
    NAMED = "named"
    TERRITORY = "territory"
    SMB = "smb"

    @classmethod
    def from_text(cls, text: str) -> Segment | None:
        """The segment for a spelling like "Mid-Market First Order", "FO", "Key", "Terr" or "SMB"."""
        key = _key(text)
        for prefix in ("midmarket", "mm"):
            if key.startswith(prefix) and key != prefix:
                key = key[len(prefix) :]
                break
        return _SEGMENT_ALIASES.get(key)


class Stage(StrEnum):
    """Opportunity stage, valued by its Salesforce name."""

    PENDING_ACCEPTANCE = "0-Pending Acceptance"
    DISCOVERY = "1-Discovery"
    SCOPING = "2-Scoping"
    TECHNICAL_EVALUATION = "3-Technical Evaluation"
    PROPOSAL = "4-Proposal"
    NEGOTIATING = "5-Negotiating"
    AWAITING_SIGNATURE = "6-Awaiting Signature"
    CLOSING = "7-Closing"
    CLOSED_WON = "Closed Won"
    CLOSED_LOST = "8-Closed Lost"

    @property
    def order(self) -> int:
        """Position in the pipeline (`3-Technical Evaluation` is 3); both closed stages are 8."""
        return 8 if self.is_closed else int(self.value.split("-", 1)[0])

    @property
    def is_closed(self) -> bool:
        """True for Closed Won and Closed Lost."""
        return self in (Stage.CLOSED_WON, Stage.CLOSED_LOST)

    @classmethod
    def from_text(cls, text: str) -> Stage | None:
        """The stage for "3-Technical Evaluation", "Technical Evaluation", "3", "Stage 3"..."""
        key = _key(text)
        key = key.removeprefix("stage")
        if key.isdigit():
            return _STAGE_BY_NUMBER.get(int(key))
        return _STAGE_ALIASES.get(key.lstrip("0123456789"))


class MeetingType(StrEnum):
    """The SA activity the AE asks for."""

    DISCOVERY = "discovery"
    DEMO = "demo"
    TECHNICAL_DEEP_DIVE = "technical-deep-dive"
    REVERSE_AMA = "reverse-ama"
    WORKSHOP = "workshop"

    @classmethod
    def from_text(cls, text: str) -> MeetingType | None:
        """The meeting type for "Discovery Call", "Demo", "Technical Deep Dive", "Reverse AMA"..."""
        return _MEETING_ALIASES.get(_key(text))


class Subscription(StrEnum):
    """How the customer would run GitLab."""

    SAAS = "saas"
    SELF_MANAGED = "self-managed"

    @classmethod
    def from_text(cls, text: str) -> Subscription | None:
        """The subscription for "SaaS", "GitLab.com", "Self-Managed", "SM"..."""
        return _SUBSCRIPTION_ALIASES.get(_key(text))


class RequestStatus(StrEnum):
    """Whether the SA request still stands."""

    OPEN = "open"
    WITHDRAWN = "withdrawn"

    @classmethod
    def from_text(cls, text: str) -> RequestStatus | None:
        """The status for "Open", "Submitted", "In Progress", "Withdrawn", "Cancelled"..."""
        return _STATUS_ALIASES.get(_key(text))


class Judgment(StrEnum):
    """The colour of an SA Judgment (`[GREEN] comment`)."""

    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


_REGION_ALIASES = {"amer": Region.AMER, "americas": Region.AMER, "emea": Region.EMEA}
_SEGMENT_ALIASES = {
    "firstorder": Segment.FIRST_ORDER,
    "fo": Segment.FIRST_ORDER,
    "named": Segment.NAMED,
    "key": Segment.NAMED,
    "namedkey": Segment.NAMED,
    "territory": Segment.TERRITORY,
    "terr": Segment.TERRITORY,
    "smb": Segment.SMB,
    "smallbusiness": Segment.SMB,
    "smallmediumbusiness": Segment.SMB,
    "smallandmediumbusiness": Segment.SMB,
}
_STAGE_BY_NUMBER = {stage.order: stage for stage in Stage if not stage.is_closed}
_STAGE_ALIASES = {_key(stage.value).lstrip("0123456789"): stage for stage in Stage} | {
    "techeval": Stage.TECHNICAL_EVALUATION,
    "technicalevaluation": Stage.TECHNICAL_EVALUATION,
    "closedwon": Stage.CLOSED_WON,
    "won": Stage.CLOSED_WON,
    "closedlost": Stage.CLOSED_LOST,
    "lost": Stage.CLOSED_LOST,
}
_MEETING_ALIASES = {
    "discovery": MeetingType.DISCOVERY,
    "discoverycall": MeetingType.DISCOVERY,
    "demo": MeetingType.DEMO,
    "demonstration": MeetingType.DEMO,
    "technicaldeepdive": MeetingType.TECHNICAL_DEEP_DIVE,
    "deepdive": MeetingType.TECHNICAL_DEEP_DIVE,
    "techdeepdive": MeetingType.TECHNICAL_DEEP_DIVE,
    "reverseama": MeetingType.REVERSE_AMA,
    "workshop": MeetingType.WORKSHOP,
}
_SUBSCRIPTION_ALIASES = {
    "saas": Subscription.SAAS,
    "gitlabcom": Subscription.SAAS,
    "gitlabsaas": Subscription.SAAS,
    "selfmanaged": Subscription.SELF_MANAGED,
    "sm": Subscription.SELF_MANAGED,
    "gitlabselfmanaged": Subscription.SELF_MANAGED,
}
_STATUS_ALIASES = {
    "open": RequestStatus.OPEN,
    "new": RequestStatus.OPEN,
    "submitted": RequestStatus.OPEN,
    "requested": RequestStatus.OPEN,
    "inprogress": RequestStatus.OPEN,
    "assigned": RequestStatus.OPEN,
    "withdrawn": RequestStatus.WITHDRAWN,
    "cancelled": RequestStatus.WITHDRAWN,
    "canceled": RequestStatus.WITHDRAWN,
}
