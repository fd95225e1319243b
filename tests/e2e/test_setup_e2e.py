"""`sa-triage setup` and the CLI's promises, end to end against the local sandbox."""

import pytest

pytestmark = pytest.mark.e2e


def test_setup_twice_second_run_makes_zero_writes(env):
    first = env.run("setup")
    assert first.code == 0, first.text
    assert env.writes() > 0
    before = env.writes()
    second = env.run("setup")
    assert second.code == 0, second.text
    assert env.writes() == before, second.text


def test_setup_builds_the_board_in_order_templates_and_schedules(env):
    assert env.run("setup").code == 0
    state = env.sandbox.dump()
    text = str(state)
    for name in ("Commercial Triage", "triage::new", ".gitlab/issue_templates/", "SA_TRIAGE_SCHEDULE"):
        assert name in text


def test_dry_run_sends_no_write(env):
    result = env.run("setup", "--dry-run")
    assert result.code == 0
    assert "would create label 'triage::new'" in result.out
    assert env.writes() == 0


def test_invalid_config_exit_2_names_the_key_and_sends_nothing(env):
    env.config.write_text(env.config.read_text().replace("Europe/London", "Europe/Londn"))
    result = env.run("setup")
    assert result.code == 2
    assert "sa-triage.yml: regions.EMEA.timezone: unknown time zone 'Europe/Londn'" in result.err
    assert env.reads() == 0 and env.writes() == 0


def test_wrong_token_is_one_clear_line_without_the_token(env):
    bad = "glpat-WRONG-token-abcdef"
    result = env.run("setup", token=bad)
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "rejected the token" in result.err
    assert bad not in result.text


def test_unknown_bot_is_a_usage_error(env):
    result = env.run("run", "nonesuch")
    assert result.code == 2 and "unknown bot(s) nonesuch" in result.err


def test_setup_takes_ownership_of_its_schedule_and_leaves_others_alone(env):
    import gitlab

    assert env.run("setup").code == 0
    manager = gitlab.Gitlab(env.url, private_token="glpat-sandbox-maria.garcia")
    project = manager.projects.get("commercial/triage")
    schedules = project.pipelineschedules.list(get_all=True)
    mirror = next(s for s in schedules if "mirror" in s.description)
    project.pipelineschedules.get(mirror.id).take_ownership()
    project.pipelineschedules.update(mirror.id, {"cron": "0 3 * * *"})  # someone edits it by hand
    theirs = project.pipelineschedules.create({"description": "people's own", "ref": "main",
                                               "cron": "0 1 * * *"})
    before = env.writes()
    assert env.run("setup").code == 0
    assert env.writes() > before
    repaired = project.pipelineschedules.get(mirror.id)
    assert repaired.cron == "*/15 * * * 1-5" and repaired.owner["username"] == "sa-triage-bot"
    untouched = project.pipelineschedules.get(theirs.id)
    assert untouched.owner["username"] == "maria.garcia" and untouched.active
    before = env.writes()
    env.run("setup")
    assert env.writes() == before


def test_setup_deactivates_a_schedule_it_created_that_is_no_longer_declared(env):
    assert env.run("setup").code == 0
    (env.repo / "schedules" / "digest.yml").unlink()
    assert env.run("setup").code == 0
    digest = [s for s in env.sandbox.schedules("commercial/triage") if "digest" in s["description"]]
    assert len(digest) == 1 and digest[0]["active"] is False
