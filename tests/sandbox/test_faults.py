"""Injected 429/5xx/latency and gitlab.com-like limits, as python-gitlab experiences them."""

from __future__ import annotations

import time

import gitlab
import pytest
import requests

from gitlab_sandbox import Sandbox

from .conftest import BOT_TOKEN, PROJECT, build, client

ISSUES = "GET /projects/:id/issues"


def _statuses(sb: Sandbox, route: str = ISSUES) -> list[int]:
    return [e["status"] for e in sb.log.entries if f"{e['method']} {e['route']}" == route]


def test_429_plain_text_has_integer_retry_after_and_ratelimit_headers(sb: Sandbox) -> None:
    sb.faults.configure(fail_next=[{"status": 429, "retry_after": 2}])
    response = requests.get(f"{sb.url}/api/v4/projects/1/issues",
                            headers={"PRIVATE-TOKEN": BOT_TOKEN}, timeout=5)
    assert (response.status_code, response.text) == (429, "Retry later\n")
    assert response.headers["Retry-After"] == "2"
    for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Name",
                 "RateLimit-Observed", "RateLimit-ResetTime"):
        assert name in response.headers
    assert int(response.headers["RateLimit-Reset"]) >= int(time.time())


@pytest.mark.parametrize("body", ["text", "json"])
def test_python_gitlab_recovers_from_429(sb: Sandbox, project, body: str) -> None:
    sb.add_issue(PROJECT, "t", author="alice")
    sb.log.reset()
    sb.faults.configure(fail_next=[f"429:{body}", f"429:{body}"], retry_after=0)
    assert len(project.issues.list(get_all=True)) == 1
    assert _statuses(sb) == [429, 429, 200]


def test_429_json_body_shape(sb: Sandbox, gl) -> None:
    sb.faults.configure(fail_next=["429:json"])
    with pytest.raises(gitlab.GitlabHttpError) as caught:
        gl.http_get("/projects/1/issues", obey_rate_limit=False)
    assert caught.value.response_code == 429
    assert caught.value.error_message == {
        "error": "This endpoint has been requested too many times. Try again later."}


def test_retry_after_is_obeyed(sb: Sandbox, project) -> None:
    sb.faults.configure(fail_next=[{"status": 429, "retry_after": 1}])
    started = time.monotonic()
    project.issues.list(get_all=True)
    assert time.monotonic() - started >= 1.0


def test_5xx_recovery_needs_retry_transient_errors(sb: Sandbox) -> None:
    sb.faults.configure(fail_next=[502, 503])
    assert client(sb).projects.get(PROJECT).issues.list(get_all=True) == []
    sb.faults.configure(fail_next=[500])
    strict = gitlab.Gitlab(sb.url, private_token=BOT_TOKEN)
    with pytest.raises(gitlab.GitlabGetError) as caught:
        strict.projects.get(PROJECT)
    assert (caught.value.response_code, caught.value.error_message) == (
        500, "500 Internal Server Error")


def test_fault_after_the_write_duplicates_a_retried_post(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    route = "POST /projects/:id/issues/:issue_iid/notes"
    sb.faults.configure(fail_next=[{"status": 502, "after": True, "route": route}])
    issue.notes.create({"body": "hello"})
    assert [n["body"] for n in sb.notes(PROJECT, issue.iid)] == ["hello", "hello"]
    assert _statuses(sb, route) == [502, 201]


def test_random_faults_are_seeded() -> None:
    runs = []
    for _ in range(2):
        sb = build()
        sb.start()
        try:
            sb.faults.configure(error_rate=0.15, rate_limit_rate=0.3, retry_after=0, seed=3,
                                error_statuses=[502])
            project = client(sb).projects.get(PROJECT)
            for _ in range(8):
                project.issues.list(get_all=True)
            runs.append([e["status"] for e in sb.log.entries])
        finally:
            sb.stop()
    assert runs[0] == runs[1]
    assert {429, 502} <= set(runs[0]) and runs[0].count(200) >= 8


def test_latency(sb: Sandbox, gl) -> None:
    sb.faults.configure(latency=0.05)
    started = time.monotonic()
    gl.http_get("/user")
    assert time.monotonic() - started >= 0.05


def test_gitlab_com_note_limit_answers_json_429_then_recovers(sb: Sandbox, project) -> None:
    issue = project.issues.create({"title": "t"})
    sb.limits.configure(gitlab_com=True, period=1, notes=2)
    route = "POST /projects/:id/issues/:issue_iid/notes"
    for body in ("one", "two", "three"):
        issue.notes.create({"body": body})
    statuses = _statuses(sb, route)
    assert statuses.count(201) == 3 and 429 in statuses
    rejected = [e for e in sb.log.entries if e["status"] == 429]
    assert all(e["route"] == "/projects/:id/issues/:issue_iid/notes" for e in rejected)


def test_gitlab_com_api_limit_answers_plain_text(sb: Sandbox) -> None:
    sb.limits.configure(gitlab_com=True, period=60, api=2)
    headers = {"PRIVATE-TOKEN": BOT_TOKEN}
    answers = [requests.get(f"{sb.url}/api/v4/user", headers=headers, timeout=5)
               for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].headers["RateLimit-Remaining"] == "1"
    assert answers[2].text == "Retry later\n"
    assert 0 < int(answers[2].headers["Retry-After"]) <= 60


LABEL_DELETE = "DELETE /projects/:id/labels/:label_id"


def test_a_2xx_fault_answers_success_without_applying_the_request(sb: Sandbox, project) -> None:
    project.labels.create({"name": "kept", "color": "#000000"})
    sb.faults.configure(fail_next=[{"status": 204, "route": LABEL_DELETE}])
    project.labels.delete("kept")  # python-gitlab sees a success
    assert [x["name"] for x in sb.labels(PROJECT)] == ["kept"]
    assert _statuses(sb, LABEL_DELETE) == [204]
    sb.faults.configure(fail_next=[{"status": 200, "route": "POST /projects/:id/issues"}])
    answer = requests.post(f"{sb.url}/api/v4/projects/1/issues", json={"title": "lost"},
                           headers={"PRIVATE-TOKEN": BOT_TOKEN}, timeout=5)
    assert (answer.status_code, answer.json()) == (200, {})
    assert sb.issues(PROJECT) == []


@pytest.mark.parametrize(("status", "message"), [(404, "404 Not Found"), (403, "403 Forbidden")])
def test_a_404_or_403_fault_for_a_label_that_exists(sb: Sandbox, project, status: int,
                                                   message: str) -> None:
    project.labels.create({"name": "kept", "color": "#000000"})
    sb.faults.configure(fail_next=[{"status": status, "route": LABEL_DELETE}])
    with pytest.raises(gitlab.GitlabDeleteError) as caught:
        project.labels.delete("kept")
    assert (caught.value.response_code, caught.value.error_message) == (status, message)
    assert [x["name"] for x in sb.labels(PROJECT)] == ["kept"]


def test_a_429_fault_can_come_without_any_rate_limit_header(sb: Sandbox) -> None:
    sb.faults.configure(fail_next=[{"status": 429, "body": "json", "headers": False}])
    answer = requests.get(f"{sb.url}/api/v4/projects/1/issues", headers={"PRIVATE-TOKEN": BOT_TOKEN},
                          timeout=5)
    assert answer.status_code == 429 and answer.json() == {"message": TOO_MANY_ERROR}
    assert not [h for h in answer.headers if h.lower().startswith(("retry-after", "ratelimit"))]


def test_an_over_limit_note_is_a_json_429_without_retry_after_like_gitlab_com(sb: Sandbox,
                                                                             project) -> None:
    issue = project.issues.create({"title": "t"})
    sb.limits.configure(gitlab_com=True, period=60, notes=1)
    url = f"{sb.url}/api/v4/projects/1/issues/{issue.iid}/notes"
    answers = [requests.post(url, json={"body": b}, headers={"PRIVATE-TOKEN": BOT_TOKEN}, timeout=5)
               for b in ("one", "two")]
    assert [a.status_code for a in answers] == [201, 429]
    assert answers[1].json() == {"message": TOO_MANY_ERROR}
    assert "Retry-After" not in answers[1].headers
    assert answers[1].headers["RateLimit-Name"] == "throttle_authenticated_api"  # informational only


TOO_MANY_ERROR = {"error": "This endpoint has been requested too many times. Try again later."}
