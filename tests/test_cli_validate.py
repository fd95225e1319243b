"""`sa-triage validate` and `templates`: offline checks of what an ops person edits."""

import pytest

from bots.cli import main
from tests.factories import copy_repo


@pytest.fixture
def repo(tmp_path):
    return copy_repo(tmp_path)


def run(repo, *args):
    with pytest.raises(SystemExit) as e:
        main(["--config", str(repo / "sa-triage.yml"), *args])
    return e.value.code


def test_shipped_files_validate(repo, capsys):
    assert run(repo, "validate") == 0
    assert "ok: templates/issue_templates/" in capsys.readouterr().out


def test_stale_template_is_reported_and_templates_repairs_it(repo, capsys):
    path = repo / "templates/issue_templates/PTO Coverage.md"
    path.write_text(path.read_text().replace("###", "##", 1))
    assert run(repo, "validate") == 2
    assert "PTO Coverage.md: stale: regenerate with `sa-triage templates`" in capsys.readouterr().out
    assert run(repo, "templates") == 0
    assert run(repo, "validate") == 0


def test_bad_schedule_names_file_and_key(repo, capsys):
    (repo / "schedules" / "bad.yml").write_text("description: x\ncron: '61 * *'\ncron_timezone: UTC\n")
    assert run(repo, "validate") == 2
    assert "bad.yml: cron: not a five-field cron expression: '61 * *'" in capsys.readouterr().err


def test_unknown_key_warns_but_validates(repo, capsys):
    cfg = repo / "sa-triage.yml"
    cfg.write_text(cfg.read_text().replace("board:\n", "bord: {}\nboard:\n", 1))
    assert run(repo, "validate") == 0
    assert "warning: " in (out := capsys.readouterr().out) and "bord: unknown key (ignored)" in out
