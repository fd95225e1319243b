"""The gateway's webhook and trigger writes against every way GitLab can answer (mocked HTTP)."""

import pytest
from responses import matchers

from bots import actions as a
from bots.errors import SaTriageError
from bots.gateway import Gateway
from bots.pacing import WritePacer
from bots.setup.hooks import plan_hook, wanted_events
from bots.webhook import TRIGGER_DESCRIPTION, Hook, HookState, Trigger, trigger_url

URL = "http://gitlab.test"
API = f"{URL}/api/v4"
PROJECT = f"{API}/projects/commercial%2Ftriage"
BOT = {"id": 1, "username": "bot", "name": "Bot"}
SECRET = "glptt-0123456789abcdef"
TRIGGERS = f"{API}/projects/5/triggers"
HOOKS = f"{API}/projects/5/hooks"
TARGET = trigger_url(API, 5, "main")
OURS = {"id": 3, "description": TRIGGER_DESCRIPTION, "owner": {"username": "bot"}, "token": SECRET}


def connected(rsps):
    rsps.get(f"{API}/user", json=BOT)
    rsps.get(PROJECT, json={"id": 5, "path_with_namespace": "commercial/triage"})
    slept: list[float] = []
    gw = Gateway(URL, "glpat-x", "commercial/triage", pacer=WritePacer(sleep=slept.append),
                 sleep=slept.append)
    gw.connect()
    return gw, slept


def test_a_trigger_whose_create_reply_was_lost_is_found_landed_not_made_twice(rsps):
    gw, slept = connected(rsps)
    rsps.get(TRIGGERS, json=[])  # the re-check before the write
    rsps.post(TRIGGERS, status=502, json={"message": "502 Bad Gateway"})
    rsps.get(TRIGGERS, json=[OURS])  # it had landed
    assert gw.apply(a.CreateTrigger(TRIGGER_DESCRIPTION)) == "created"
    assert sum(c.request.method == "POST" for c in rsps.calls) == 1 and slept


def test_a_429_without_retry_after_is_sent_again_after_a_bounded_backoff(rsps):
    gw, slept = connected(rsps)
    rsps.get(TRIGGERS, json=[])
    rsps.post(TRIGGERS, status=429, json={"message": "429 Too Many Requests"})
    rsps.post(TRIGGERS, status=201, json=OURS)
    assert gw.apply(a.CreateTrigger(TRIGGER_DESCRIPTION)) == "created"
    assert len(slept) == 1 and 0 < slept[0] <= 60


@pytest.mark.parametrize("status", [403, 404, 409])
def test_a_refused_trigger_or_hook_write_is_one_clear_error(rsps, status):
    gw, _ = connected(rsps)
    rsps.get(TRIGGERS, json=[OURS])
    rsps.get(HOOKS, json=[])
    rsps.post(HOOKS, status=status, json={"message": f"{status} nope"})
    with pytest.raises(SaTriageError, match=rf"create webhook .* GitLab answered {status}") as e:
        gw.apply(a.PutHook(None, TARGET, wanted_events(True)))
    assert SECRET not in str(e.value)


def test_a_hook_gets_the_token_at_write_time_and_a_lost_reply_is_found_landed(rsps):
    gw, _ = connected(rsps)
    rsps.get(TRIGGERS, json=[OURS])
    rsps.get(HOOKS, json=[])
    body = {**dict(wanted_events(True)), "enable_ssl_verification": True, "url": f"{TARGET}?token={SECRET}"}
    rsps.post(HOOKS, status=500, json={"message": "500"}, match=[matchers.json_params_matcher(body)])
    rsps.get(HOOKS, json=[{"id": 9, "url": f"{TARGET}?token={SECRET}", **dict(wanted_events(True))}])
    assert gw.apply(a.PutHook(None, TARGET, wanted_events(True))) == "created"


def test_a_hook_with_no_trigger_to_call_says_to_run_setup_again(rsps):
    gw, _ = connected(rsps)
    rsps.get(TRIGGERS, json=[{**OURS, "owner": {"username": "someone"}, "token": "glpt"}])
    with pytest.raises(SaTriageError, match="run `sa-triage setup` again"):
        gw.apply(a.PutHook(None, TARGET, wanted_events(True)))


def test_a_hook_deleted_since_the_plan_is_a_404_error(rsps):
    gw, _ = connected(rsps)
    rsps.get(TRIGGERS, json=[OURS])
    rsps.put(f"{HOOKS}/9", status=404, json={"message": "404 Not found"})
    with pytest.raises(SaTriageError, match="answered 404"):
        gw.apply(a.PutHook(9, TARGET, wanted_events(True)))


def test_reading_masks_the_token_and_the_plan_carries_none():
    state = HookState(API, 5, (Trigger(3, TRIGGER_DESCRIPTION, "bot", SECRET),),
                      (Hook(9, f"{TARGET}?token=[masked]", wanted_events(True), True, "old-token"),))
    (put,) = plan_hook(True, state, "main", "bot")  # a new trigger token: the hook is updated
    assert isinstance(put, a.PutHook) and put.hook_id == 9 and SECRET not in repr(put.to_json())
    current = HookState(API, 5, state.triggers, (Hook(9, f"{TARGET}?token=[masked]", wanted_events(True),
                                                      True, SECRET),))
    assert plan_hook(True, current, "main", "bot") == ()
    assert plan_hook(True, HookState(API, 5, (), ()), "main", "bot") == (
        a.CreateTrigger(TRIGGER_DESCRIPTION), a.PutHook(None, TARGET, wanted_events(True)))
    assert SECRET not in repr(current)


def test_the_read_only_token_sends_no_write_whatever_is_applied(rsps):
    rsps.get(f"{API}/user", json=BOT)
    rsps.get(PROJECT, json={"id": 5, "path_with_namespace": "commercial/triage"})
    gw = Gateway(URL, "glpat-read", "commercial/triage", read_only=True)
    gw.connect()
    rsps.get(TRIGGERS, json=[])
    for action in (a.CreateTrigger(TRIGGER_DESCRIPTION), a.UpdateIssue(7, add_labels=("x",)),
                   a.CreateLabel("x", "#000000", "")):
        with pytest.raises(SaTriageError, match=r"refused (POST|PUT) .*read-only token"):
            gw.apply(action)
    assert all(c.request.method == "GET" for c in rsps.calls)
