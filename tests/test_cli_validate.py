"""`sa-triage validate` and `templates`: offline checks of what an ops person edits, every problem at once."""

import socket

import pytest

from bots.cli import main
from tests.factories import copy_repo

MINIMAL = """\
gitlab: {project: acme/sa-triage}
regions:
  AMER: {timezone: America/Chicago, holidays: {countries: [US]}, team: acme-sa-amer}
  EMEA: {timezone: Europe/Berlin, holidays: {countries: [DE]}, team: acme-sa-emea}
roster:
  - {username: kim, role: sa, region: AMER}
  - {username: ida, role: sa, region: EMEA}
sources:
  - {kind: csv, path: bots/data/sample_requests.csv, timezone: UTC}
labels:
  - {name: "triage::new", color: "#123456"}
"""


@pytest.fixture
def repo(tmp_path):
    return copy_repo(tmp_path)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """validate reads no network: any connection attempt fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"validate opened a connection: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def run(repo, *args):
    with pytest.raises(SystemExit) as e:
        main(["--config", str(repo / "sa-triage.yml"), *args])
    return e.value.code


def errors(out):
    return [line.removeprefix("error: ") for line in out.splitlines() if line.startswith("error: ")]


def test_shipped_files_validate(repo, capsys):
    assert run(repo, "validate") == 0
    out = capsys.readouterr().out
    assert "ok: templates/issue_templates/" in out and "ok: schedules/ (7 schedules, every bot on one)" in out


def test_stale_template_is_reported_and_templates_repairs_it(repo, capsys):
    path = repo / "templates/issue_templates/PTO Coverage.md"
    path.write_text(path.read_text().replace("###", "##", 1))
    assert run(repo, "validate") == 2
    assert "PTO Coverage.md: stale: regenerate with `sa-triage templates`" in capsys.readouterr().out
    assert run(repo, "templates") == 0
    assert run(repo, "validate") == 0


def test_every_problem_comes_in_one_report_with_file_key_value_and_what_is_expected(repo, capsys):
    cfg = repo / "sa-triage.yml"
    text = cfg.read_text().replace("    business_hours: {open", "    buisness_hours: {open", 1)  # AMER
    text = text.replace("path: bots/data/sample_requests.csv", "path: exports/missing.csv")
    text = text.replace('color: "#FFCC00"', 'color: "yellow"')
    text = text.replace("role: ae, region: EMEA, email: sofia", "role: ae, region: APAC, email: sofia")
    text = text.replace("  triage: {business_days: 1,", "  triage: {buisness_days: 1,")
    cfg.write_text(text.replace("board:\n", "bord: {}\nboard:\n", 1))
    schedules = repo / "schedules"
    (schedules / "slo.yml").write_text((schedules / "slo.yml").read_text()
                                       .replace('"5 * * * 1-5"', '"61 * * * 8"')
                                       .replace('"slo"', '"slo digets"'))
    (schedules / "suggest.yml").unlink()
    assert run(repo, "validate") == 2
    found = errors(capsys.readouterr().out)
    s = str(cfg)
    assert found == [
        f"{s}: regions.AMER.buisness_hours: unknown key (did you mean 'business_hours'?)",
        f"{s}: bord: unknown key (did you mean 'board'?)",  # in the order of the file
        f"{s}: labels[22].color: expected a colour like '#1F75CB', got 'yellow'",
        f"{s}: roster[14].region: unknown region 'APAC' (declared: AMER, EMEA)",
        f"{s}: slo.triage.buisness_days: unknown key (did you mean 'business_days'?)",
        f"{s}: sources[0].path: exports/missing.csv: file not found (looked in {repo})",
        f"{schedules}/slo.yml: cron: not a valid cron expression: '61 * * * 8' ([61 * * * 8] is not "
        "acceptable, out of range; expected five fields: minute (0-59) hour (0-23) day of month (1-31) "
        "month (1-12) weekday (0-7))",
        f"{schedules}/slo.yml: variables.SA_TRIAGE_BOTS: unknown bot 'digets' (did you mean 'digest'? "
        "known: mirror, forms, handoff, slo, suggest, digest, meetings)",
        f"{schedules}: bot 'suggest' runs on no schedule: add schedules/suggest.yml with "
        "SA_TRIAGE_BOTS: 'suggest', or name it in another schedule's SA_TRIAGE_BOTS",
    ]


def test_every_bad_value_is_printed_with_its_key_path_even_several_in_one_section(repo, capsys):
    cfg = repo / "sa-triage.yml"
    text = cfg.read_text().replace("  fast_track_hours: 24", "  fast_track_hours: 0\n  missing_runs: 0")
    text = text.replace("triage: {business_days: 1, escalate_after_business_days: 1}",
                        "triage: {business_days: 0, escalate_after_business_days: 0}")
    text = text.replace("  tier: free ", "  tier: gold ").replace("  lead_days: 14 ", "  lead_days: 99 ")
    cfg.write_text(text)
    assert run(repo, "validate") == 2
    s = str(cfg)
    assert errors(capsys.readouterr().out) == [
        f"{s}: gitlab.tier: expected 'free' or 'premium', got 'gold'",
        f"{s}: mirror.fast_track_hours: must be positive, got 0",
        f"{s}: mirror.missing_runs: must be positive, got 0",
        f"{s}: slo.triage.business_days: must be at least 1, got 0",
        f"{s}: slo.triage.escalate_after_business_days: must be at least 1, got 0",
        f"{s}: meetings.lead_days: expected 1 to 60, got 99",
    ]


def test_a_misspelt_key_stops_run_too_so_no_default_stands_in_silently(repo, capsys):
    cfg = repo / "sa-triage.yml"
    cfg.write_text(cfg.read_text().replace("    business_hours: {open", "    buisness_hours: {open", 1))
    assert run(repo, "run", "--dry-run") == 2  # before any request: the config is refused
    err = capsys.readouterr().err
    assert "regions.AMER.buisness_hours: unknown key (did you mean 'business_hours'?)" in err


def test_keys_starting_with_x_dash_are_ignored_everywhere(repo, capsys):
    cfg = repo / "sa-triage.yml"
    text = cfg.read_text().replace("board:\n", "x-defaults: &hours {open: '09:00'}\nboard:\n", 1)
    cfg.write_text(text.replace("  fast_track_hours: 24", "  fast_track_hours: 24\n  x-note: see wiki"))
    assert run(repo, "validate") == 0, capsys.readouterr().out


def test_a_minimal_config_of_a_dozen_lines_validates_with_the_built_in_labels(repo, capsys):
    (repo / "sa-triage.yml").write_text(MINIMAL)
    assert len(MINIMAL.splitlines()) <= 12
    assert run(repo, "validate") == 0, capsys.readouterr().out
    from bots.jobs import load_config

    cfg = load_config(repo / "sa-triage.yml")
    labels = {label.name: label for label in cfg.labels}
    assert {"triage::engaged", "region::AMER", "region::EMEA", "sa-digest", "needs-info",
            "form::ephemeral-slack-channel", "slack-channel::awaiting-approval",
            "slo::triage-breached"} <= set(labels)
    # an entry restyles a built-in label: its colour changes, its description stays
    assert labels["triage::new"].color == "#123456"
    assert labels["triage::new"].description.startswith("New SA request")
    assert cfg.board.lists == ("triage::new", "triage::in-review", "triage::assigned", "triage::engaged")


def test_an_export_with_local_times_needs_a_timezone(repo, capsys):
    cfg = repo / "sa-triage.yml"
    cfg.write_text(cfg.read_text().replace("    timezone: UTC\n", ""))
    assert run(repo, "validate") == 2
    assert errors(capsys.readouterr().out) == [
        f"{cfg}: sources[0].timezone: required: bots/data/sample_requests.csv has times without an offset "
        "(sample_requests.csv row 5: requested_at: '11/06/2026 10:15 AM'); set the exporting user's "
        "zone, e.g. timezone: America/New_York"]


def test_sa_triage_bots_in_the_environment_is_checked(repo, capsys, monkeypatch):
    monkeypatch.setenv("SA_TRIAGE_BOTS", "slo digets")
    assert run(repo, "validate") == 2
    assert errors(capsys.readouterr().out) == [
        "SA_TRIAGE_BOTS: unknown bot(s) digets (known: mirror, forms, handoff, slo, suggest, digest, "
        "meetings)"]
