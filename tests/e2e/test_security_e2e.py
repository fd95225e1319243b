"""Security promises, end to end: the token is never shown, and every write stays in the project."""

import re

import pytest

pytestmark = pytest.mark.e2e


def test_token_appears_in_no_output_even_with_debug(env, tmp_path):
    report = tmp_path / "report.json"
    results = [env.run("--debug", "setup"), env.run("--debug", "run", "--json", str(report)),
               env.run("--debug", "run", "nonesuch"), env.run("--debug", "setup", token=env.token + "x")]
    for result in results:
        assert env.token not in result.text
    assert "GET /api/v4/projects" in results[1].err  # --debug does log each request (without headers)
    assert env.token not in report.read_text()


def test_token_in_config_or_error_paths_is_masked(env):
    # A token pasted into the config by mistake must not be echoed back in the error either.
    env.config.write_text(env.config.read_text().replace("tier: free", f"tier: {env.token}"))
    result = env.run("setup")
    assert result.code == 2 and "gitlab.tier" in result.err and env.token not in result.text


def test_every_write_stays_in_the_configured_project(env):
    env.sandbox.add_project("other/victim")
    env.sandbox.add_member("other/victim", "sa-triage-bot", 50)
    env.run("setup")
    env.run("run")
    project_ids = {p["record"]["path_with_namespace"]: p["record"]["id"]
                   for p in env.sandbox.dump()["projects"]}
    allowed = {str(project_ids["commercial/triage"]), "commercial%2Ftriage"}
    writes = [e for e in env.sandbox.log.entries if e["method"] != "GET"]
    assert writes
    for entry in writes:
        m = re.match(r"/api/v4/projects/([^/]+)/", entry["path"])
        assert m and m.group(1) in allowed, entry
    assert not env.sandbox.issues("other/victim")

