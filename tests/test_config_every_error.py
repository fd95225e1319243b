"""Every bad value of sa-triage.yml in one report: a bad value stops no other key's reading (its
default stands in), each problem names its key path, in the order of the file, and a value that
fails causes no second, derived error elsewhere."""

from __future__ import annotations

import pytest

from bots.errors import ConfigError, ConfigErrors
from bots.jobs import parse_config
from tests.factories import ROOT

SHIPPED = (ROOT / "sa-triage.yml").read_text()


def problems(*changes: tuple[str, str]) -> list[tuple[str, str]]:
    """(key path, problem) of each error the shipped file reports with `changes` made to it."""
    text = SHIPPED
    for old, new in changes:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    with pytest.raises(ConfigError) as e:
        parse_config(text, "sa-triage.yml", ROOT)
    return [(x.key_path, x.problem) for x in ConfigErrors.of(e.value)]


def test_the_shipped_file_reads_without_a_problem():
    parse_config(SHIPPED, "sa-triage.yml", ROOT)


def test_the_gitlab_section_reports_each_bad_value():
    assert problems(("  default_branch: main", "  default_branch: 5"), ("  tier: free", "  tier: gold")) == [
        ("gitlab.default_branch", "expected a string, got int 5"),
        ("gitlab.tier", "expected 'free' or 'premium', got 'gold'"),
    ]


def test_a_region_reports_its_calendar_and_its_people_each_at_its_key_path():
    assert problems(
        ("timezone: America/New_York", "timezone: America/Nowhere"),
        ('business_hours: {open: "09:00"', 'business_hours: {open: "19:00"'),
        ("team: commercial-sa-amer", "team: 'sa team'"),
        ("managers: [maria.garcia]", "managers: ['maria garcia', 'x y']"),
        ("managers: [anna.schmidt]", "managers: ['anna schmidt']"),
    ) == [
        ("regions.AMER.timezone", "unknown time zone 'America/Nowhere'"),
        ("regions.AMER.business_hours", "must open before closing, got 19:00-17:00"),
        ("regions.AMER.team", "not a GitLab username or group path: 'sa team'"),
        ("regions.AMER.managers[0]", "not a GitLab username or group path: 'maria garcia'"),
        ("regions.AMER.managers[1]", "not a GitLab username or group path: 'x y'"),
        ("regions.EMEA.managers[0]", "not a GitLab username or group path: 'anna schmidt'"),
    ]


def test_each_undeclared_board_list_and_no_echo_of_a_label_whose_colour_is_bad():
    found = problems(('lists: ["triage::new", "triage::in-review"',
                      'lists: ["triage::nw", "triage::in-reviw"'),
                     ('"triage::assigned", color: "#009966"', '"triage::assigned", color: "green"'))
    assert found == [
        ("board.lists[0]", "label 'triage::nw' is not declared under labels"),
        ("board.lists[1]", "label 'triage::in-reviw' is not declared under labels"),
        # board.lists[2] names it: the entry is still declared, so the board reports nothing of it
        ("labels[2].color", "expected a colour like '#1F75CB', got 'green'"),
    ]


def test_a_person_reports_each_bad_value_and_a_bad_entry_stops_no_other():
    found = problems(("- {username: maria.garcia, name: Maria Garcia, role: manager, region: AMER}",
                      "- kim\n  - {username: maria.garcia, name: Maria Garcia, role: boss, region: APAC, "
                      "capacity: -1}"))
    assert found == [
        ("roster[0]", "expected a mapping, got str 'kim'"),
        ("roster[1].role", "unknown role 'boss' (expected one of sa, manager, ae, asm, demo-architect)"),
        ("roster[1].region", "unknown region 'APAC' (declared: AMER, EMEA)"),
        ("roster[1].capacity", "must not be negative, got -1"),
    ]


def test_a_source_reports_each_bad_value_and_no_credential_error_for_a_bad_name():
    found = problems(("  - kind: csv\n    path: bots/data/sample_requests.csv\n",
                      "  - {kind: salesforce, username_env: 'pasted secret', password_env: P, token_env: T,"
                      " version: x}\n  - kind: csv\n    delimiter: ';;'\n    columns: {nope: x, title: 5}\n"
                      "    path: bots/data/sample_requests.csv\n"))
    expected = "(expected one of opportunity_id,"
    assert [(key, problem.split(expected)[0]) for key, problem in found] == [
        # no "set either username_env, password_env and token_env, ...": the name is bad, not missing
        ("sources[0].username_env", "expected the NAME of an environment variable"),
        ("sources[0].version", "expected a Salesforce API version like '59.0'"),
        ("sources[1].delimiter", "';;' is not one character like ';'"),
        ("sources[1].columns.nope", "unknown field 'nope' "),
        ("sources[1].columns.title", "unknown field 'title' "),
    ]
