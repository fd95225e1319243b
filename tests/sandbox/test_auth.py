"""Authentication, visibility and GitLab's error bodies (`message` vs `error`)."""

from __future__ import annotations

import gitlab
import pytest
import requests

from gitlab_sandbox import Sandbox

from .conftest import BOT_TOKEN, PROJECT, SECRET, client


def test_bad_token_raises_authentication_error(sb: Sandbox) -> None:
    gl = gitlab.Gitlab(sb.url, private_token="glpat-wrong")
    with pytest.raises(gitlab.GitlabAuthenticationError) as caught:
        gl.projects.get(PROJECT)
    assert (caught.value.response_code, caught.value.error_message) == (401, "401 Unauthorized")


def test_no_token_is_401_json(sb: Sandbox) -> None:
    response = requests.get(f"{sb.url}/api/v4/projects/1", timeout=5)
    assert (response.status_code, response.json()) == (401, {"message": "401 Unauthorized"})


def test_bearer_token_is_accepted(sb: Sandbox) -> None:
    gl = gitlab.Gitlab(sb.url, oauth_token=BOT_TOKEN)
    gl.auth()
    assert gl.user is not None and gl.user.username == "sa-triage-bot"


def test_project_by_id_or_encoded_path(gl) -> None:
    by_path = gl.projects.get(PROJECT)
    assert gl.projects.get(by_path.id).path_with_namespace == PROJECT
    assert by_path.permissions["project_access"]["access_level"] == 40


def test_invisible_project_is_404_not_403(sb: Sandbox, gl) -> None:
    with pytest.raises(gitlab.GitlabGetError) as caught:
        gl.projects.get(SECRET)
    assert (caught.value.response_code, caught.value.error_message) == (
        404, "404 Project Not Found")
    outsider = client(sb, "mallory")
    with pytest.raises(gitlab.GitlabListError) as caught_list:
        outsider.projects.get(PROJECT, lazy=True).issues.list(get_all=True)
    assert caught_list.value.response_code == 404


def test_unknown_route_uses_the_error_key(sb: Sandbox) -> None:
    response = requests.get(f"{sb.url}/api/v4/nothing/here",
                            headers={"PRIVATE-TOKEN": BOT_TOKEN}, timeout=5)
    assert (response.status_code, response.json()) == (404, {"error": "404 Not Found"})
    response = requests.patch(f"{sb.url}/api/v4/projects/1",
                              headers={"PRIVATE-TOKEN": BOT_TOKEN}, timeout=5)
    assert (response.status_code, response.json()) == (405, {"error": "405 Not Allowed"})


def test_missing_issue_and_non_numeric_iid(project) -> None:
    for iid in (99, "abc"):
        with pytest.raises(gitlab.GitlabGetError) as caught:
            project.issues.get(iid)
        assert caught.value.error_message == "404 Issue Not Found"


def test_users_lookup(sb: Sandbox, gl) -> None:
    users = gl.users.list(username="alice", get_all=True)
    assert [(u.username, u.name) for u in users] == [("alice", "Alice")]
    assert gl.users.get(users[0].id).username == "alice"
    members = gl.projects.get(PROJECT).members_all.list(get_all=True)
    levels = {m.username: m.access_level for m in members}
    assert levels == {"sa-triage-bot": 40, "alice": 30, "bob": 40, "gary": 10, "olga": 50}
    with pytest.raises(gitlab.GitlabGetError) as caught:
        gl.users.get(999)
    assert caught.value.error_message == "404 User Not Found"
