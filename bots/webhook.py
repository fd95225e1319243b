"""The webhook and pipeline trigger behind `sa-triage react`: plain values and names (kernel).

GitLab calls its own pipeline-trigger endpoint from a project webhook: the webhook's URL is
`<api>/projects/<id>/ref/<ref>/trigger/pipeline?token=<trigger token>`, and the triggered pipeline
gets the event's body in `TRIGGER_PAYLOAD`. The bot owns one trigger (found by its description)
and one webhook (found by that URL's path). `setup` plans them (bots/setup/hooks.py); the gateway
reads and writes them (bots/gateway/hooks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

TRIGGER_DESCRIPTION = "sa-triage react (managed by sa-triage setup)"
# On for `react`; GitLab turns push events on unless told otherwise.
EVENTS = ("issues_events", "confidential_issues_events", "note_events", "confidential_note_events",
          "emoji_events")
OFF = ("push_events", "merge_requests_events", "tag_push_events", "pipeline_events", "job_events",
       "wiki_page_events", "releases_events")


@dataclass(frozen=True)
class Trigger:
    id: int
    description: str
    owner: str
    token: str = field(default="", repr=False)


@dataclass(frozen=True)
class Hook:
    id: int
    url: str  # with the token masked
    events: tuple[tuple[str, bool], ...]
    ssl: bool = True
    token: str = field(default="", repr=False)  # the `token=` of its URL


@dataclass(frozen=True)
class HookState:
    api_url: str  # e.g. https://gitlab.example.com/api/v4
    project_id: int
    triggers: tuple[Trigger, ...]
    hooks: tuple[Hook, ...]


def trigger_url(api_url: str, project_id: int, ref: str) -> str:
    """The trigger endpoint the webhook calls, without its token."""
    return f"{api_url.rstrip('/')}/projects/{project_id}/ref/{quote(ref, safe='')}/trigger/pipeline"


def is_ours(hook: Hook, project_id: int) -> bool:
    """A webhook that calls this project's pipeline trigger (whatever its ref or token)."""
    path = hook.url.split("?", 1)[0]
    return re.search(rf"/projects/{project_id}/ref/[^/]+/trigger/pipeline$", path) is not None
