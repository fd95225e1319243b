"""End-to-end fixtures: a seeded local GitLab sandbox and the real `sa-triage` entry point."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bots.cli import main
from bots.jobs import load_config
from gitlab_sandbox.demo import BOT_TOKEN, seed
from tests.factories import copy_repo

BUSINESS_HOURS = "2026-12-01T15:00:00Z"  # Tue 1 Dec: 10:00 in New York, 15:00 in London


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class Env:
    """A sandbox, a project checkout (config, templates, schedules) and a way to run the CLI."""

    def __init__(self, sandbox: Any, url: str, repo: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.sandbox, self.url, self.repo = sandbox, url, repo
        self._mp, self._capsys = monkeypatch, capsys
        self.token = BOT_TOKEN

    @property
    def config(self) -> Path:
        return self.repo / "sa-triage.yml"

    def run(self, *args: str, token: str | None = None) -> Result:
        if args[:1] in (("run",), ("react",)) and "--now" not in args:
            # Bot notes that mention people wait for their business hours: a run at the wall clock's
            # time would post or hold them depending on when the suite runs. Both regions are open.
            args = (*args, "--now", BUSINESS_HOURS)
        self._mp.setenv("GITLAB_URL", self.url)
        self._mp.setenv("GITLAB_TOKEN", token or self.token)
        self._mp.delenv("GITLAB_CI", raising=False)
        self._mp.delenv("SA_TRIAGE_BOTS", raising=False)
        self._capsys.readouterr()
        with pytest.raises(SystemExit) as exit_:
            main(["--config", str(self.config), *args])
        captured = self._capsys.readouterr()
        return Result(int(exit_.value.code or 0), captured.out, captured.err)

    def writes(self) -> int:
        return int(self.sandbox.log.writes)

    def reads(self) -> int:
        return int(self.sandbox.log.reads)


def failed_only_on_bad_rows(result: Result) -> bool:
    """True when each failure the run printed is a row of the export (the sample has bad rows on
    purpose): no bot failed as a whole (its line reads `! <bot>: ...`), and the run did not crash."""
    failures = [x for x in result.out.splitlines() if x.startswith("   ! ")]
    return result.code in (0, 1) and all(".csv row " in x for x in failures) and (
        result.code == 0 or bool(failures))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the project's deployable files, so a test may edit config and data freely."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture
def env(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Env]:
    from gitlab_sandbox import Sandbox

    sandbox = Sandbox()
    seed(sandbox, load_config(repo / "sa-triage.yml"))
    url = sandbox.start(port=0)
    try:
        yield Env(sandbox, url, repo, monkeypatch, capsys)
    finally:
        sandbox.stop()
