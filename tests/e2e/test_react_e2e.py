"""`sa-triage react` end to end: setup's webhook and trigger, an event answered for its issue alone.

The sandbox delivers the webhook to its own trigger endpoint, which records the pipeline and its
`TRIGGER_PAYLOAD`; the test then runs `react` on that payload, as the `react` CI job would.
"""

from __future__ import annotations

import json

import gitlab
import pytest

from bots.issue_templates import ON_SITE_REQUEST
from gitlab_sandbox.demo import BOT_USERNAME, user_token

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
AUTHOR = "jordan.lee"
MAX_REQUESTS = 10  # the issue's promise for an event that changes nothing


def enable(env, on: bool = True) -> None:
    text = env.config.read_text()
    text = text.replace("\nreact:\n  enabled: true\n", "\n").replace("\nreact:\n  enabled: false\n", "\n")
    env.config.write_text(text + f"\nreact:\n  enabled: {'true' if on else 'false'}\n")


def project_data(env):
    return env.sandbox.store.projects[env.sandbox._project(PROJECT).id]


def pipelines(env) -> list[dict]:
    return list(project_data(env).record.get("pipelines") or [])


def as_user(username: str, env):
    return gitlab.Gitlab(env.url, private_token=user_token(username)).projects.get(PROJECT)


def react_on(env, payload: str | dict, tmp_path, name: str = "payload.json"):
    """Run `react` on a payload as GitLab hands it over (a file variable); return result, reads, writes."""
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    env._mp.setenv("TRIGGER_PAYLOAD", str(path))
    env._mp.setenv("CI_PROJECT_ID", str(project_data(env).id))  # what GitLab gives the react job
    env._mp.setenv("CI_PROJECT_PATH", PROJECT)
    reads, writes = env.reads(), env.writes()
    result = env.run("react")
    return result, env.reads() - reads, env.writes() - writes


def bot_notes(env, iid: int) -> list[dict]:
    return [n for n in env.sandbox.notes(PROJECT, iid)
            if n["author"]["username"] == BOT_USERNAME and not n["system"]]


def file_on_site_request(env) -> int:
    template = (env.repo / "templates" / "issue_templates" / ON_SITE_REQUEST.file_name).read_text()
    return int(as_user(AUTHOR, env).issues.create({"title": "On-site: Acme", "description": template}).iid)


def test_setup_twice_declares_one_trigger_and_one_hook_and_off_turns_its_events_off(env):
    enable(env)
    assert env.run("setup").code == 0
    data = project_data(env)
    (trigger,) = data.record["triggers"]
    (hook,) = data.record["hooks"]
    assert hook["url"].endswith(f"/projects/{data.id}/ref/main/trigger/pipeline?token={trigger['token']}")
    assert hook["issues_events"] and hook["confidential_issues_events"] and hook["note_events"]
    assert hook["confidential_note_events"] and hook["emoji_events"] and not hook["push_events"]
    before = env.writes()
    again = env.run("setup", "--json", str(env.repo / "report.json"))
    assert again.code == 0 and env.writes() == before, again.text
    assert trigger["token"] not in again.text + (env.repo / "report.json").read_text()
    assert env.run("react", "--check").code == 0
    enable(env, False)
    assert env.run("react", "--check").code == 1  # declared off, still on
    assert env.run("setup").code == 0
    (hook,) = data.record["hooks"]
    assert not any(hook[k] for k in ("issues_events", "note_events", "emoji_events", "push_events"))
    assert env.run("react", "--check").code == 0


def test_an_on_site_request_is_answered_by_a_one_issue_run_and_a_duplicate_writes_nothing(env, tmp_path):
    enable(env)
    assert env.run("setup").code == 0
    iid = file_on_site_request(env)
    (pipeline,) = pipelines(env)
    assert pipeline["source"] == "trigger" and pipeline["ref"] == "main"
    payload = pipeline["variables"]["TRIGGER_PAYLOAD"]
    result, reads, writes = react_on(env, payload, tmp_path)
    assert result.code == 0, result.text
    assert reads + writes <= MAX_REQUESTS, (reads, writes, result.out)  # answered, lock included
    (note,) = bot_notes(env, iid)
    assert "needs-info" in env.sandbox.issue(PROJECT, iid)["labels"]
    assert "GET /projects/:id/issues" not in env.sandbox.log.by_route()  # never the board's list
    # The bot's own writes fired events too: each is ignored for what it is, writing nothing.
    own = pipelines(env)[1:]
    assert len(own) == 2, own  # the needs-info note and the label edit
    for p in own:
        again, _, wrote = react_on(env, p["variables"]["TRIGGER_PAYLOAD"], tmp_path, "own.json")
        assert again.code == 0 and wrote == 0 and "caused by the bot" in again.out, again.text
    duplicate, reads, writes = react_on(env, payload, tmp_path)
    assert duplicate.code == 0 and writes == 0, duplicate.text
    assert reads <= MAX_REQUESTS, (reads, duplicate.out)
    assert bot_notes(env, iid) == [note]


def test_a_thumbs_up_is_counted_within_a_minute_not_at_the_next_schedule(env, tmp_path):
    from gitlab_sandbox.demo_forms import fill_template
    from tests.e2e.test_forms_e2e import answers

    enable(env)
    assert env.run("setup").code == 0
    iid = file_on_site_request(env)
    issue = as_user(AUTHOR, env).issues.get(iid)
    issue.description = fill_template(ON_SITE_REQUEST, answers())
    issue.save()
    assert react_on(env, pipelines(env)[-1]["variables"]["TRIGGER_PAYLOAD"], tmp_path)[0].code == 0
    count = len(pipelines(env))
    as_user("maria.garcia", env).issues.get(iid).awardemojis.create({"name": "thumbsup"})
    (emoji,) = pipelines(env)[count:]
    assert json.loads(emoji["variables"]["TRIGGER_PAYLOAD"])["object_kind"] == "emoji"
    result, reads, _ = react_on(env, emoji["variables"]["TRIGGER_PAYLOAD"], tmp_path)
    assert result.code == 0 and reads <= MAX_REQUESTS, result.text
    (note,) = bot_notes(env, iid)
    assert "approved by @maria.garcia" in note["body"]


def test_forged_payloads_do_nothing(env, tmp_path):
    enable(env)
    assert env.run("setup").code == 0
    iid = file_on_site_request(env)
    real = json.loads(pipelines(env)[0]["variables"]["TRIGGER_PAYLOAD"])
    other = {**real, "project": {"id": 999, "path_with_namespace": "someone/else"}}
    by_bot = {**real, "user": {"username": BOT_USERNAME}}
    for forged, why in ((other, "not this project"), (by_bot, "caused by the bot"),
                        ("not json", "not JSON"), ({"object_kind": "push"}, "not an issue")):
        result, reads, writes = react_on(env, forged, tmp_path)
        assert result.code == 0 and writes == 0 and why in result.out, result.text
        assert reads <= 2  # the user and the project at most: no issue is read
    assert bot_notes(env, iid) == []
    # A body naming an unrelated issue, or one that does not exist, is re-read and left alone.
    plain = int(as_user(AUTHOR, env).issues.create({"title": "lunch?"}).iid)
    for target in (plain, 4242):
        body = {**real, "object_attributes": {**real["object_attributes"], "iid": target}}
        result, reads, writes = react_on(env, body, tmp_path)
        assert result.code == 0 and writes == 0 and reads <= 3 and "ignored" in result.out, result.text


def test_react_off_does_nothing_and_reads_nothing(env, tmp_path):
    result, reads, writes = react_on(env, {"object_kind": "issue"}, tmp_path)
    assert result.code == 0 and "react is off" in result.out and (reads, writes) == (0, 0)


def test_a_person_removing_a_mirror_label_gets_it_back_from_a_one_issue_run(env, tmp_path):
    enable(env)
    assert env.run("setup").code == 0
    assert env.run("run", "mirror").code in (0, 1)  # the sample export has bad rows on purpose
    issue = next(i for i in env.sandbox.issues(PROJECT) if "sa-request" in i["labels"]
                 and any(x.startswith("priority::") for x in i["labels"]))
    priority = next(x for x in issue["labels"] if x.startswith("priority::"))
    count = len(pipelines(env))
    as_user("maria.garcia", env).issues.update(issue["iid"], {"remove_labels": priority})
    (event,) = pipelines(env)[count:]
    result, _, _ = react_on(env, event["variables"]["TRIGGER_PAYLOAD"], tmp_path)
    assert result.code == 0, result.text
    assert priority in env.sandbox.issue(PROJECT, issue["iid"])["labels"]
    again, reads, writes = react_on(env, event["variables"]["TRIGGER_PAYLOAD"], tmp_path)
    assert again.code == 0 and writes == 0 and reads <= MAX_REQUESTS, again.text


def test_the_issue_read_failing_each_way_is_a_located_error_and_an_unseen_project_a_clear_one(env, tmp_path):
    """The react job's first read is the issue (its project is named by CI_PROJECT_ID, not read):
    each way GitLab can refuse it says where, writes nothing; a 404 that is the project's is told apart."""
    enable(env)
    assert env.run("setup").code == 0
    iid = file_on_site_request(env)
    payload = pipelines(env)[-1]["variables"]["TRIGGER_PAYLOAD"]
    route = "GET /projects/:id/issues/:issue_iid"
    env.sandbox.faults.configure(fail_next=[{"status": 403, "route": route}])
    result, _, writes = react_on(env, payload, tmp_path)
    assert result.code != 0 and writes == 0, result.text
    assert f"reading issue #{iid}: GitLab answered 403" in result.text
    # once each, a 5xx and a 429 without Retry-After: python-gitlab's bounded retry gets the answer
    env.sandbox.faults.configure(fail_next=[{"status": 502, "route": route},
                                            {"status": 429, "route": route, "headers": False}])
    result, _, _ = react_on(env, payload, tmp_path)
    assert result.code == 0 and len(bot_notes(env, iid)) == 1, result.text
    assert env.sandbox.log.by_status().get(429) and env.sandbox.log.by_status().get(502)
    env._mp.setenv("TRIGGER_PAYLOAD", str(tmp_path / "payload.json"))
    env._mp.setenv("CI_PROJECT_ID", "4242")  # a job whose project the token cannot see
    forged = json.loads(payload)
    forged["project"]["id"] = 4242
    (tmp_path / "payload.json").write_text(json.dumps(forged))
    result = env.run("react")
    assert result.code == 2 and "not found" in result.text and "cannot see it" in result.text, result.text
