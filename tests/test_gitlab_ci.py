"""`.gitlab-ci.yml` is valid against GitLab's published CI schema and keeps its promises."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_gitlab_ci_matches_the_gitlab_ci_schema():
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [exe, "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci",
         str(ROOT / ".gitlab-ci.yml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_scheduled_pipelines_run_only_the_bot_and_pages_jobs_and_never_overlap():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    runs_on_schedule = []
    for name, job in jobs.items():
        for rule in job.get("rules", []):
            if "schedule" in rule.get("if", "") and "== \"schedule\"" in rule["if"] \
                    and rule.get("when") != "never":
                runs_on_schedule.append(name)
    assert runs_on_schedule == ["bot", "pages"]
    assert jobs["bot"]["resource_group"] == jobs["setup"]["resource_group"] == jobs["pages"]["resource_group"]
    assert "digest" in jobs["pages"]["rules"][0]["if"] and jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert "report.json" in jobs["bot"]["artifacts"]["paths"]


def test_every_job_has_a_timeout_longer_than_the_lock_wait():
    import re

    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    jobs = {k: v for k, v in ci.items() if isinstance(v, dict) and "script" in v}
    assert {"bot", "dry-run", "pages", "react", "setup", "test", "validate"} <= set(jobs)
    for name, job in jobs.items():
        found = re.fullmatch(r"(\d+) (minutes|hours)", str(job.get("timeout", "")))
        assert found, f"{name}: no `timeout:` (a stuck job would run until GitLab's default, an hour or more)"
        minutes = int(found[1]) * (60 if found[2] == "hours" else 1)
        assert 10 <= minutes <= 180, (name, job["timeout"])  # above the lock's default wait (3 minutes)
