"""The gateway's part for `react`: the project's webhooks and pipeline triggers (read, create, update).

Creates go by `_create_once` (no blind retry: after a 5xx or a lost reply, look whether it landed,
so `setup` never makes a second trigger or webhook; a 429 is sent again after a bounded backoff).
The trigger's token is read from GitLab at write time and put in the webhook's URL only in the
request: it is in no action, snapshot, log line or report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import gitlab
from gitlab.v4.objects import Project

from bots import actions as a
from bots.errors import SaTriageError
from bots.webhook import EVENTS, OFF, TRIGGER_DESCRIPTION, Hook, HookState, Trigger, is_ours


class Gateway(Protocol):
    """What of the gateway this module uses (bots.gateway.writes.Gateway)."""

    url: str
    _gl: gitlab.Gitlab

    @property
    def project(self) -> Project: ...
    @property
    def bot_username(self) -> str: ...
    def _create_once(self, create: Callable[[], Any], landed: Callable[[], Any]) -> Any: ...

ONCE: dict[str, Any] = {"retry_transient_errors": False, "obey_rate_limit": False}


def _masked(url: str) -> tuple[str, str]:
    """The URL with its `token=` masked, and the token."""
    parts = urlsplit(url)
    token = (parse_qs(parts.query).get("token") or [""])[0]
    return (url.replace(token, "[masked]") if token else url), token


def hook_of(x: dict[str, Any]) -> Hook:
    url, token = _masked(str(x.get("url") or ""))
    events = tuple((k, bool(x.get(k))) for k in (*EVENTS, *OFF))
    return Hook(int(x["id"]), url, events, bool(x.get("enable_ssl_verification", True)), token)


def trigger_of(x: dict[str, Any]) -> Trigger:
    return Trigger(int(x["id"]), str(x.get("description") or ""),
                   str((x.get("owner") or {}).get("username", "")), str(x.get("token") or ""))


def triggers(gw: Gateway) -> tuple[Trigger, ...]:
    path = f"/projects/{gw.project.encoded_id}/triggers"
    return tuple(trigger_of(x) for x in gw._gl.http_list(path, iterator=True))


def hooks(gw: Gateway) -> tuple[Hook, ...]:
    path = f"/projects/{gw.project.encoded_id}/hooks"
    return tuple(hook_of(x) for x in gw._gl.http_list(path, iterator=True))


def hook_state(gw: Gateway) -> HookState:
    """The bot's view of the project's triggers and webhooks (two paged lists)."""
    return HookState(f"{gw.url}/api/v4", int(gw.project.id), triggers(gw), hooks(gw))


def _our_trigger(gw: Gateway) -> Trigger | None:
    return next((t for t in sorted(triggers(gw), key=lambda t: t.id)
                 if t.description == TRIGGER_DESCRIPTION and t.owner == gw.bot_username), None)


def create_trigger(gw: Gateway, x: a.CreateTrigger) -> str:
    if _our_trigger(gw) is not None:  # re-check: an overlapping setup may have made it
        return "skipped: the bot's trigger exists"
    path = f"/projects/{gw.project.encoded_id}/triggers"
    gw._create_once(lambda: gw._gl.http_post(path, post_data={"description": x.description}, **ONCE),
                    lambda: _our_trigger(gw))
    return "created"


def put_hook(gw: Gateway, x: a.PutHook) -> str:
    data: dict[str, Any] = {**dict(x.events), "enable_ssl_verification": True}
    if not x.keep_url:
        trigger = _our_trigger(gw)
        if trigger is None or not trigger.token:
            raise SaTriageError("the bot owns no pipeline trigger (or GitLab does not show its token): "
                                "run `sa-triage setup` again")
        data["url"] = f"{x.url}?token={trigger.token}"
    base = f"/projects/{gw.project.encoded_id}/hooks"
    hook_id = x.hook_id
    if hook_id is None:
        found = _our_hook(gw)  # re-check: an overlapping setup may have made it
        if found is None:
            gw._create_once(lambda: gw._gl.http_post(base, post_data=data, **ONCE), lambda: _our_hook(gw))
            return "created"
        hook_id = found.id
    gw._gl.http_put(f"{base}/{hook_id}", post_data=data)
    return "updated" if any(v for _, v in x.events) else "turned off"


def _our_hook(gw: Gateway) -> Hook | None:
    return next((h for h in sorted(hooks(gw), key=lambda h: h.id) if is_ours(h, int(gw.project.id))), None)
