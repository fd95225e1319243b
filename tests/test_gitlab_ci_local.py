"""`.gitlab-ci.yml`'s rules as GitLab evaluates them, by gitlab-ci-local (which jobs each pipeline runs).

gitlab-ci-local (npm) is pinned to a release that runs on Node 20 (later ones need Node 22); `make test`
installs it into .tools/ (and rsync, which it needs to run jobs), and so does this test when it is
missing. Without Node and npm the test is skipped, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION = "4.65.1"
TOOLS = ROOT / ".tools"
EXE = TOOLS / "node_modules" / ".bin" / "gitlab-ci-local"


@pytest.fixture(scope="module")
def gcl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("Node.js and npm are not installed: gitlab-ci-local cannot run here")
    if not EXE.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        f"gitlab-ci-local@{VERSION}"], check=True, timeout=300)
    work = tmp_path_factory.mktemp("ci")
    shutil.copy(ROOT / ".gitlab-ci.yml", work / ".gitlab-ci.yml")
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    return work


def jobs(work: Path, **variables: str) -> dict[str, str]:
    """Each job's `when` in the pipeline these predefined variables describe (never: not in it)."""
    args = [str(EXE), "--list-json", "--home", str(work / ".home")]
    for key, value in variables.items():
        args += ["--variable", f"{key}={value}"]
    env = {**os.environ, "GCL_IGNORE_PREDEFINED_VARS": ",".join(variables)}
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = json.loads(done.stdout[done.stdout.index("["):])
    return {job["name"]: job["when"] for job in listed if job["when"] != "never"}


def test_each_schedule_runs_its_bot_job_and_the_digest_adds_pages(gcl):
    bot = {"bot": "on_success"}
    assert jobs(gcl, CI_PIPELINE_SOURCE="schedule", SA_TRIAGE_BOTS="mirror forms slo") == bot
    assert jobs(gcl, CI_PIPELINE_SOURCE="schedule", SA_TRIAGE_BOTS="meetings") == bot
    assert jobs(gcl, CI_PIPELINE_SOURCE="schedule", SA_TRIAGE_BOTS="digest") == {
        "bot": "on_success", "pages": "on_success"}


def test_a_trigger_runs_only_react(gcl):
    assert jobs(gcl, CI_PIPELINE_SOURCE="trigger", TRIGGER_PAYLOAD="/tmp/payload") == {"react": "on_success"}


def test_a_push_to_the_default_branch_runs_the_tests_and_no_bot_job(gcl):
    found = jobs(gcl, CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="main", CI_DEFAULT_BRANCH="main")
    assert found == {"test": "on_success", "validate": "on_success", "setup": "manual"}


def test_a_merge_request_runs_the_tests_and_the_read_only_dry_run(gcl):
    found = jobs(gcl, CI_PIPELINE_SOURCE="merge_request_event", CI_COMMIT_BRANCH="feature",
                 CI_DEFAULT_BRANCH="main", GITLAB_READ_TOKEN="glpat-read")
    assert found == {"test": "on_success", "validate": "on_success", "dry-run": "on_success"}
