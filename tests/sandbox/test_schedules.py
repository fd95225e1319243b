"""Pipeline schedules: ref expansion, defaults, owner-only edits, ownership, variables."""

from __future__ import annotations

from datetime import UTC, datetime

import gitlab
import pytest

from gitlab_sandbox import Sandbox

from .conftest import PROJECT, client


@pytest.fixture
def schedule(sb: Sandbox, project):  # type: ignore[no-untyped-def]
    sb.clock = lambda: datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    return project.pipelineschedules.create(
        {"description": "Daily triage", "ref": "main", "cron": "0 9 * * 1-5",
         "cron_timezone": "America/Los_Angeles"})


def test_create_expands_ref_and_sets_defaults(schedule, project) -> None:
    assert schedule.ref == "refs/heads/main"
    assert schedule.active is True
    assert schedule.owner["username"] == "sa-triage-bot"
    assert schedule.next_run_at == "2024-03-01T17:03:00.000Z"  # 09:00 PST, worker slot :03
    plain = project.pipelineschedules.create({"description": "d", "ref": "main", "cron": "@daily"})
    assert plain.cron_timezone == "UTC"
    unknown = project.pipelineschedules.create({"description": "d", "ref": "nope", "cron": "@daily"})
    assert unknown.ref == "nope"  # only existing branches are expanded


def test_scope_filter(project, schedule) -> None:
    schedule.active = False
    schedule.save()
    project.pipelineschedules.create({"description": "on", "ref": "main", "cron": "@hourly"})
    assert [s.description for s in project.pipelineschedules.list(scope="active", get_all=True)] \
        == ["on"]
    assert [s.id for s in project.pipelineschedules.list(scope="inactive", get_all=True)] \
        == [schedule.id]


def test_only_the_owner_may_edit_until_ownership_is_taken(sb: Sandbox, schedule) -> None:
    other = client(sb, "bob").projects.get(PROJECT).pipelineschedules.get(schedule.id)
    other.cron = "0 10 * * *"
    with pytest.raises(gitlab.GitlabUpdateError) as caught:
        other.save()
    assert caught.value.response_code == 403
    other.take_ownership()
    assert sb.log.entries[-1]["status"] == 201
    assert other.owner["username"] == "bob"
    other.take_ownership()
    assert sb.log.entries[-1]["status"] == 200
    other.cron = "0 10 * * *"
    other.save()
    assert other.cron == "0 10 * * *"


def test_developers_cannot_take_ownership(sb: Sandbox, schedule) -> None:
    dev = client(sb, "alice").projects.get(PROJECT).pipelineschedules.get(schedule.id)
    with pytest.raises(gitlab.GitlabOwnershipError) as caught:
        dev.take_ownership()
    assert caught.value.response_code == 403


def test_variables(sb: Sandbox, gl, project, schedule) -> None:
    schedule.variables.create({"key": "BOT", "value": "triage"})
    assert project.pipelineschedules.get(schedule.id).attributes["variables"] == [
        {"key": "BOT", "value": "triage", "variable_type": "env_var"}]
    variable = schedule.variables.update("BOT", {"value": "sla"})
    assert variable["value"] == "sla"
    path = f"/projects/{project.id}/pipeline_schedules/{schedule.id}/variables/BOT"
    response = gl.http_request("delete", path)
    assert (response.status_code, response.json()) == (
        202, {"key": "BOT", "value": "sla", "variable_type": "env_var"})
    with pytest.raises(gitlab.GitlabDeleteError) as caught:
        schedule.variables.delete("BOT")
    assert caught.value.error_message == "404 Pipeline Schedule Variable Not Found"
    with pytest.raises(gitlab.GitlabCreateError) as bad:
        schedule.variables.create({"key": "NOT-OK", "value": "x"})
    assert bad.value.response_code == 400


def test_invalid_cron_and_missing_schedule(project) -> None:
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.pipelineschedules.create({"description": "d", "ref": "main", "cron": "61 * * * *"})
    assert caught.value.error_message == {"cron": ["is invalid syntax"]}
    with pytest.raises(gitlab.GitlabGetError) as missing:
        project.pipelineschedules.get(404)
    assert missing.value.error_message == "404 Pipeline Schedule Not Found"


def test_delete_needs_a_maintainer(sb: Sandbox, project, schedule) -> None:
    with pytest.raises(gitlab.GitlabDeleteError) as denied:
        client(sb, "alice").projects.get(PROJECT).pipelineschedules.delete(schedule.id)
    assert denied.value.response_code == 403 and len(sb.schedules(PROJECT)) == 1  # refused, kept
    project.pipelineschedules.delete(schedule.id)
    assert sb.schedules(PROJECT) == []
