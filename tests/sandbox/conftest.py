"""Fixtures: a served sandbox with a bot, a developer, a guest and an outsider."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import gitlab
import pytest

from gitlab_sandbox import Sandbox
from gitlab_sandbox.issue_index import IssueIndex

PROJECT = "commercial/triage"
SECRET = "other/secret"
BOT_TOKEN = "glpat-sandbox-bot"
TOKENS = {"sa-triage-bot": BOT_TOKEN, "alice": "t-alice", "bob": "t-bob", "gary": "t-gary",
          "mallory": "t-mallory", "olga": "t-olga"}


def build(premium: bool = False) -> Sandbox:
    """A sandbox with users at every level that matters and two projects."""
    sandbox = Sandbox(premium=premium, seed=0)
    sandbox.add_user("sa-triage-bot", name="SA Triage Bot", token=BOT_TOKEN, bot=True)
    for username in ("alice", "bob", "gary", "mallory", "olga"):
        sandbox.add_user(username, name=username.title(), token=TOKENS[username])
    sandbox.add_project(PROJECT, default_branch="main")
    sandbox.add_project(SECRET)
    for username, level in (("sa-triage-bot", 40), ("alice", 30), ("bob", 40), ("gary", 10),
                            ("olga", 50)):
        sandbox.add_member(PROJECT, username, level)
    sandbox.add_member(SECRET, "mallory", 40)
    return sandbox


@pytest.fixture
def make_sandbox() -> Iterator[Callable[..., Sandbox]]:
    """Build and serve sandboxes; stop them and check they raised no internal error."""
    started: list[Sandbox] = []

    def make(premium: bool = False) -> Sandbox:
        sandbox = build(premium)
        sandbox.start()
        started.append(sandbox)
        return sandbox

    yield make
    for sandbox in started:
        sandbox.stop()
        assert sandbox.internal_errors == []
        assert_indexes_in_step(sandbox)


def assert_indexes_in_step(sandbox: Sandbox) -> None:
    """Each project's issue indexes equal ones rebuilt from its issues (kept in step with writes)."""
    for project in sandbox.store.projects.values():
        fresh = IssueIndex()
        for issue in project.issues.values():
            fresh.update(issue)
        index = project.index
        assert index.entries == fresh.entries, project.path
        assert (index.by_state, index.by_label, index.unlabeled, index.by_author) \
            == (fresh.by_state, fresh.by_label, fresh.unlabeled, fresh.by_author)


@pytest.fixture
def sb(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    """A served Free-tier sandbox."""
    return make_sandbox()


def client(sandbox: Sandbox, user: str = "sa-triage-bot", **options: object) -> gitlab.Gitlab:
    """A python-gitlab client as production code builds it."""
    assert sandbox.url is not None
    return gitlab.Gitlab(sandbox.url, private_token=TOKENS[user], retry_transient_errors=True,
                         **options)  # type: ignore[arg-type]


@pytest.fixture
def gl(sb: Sandbox) -> gitlab.Gitlab:
    """The bot's client."""
    return client(sb)


@pytest.fixture
def project(gl: gitlab.Gitlab):  # type: ignore[no-untyped-def]
    """The bot's view of the triage project."""
    return gl.projects.get(PROJECT)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In this folder, any UserWarning (e.g. python-gitlab's base-URL check) fails the test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.filterwarnings("error::UserWarning"))
