"""A merge request's dry run with the read-only token (GITLAB_READ_TOKEN): it plans, it never writes."""

from __future__ import annotations

import json

import pytest

from bots.cli import main

pytestmark = pytest.mark.e2e


def run_read_only(env, *args: str):
    env._mp.setenv("GITLAB_URL", env.url)
    env._mp.delenv("GITLAB_TOKEN", raising=False)
    env._mp.setenv("GITLAB_READ_TOKEN", env.token)
    env._capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["--config", str(env.config), *args])
    return int(exit_.value.code or 0), env._capsys.readouterr()


def test_a_read_only_dry_run_plans_from_the_signed_records_and_writes_nothing(env, tmp_path):
    assert env.run("setup").code == 0
    assert env.run("run", "mirror").code in (0, 1)  # the sample export has bad rows on purpose
    before = env.writes()
    code, out = run_read_only(env, "run", "mirror", "--dry-run", "--json", str(tmp_path / "r.json"))
    assert code in (0, 1) and env.writes() == before, out.out + out.err
    assert " would " not in out.out  # records read back as the bot wrote them: nothing to redo
    (job,) = json.loads((tmp_path / "r.json").read_text())["jobs"]
    assert job["job"] == "mirror" and job["actions"] == [] and len(job["problems"]) == 4, job  # bad rows
    code, out = run_read_only(env, "run", "mirror")
    assert code == 2 and "GITLAB_READ_TOKEN is read-only" in out.err
    assert env.writes() == before
