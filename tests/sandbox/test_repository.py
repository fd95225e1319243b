"""Repository files and commits: encoded paths, base64, 201/200, 400 conflicts, atomicity."""

from __future__ import annotations

import base64

import gitlab
import pytest

from gitlab_sandbox import Sandbox

from .conftest import PROJECT

TEMPLATE = ".gitlab/issue_templates/onsite.md"


def test_create_get_update_file(sb: Sandbox, project) -> None:
    created = project.files.create({"file_path": TEMPLATE, "branch": "main",
                                    "content": "# Onsite\n", "commit_message": "Add template"})
    assert sb.log.entries[-1]["status"] == 201
    assert (created.file_path, created.branch) == (TEMPLATE, "main")
    assert ".gitlab%2Fissue_templates%2Fonsite.md" in sb.log.entries[-1]["path"]
    file = project.files.get(TEMPLATE, ref="main")
    assert (file.encoding, base64.b64decode(file.content)) == ("base64", b"# Onsite\n")
    assert file.file_name == "onsite.md" and file.size == 9
    file.content = "# Onsite v2\n"
    file.save(branch="main", commit_message="Update template")
    assert sb.log.entries[-1]["status"] == 200
    assert project.files.raw(TEMPLATE, ref="main") == b"# Onsite v2\n"
    assert sb.file(PROJECT, TEMPLATE) == b"# Onsite v2\n"
    assert project.files.get(TEMPLATE, ref="main").last_commit_id == project.commits.list(
        get_all=False)[0].id


def test_create_existing_or_update_missing_is_400(project) -> None:
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.files.create({"file_path": "README.md", "branch": "main", "content": "x",
                              "commit_message": "m"})
    assert caught.value.response_code == 400
    with pytest.raises(gitlab.GitlabUpdateError) as missing:
        project.files.update("nope.md", {"branch": "main", "content": "x",
                                         "commit_message": "m"})
    assert missing.value.response_code == 400


def test_missing_file_and_ref_are_404(project) -> None:
    with pytest.raises(gitlab.GitlabGetError) as caught:
        project.files.get("nope.md", ref="main")
    assert caught.value.error_message == "404 File Not Found"
    with pytest.raises(gitlab.GitlabGetError) as bad_ref:
        project.files.get("README.md", ref="no-branch")
    assert bad_ref.value.error_message == "404 Commit Not Found"


def test_multi_action_commit_is_atomic(sb: Sandbox, project) -> None:
    commit = project.commits.create({
        "branch": "main", "commit_message": "Templates\n\nbody",
        "actions": [
            {"action": "create", "file_path": "a.md", "content": "A\n"},
            {"action": "create", "file_path": "b.md", "content": base64.b64encode(b"B\n").decode(),
             "encoding": "base64"},
            {"action": "update", "file_path": "README.md", "content": "new readme\n"},
        ]})
    assert sb.log.entries[-1]["status"] == 201
    assert (commit.title, commit.stats["additions"], commit.project_id) == (
        "Templates", 3, project.id)
    assert sb.file(PROJECT, "b.md") == b"B\n"
    with pytest.raises(gitlab.GitlabCreateError) as caught:
        project.commits.create({"branch": "main", "commit_message": "bad", "actions": [
            {"action": "delete", "file_path": "a.md"},
            {"action": "create", "file_path": "b.md", "content": "again"}]})
    assert caught.value.response_code == 400
    assert sb.file(PROJECT, "a.md") == b"A\n"  # nothing of the failed commit landed
    project.commits.create({"branch": "main", "commit_message": "rm", "actions": [
        {"action": "delete", "file_path": "a.md"}]})
    assert sb.file(PROJECT, "a.md") is None
    titles = [c.title for c in project.commits.list(get_all=True)]
    assert titles == ["rm", "Templates", "Initial commit"]


def test_tree_and_branches(sb: Sandbox, project) -> None:
    sb.add_file(PROJECT, TEMPLATE, "x")
    top = [(e["path"], e["type"]) for e in project.repository_tree(get_all=True)]
    assert top == [(".gitlab", "tree"), ("README.md", "blob")]
    deep = project.repository_tree(path=".gitlab/issue_templates", get_all=True)
    assert [e["name"] for e in deep] == ["onsite.md"]
    assert [b.name for b in project.branches.list(get_all=True)] == ["main"]
