"""What a webhook body may tell a one-issue run: which issue, in which project, of which kind, by whom.

Anyone holding the trigger token can send any body, so nothing in it is trusted to *act*: the run
re-reads the issue from the API and plans over what GitLab says. The body is trusted only to *skip*
(another project, the bot's own change, a merge request's note): skipping an event is always safe,
since the scheduled runs remain the safety net.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# The webhook's kinds (`object_kind`) and the bots each can change: an issue event may change what
# every bot decides for it; a note may answer a form or an SLO check (approvals, follow-ups);
# an award emoji is an on-site approval.
BOTS_BY_KIND: dict[str, tuple[str, ...]] = {
    "issue": ("mirror", "forms", "slo"),
    "note": ("forms", "slo"),
    "emoji": ("forms",),
}
MAX_PAYLOAD = 1_000_000  # characters: a body larger than GitLab ever sends is not parsed


@dataclass(frozen=True)
class Event:
    kind: str  # "issue", "note" or "emoji"
    project_id: int
    iid: int
    actor: str  # the username the body names as the one who caused it (trusted only to skip)

    @property
    def bots(self) -> tuple[str, ...]:
        return BOTS_BY_KIND[self.kind]


class Ignored(Exception):
    """The event is not one for a one-issue run (the message says why)."""


def parse_event(text: str) -> Event:
    """The event in a webhook body, or Ignored saying why it names no issue of ours to re-read."""
    if len(text) > MAX_PAYLOAD:
        raise Ignored(f"payload of {len(text)} characters is larger than any webhook body")
    try:
        body = json.loads(text)
    except ValueError:
        raise Ignored("payload is not JSON") from None
    if not isinstance(body, dict):
        raise Ignored("payload is not a JSON object")
    kind = body.get("object_kind")
    if kind not in BOTS_BY_KIND:
        raise Ignored(f"object_kind {_shown(kind)} is not an issue, note or emoji event")
    attrs = _mapping(body.get("object_attributes"))
    if kind == "issue":
        iid = attrs.get("iid")
    else:
        target = attrs.get("noteable_type" if kind == "note" else "awardable_type")
        if target not in ("Issue", "Note"):
            raise Ignored(f"{kind} on a {_shown(target)}, not on an issue")
        iid = _mapping(body.get("issue")).get("iid")
        if iid is None:
            raise Ignored(f"{kind} on a {_shown(target)} of no issue")
    project_id = _mapping(body.get("project")).get("id", attrs.get("project_id"))
    if not isinstance(iid, int) or not isinstance(project_id, int) or not (
            _positive(iid) and _positive(project_id)):
        raise Ignored("payload names no issue iid and project id")
    actor = _mapping(body.get("user")).get("username")
    return Event(kind, project_id, iid, actor if isinstance(actor, str) else "")


def skip_reason(event: Event, project_id: int, bot_username: str) -> str | None:
    """Why this run does nothing for `event`, or None when the issue should be re-read and planned."""
    if event.project_id != project_id:
        return f"the event names project {event.project_id}, not this project ({project_id})"
    if bot_username and event.actor.casefold() == bot_username.casefold():
        return f"the event was caused by the bot (@{bot_username}) itself"
    return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _shown(value: Any) -> str:
    return repr(value)[:40]
