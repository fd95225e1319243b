"""`setup`'s part for `sa-triage react`: the bot's pipeline trigger and the webhook that calls it.

The token is never in a plan, a log or a report: the gateway puts it in the webhook's URL at write
time, from the trigger as GitLab has it then (bots/gateway/hooks.py). Turned off (`react.enabled:
false`), the webhook stays but with every event off.
"""

from __future__ import annotations

from bots import actions as a
from bots.webhook import EVENTS, OFF, TRIGGER_DESCRIPTION, HookState, is_ours, trigger_url


def wanted_events(enabled: bool) -> tuple[tuple[str, bool], ...]:
    return tuple((name, enabled) for name in EVENTS) + tuple((name, False) for name in OFF)


def plan_hook(enabled: bool, state: HookState, ref: str, bot: str) -> tuple[a.Action, ...]:
    """Create the trigger and the webhook (enabled), or turn the webhook's events off (disabled)."""
    trigger = next((t for t in sorted(state.triggers, key=lambda t: t.id)
                    if t.description == TRIGGER_DESCRIPTION and t.owner == bot), None)
    hooks = sorted((h for h in state.hooks if is_ours(h, state.project_id)), key=lambda h: h.id)
    hook = hooks[0] if hooks else None
    url = trigger_url(state.api_url, state.project_id, ref)
    if not enabled:
        off = wanted_events(False)
        return tuple(a.PutHook(h.id, h.url.split("?", 1)[0], off, keep_url=True)
                     for h in hooks if any(dict(h.events).get(k) for k in EVENTS))
    out: list[a.Action] = []
    if trigger is None:
        out.append(a.CreateTrigger(TRIGGER_DESCRIPTION))
    events = wanted_events(True)
    current = hook is not None and trigger is not None and (
        hook.url.split("?", 1)[0] == url and hook.token == trigger.token and hook.ssl
        and all(dict(hook.events).get(k) == v for k, v in events))
    if not current:
        out.append(a.PutHook(hook.id if hook else None, url, events))
    return tuple(out)
