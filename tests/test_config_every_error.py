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


def test_two_bad_values_in_the_mirror_section_are_both_reported():
    found = problems(("  fast_track_hours: 24", "  fast_track_hours: 0\n  missing_runs: 0"),
                     ("  on_closed: close", "  on_closed: delete"))
    assert found == [
        ("mirror.fast_track_hours", "must be positive, got 0"),
        ("mirror.missing_runs", "must be positive, got 0"),
        ("mirror.on_closed", "expected 'close' or 'keep', got 'delete'"),  # file order, not the reader's
    ]


def test_a_bad_priority_threshold_is_not_echoed_by_the_check_against_it():
    text = "\npriority: {priority_1_at: high, priority_2_at: 9, meeting_points: x}\n"
    with pytest.raises(ConfigError) as e:
        parse_config(SHIPPED + text, "sa-triage.yml", ROOT)
    # priority_2_at: 9 is no error of its own: the default (5) standing in for 'high' is not the file's
    assert [(x.key_path, x.problem) for x in ConfigErrors.of(e.value)] == [
        ("priority.priority_1_at", "expected an integer, got str 'high'"),
        ("priority.meeting_points", "expected an integer, got str 'x'"),
    ]
    with pytest.raises(ConfigError, match=r"priority\.priority_2_at: must not exceed priority_1_at"):
        parse_config(SHIPPED + "\npriority: {priority_1_at: 4, priority_2_at: 9}\n", "sa-triage.yml", ROOT)


def test_one_bad_value_in_each_of_two_sections_is_reported():
    assert problems(("  label: async-slack", "  label: ' '"), ("  lead_days: 14", "  lead_days: 99")) == [
        ("async_slack.label", "must not be blank"),
        ("meetings.lead_days", "expected 1 to 60, got 99"),
    ]


def test_every_bots_section_reports_each_of_its_bad_values():
    text = SHIPPED + """
suggestions: {top: 0, roles: [sa, ae, boss], away_horizon_days: 99}
digest: {mode: daily, hour: 24, regions: [APAC], label: ' '}
handoff: {remind_after_business_days: 0, roles: [ae]}
"""
    for old, new in (('{AMER: "#cs-commercial-amer-support"', '{AMER: "cs amer", APAC: "#x"'),
                     ("types: [discovery, demo,", "types: [disco, demo, party,"),
                     ("  on_holiday: move ", "  on_holiday: stay "),
                     ("global: {region: EMEA,", "global: {region: APAC,"),
                     ('time: "12:00", minutes: 50', 'time: "25:00", minutes: 500'),
                     ("EMEA, weekday: tuesday", "EMEA, weekday: friday")):
        assert old in text, old
        text = text.replace(old, new, 1)
    with pytest.raises(ConfigError) as e:
        parse_config(text, "sa-triage.yml", ROOT)
    found = [(x.key_path, x.problem.split(" (")[0]) for x in ConfigErrors.of(e.value)]
    assert found == [
        ("async_slack.channels.AMER",
         "expected a Slack channel like '#cs-commercial-amer-support', got 'cs amer'"),
        ("async_slack.channels.APAC", "no region 'APAC' under regions:"),
        ("async_slack.engaged_meeting_types[0]", "expected a meeting type"),
        ("async_slack.engaged_meeting_types[2]", "expected a meeting type"),
        ("meetings.on_holiday", "expected one of move, skip, got 'stay'"),
        ("meetings.meetings.global.region", "unknown region 'APAC'"),
        ("meetings.meetings.amer-team.time", """expected a quoted 24-hour time like "16:00", got '25:00'"""),
        ("meetings.meetings.amer-team.minutes", "expected 5 to 240, got 500"),
        ("meetings.meetings.manager-sync.anchor", "2026-01-06 is a tuesday, not a friday"),
        ("suggestions.top", "expected 1 to 10 candidates"),
        ("suggestions.roles[1]", "expected one of sa, manager, demo-architect, got 'ae'"),
        ("suggestions.roles[2]", "expected one of sa, manager, demo-architect, got 'boss'"),
        ("suggestions.away_horizon_days", "expected 0 to 60 days"),
        ("digest.mode", "expected one of weekly-issue, pinned-issue, got 'daily'"),
        ("digest.hour", "expected 0 to 23, got 24"),
        ("digest.regions[0]", "unknown region 'APAC'"),
        ("digest.label", "must not be blank"),
        ("handoff.remind_after_business_days", "expected 1 to 30 business days"),
        ("handoff.roles[0]", "expected one of sa, manager, demo-architect, got 'ae'"),
    ]


def test_a_bad_weekday_is_not_echoed_by_the_anchor_checked_against_it():
    # the default weekday (tuesday) standing in is not the file's: its Monday anchor is no error
    found = problems(("manager-sync: {region: EMEA, weekday: tuesday, anchor: 2026-01-06",
                      "manager-sync: {region: EMEA, weekday: someday, anchor: 2026-01-05"))
    assert found == [("meetings.meetings.manager-sync.weekday",
                      "expected a weekday name like 'monday', got 'someday'")]


def test_two_bad_values_in_one_slo_rule_are_both_reported():
    assert problems(("triage: {business_days: 1, escalate_after_business_days: 1}",
                     "triage: {business_days: 0, escalate_after_business_days: 0}")) == [
        ("slo.triage.business_days", "must be at least 1, got 0"),
        ("slo.triage.escalate_after_business_days", "must be at least 1, got 0"),
    ]


def test_every_slo_rule_reports_each_of_its_bad_values():
    found = problems(
        ("  business_hours_only: true", "  business_hours_only: maybe"),
        ("days_before_close: {first-order: 15, named: 30,", "days_before_close: {first-order: x, named: -1,"),
        ("complete_after_stage: 3 ", "complete_after_stage: 9 "),
        ("skip_labels: [direct-assignment], done_labels: [second-review-done]",
         "skip_labels: [nope], done_labels: [nix]"),
        ("judgment: {regions: [EMEA], net_arr_above: 50000, min_stage: 3",
         "judgment: {regions: [APAC, EMEA, LATAM], net_arr_above: lots, min_stage: 8"),
        ('follow_up: {business_days: 1, heading: "Follow-up"', 'follow_up: {business_days: 0, heading: " "'),
        ('stages: ["5-Negotiating", "6-Awaiting Signature"]', 'stages: [Signed, "5-Negotiating", Nope]'),
        ('slack_channel: {label: "form::ephemeral-slack-channel"', 'slack_channel: {label: "form::nope"'),
    )
    assert found == [
        ("slo.business_hours_only", "expected true or false, got str 'maybe'"),
        ("slo.tech_eval.days_before_close.first-order", "expected an integer, got str 'x'"),
        ("slo.tech_eval.days_before_close.named", "must be at least 0, got -1"),
        ("slo.tech_eval.complete_after_stage", "expected a stage number from 1 to 7"),
        ("slo.second_review.skip_labels[0]", "label 'nope' is not declared under labels"),
        ("slo.second_review.done_labels[0]", "label 'nix' is not declared under labels"),
        ("slo.judgment.regions[0]", "unknown region 'APAC'"),
        ("slo.judgment.regions[2]", "unknown region 'LATAM'"),
        ("slo.judgment.net_arr_above", "expected a number, got str 'lots'"),
        ("slo.judgment.min_stage", "expected a stage number from 0 to 7"),
        ("slo.follow_up.business_days", "must be at least 1, got 0"),
        ("slo.follow_up.heading", "must not be empty"),
        ("slo.csm_transition.stages[0]", "unknown stage 'Signed'"),
        ("slo.csm_transition.stages[2]", "unknown stage 'Nope'"),
        ("slo.slack_channel.label", "label 'form::nope' is not declared under labels"),
    ]


def test_a_bad_number_of_days_is_not_echoed_by_the_check_against_it():
    # overdue_days' default (90) standing in for 0 is not the file's: heads_up_days: 95 is no error
    assert problems(("heads_up_days: 80, overdue_days: 90", "heads_up_days: 95, overdue_days: 0"),
                    ("deadline_business_days: 1, remind_business_days: 2",
                     "deadline_business_days: -5, remind_business_days: 0")) == [
        ("slo.meeting_prep.deadline_business_days", "must be at least 0, got -5"),
        ("slo.slack_channel.overdue_days", "must be at least 1, got 0"),
    ]
    assert problems(("heads_up_days: 80, overdue_days: 90", "heads_up_days: 95, overdue_days: 90")) == [
        ("slo.slack_channel.heads_up_days", "must be less than overdue_days")]


def test_every_entry_of_a_list_that_is_not_a_string_is_reported_at_its_index():
    assert problems(("skills: [ci-cd, kubernetes, aws, github-migration]", "skills: [ci-cd, 5, aws, [x]]")
                    ) == [("roster[4].skills[1]", "expected a string, got int 5"),
                          ("roster[4].skills[3]", "expected a string, got list ['x']")]


def test_every_bad_country_and_day_off_of_a_calendar_is_reported():
    days_off = "timezone: America/New_York\n    extra_days_off: ['2026-13-01', x]"  # before holidays
    found = problems(("holidays: {countries: [US]}", "holidays: {countries: [XX, US, US], mode: some}"),
                     ("timezone: America/New_York", days_off))
    at = "regions.AMER."
    assert [k for k, _ in found] == [f"{at}extra_days_off[0]", f"{at}extra_days_off[1]",
                                     f"{at}holidays.countries[0]", f"{at}holidays.countries[2]",
                                     f"{at}holidays.mode"], found
    assert "unknown country code 'XX'" in found[2][1] and "listed twice" in found[3][1]


def test_a_date_yaml_cannot_read_is_an_error_at_its_line_not_a_crash():
    days_off = "timezone: America/New_York\n    extra_days_off: [2026-13-01]"  # unquoted: YAML's date
    ((where, problem),) = problems(("timezone: America/New_York", days_off))
    line = next(n for n, x in enumerate(SHIPPED.splitlines(), 1) if "timezone: America/New_York" in x) + 1
    assert where == "" and problem.startswith(f"invalid YAML at line {line}, column ")
    assert problem.endswith("'2026-13-01' is not a date or time (month must be in 1..12)")
