"""The `sources:` config section: errors with key paths, warnings, and reading every source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import responses
import yaml
from sources_factories import ID18, export_row, write_csv

from bots.errors import ConfigError, ConfigErrors, Problem, SourceUnavailable
from bots.sources.config import (
    FileSource,
    SalesforceSource,
    SourcesConfig,
    parse_sources,
    read_all,
)
from bots.sources.exports import sample_path
from bots.sources.fields import DEFAULT_EXPORT_MAPPING, DEFAULT_SALESFORCE_MAPPING
from bots.sources.request import Stage

EXAMPLE = """
sources:
  - kind: csv            # or jsonl, salesforce
    path: bots/data/sample_requests.csv   # relative to the config file's folder
    columns: {opportunity_id: "Opportunity ID"}   # overrides of default mapping, optional
  - kind: salesforce
    username_env: SF_USERNAME
    password_env: SF_PASSWORD
    token_env: SF_SECURITY_TOKEN
    domain: login
    fields: {fast_track: "SA_Fast_Track__c"}
    where: "SA_Request_Status__c != null"
"""


def parse(text: str) -> SourcesConfig:
    return parse_sources(yaml.safe_load(text), "sa-triage.yml")


def test_the_documented_example_parses() -> None:
    config = parse(EXAMPLE)
    csv_source, sf_source = config.sources
    assert csv_source == FileSource(
        "sources[0]", "csv", "bots/data/sample_requests.csv", DEFAULT_EXPORT_MAPPING
    )
    assert isinstance(sf_source, SalesforceSource)
    assert (sf_source.username_env, sf_source.password_env, sf_source.token_env) == (
        "SF_USERNAME", "SF_PASSWORD", "SF_SECURITY_TOKEN"
    )  # fmt: skip
    assert sf_source.mapping.column("fast_track") == "SA_Fast_Track__c"
    assert sf_source.mapping.column("why_now") == DEFAULT_SALESFORCE_MAPPING.column("why_now")
    assert sf_source.where == "SA_Request_Status__c != null"
    assert sf_source.version == "59.0" and sf_source.domain == "login"
    assert config.warnings == ()


def test_the_bare_list_is_accepted_too() -> None:
    config = parse_sources([{"kind": "jsonl", "path": "x.jsonl"}], "f.yml")
    assert config.sources == (FileSource("sources[0]", "jsonl", "x.jsonl"),)


def test_unknown_keys_are_errors_all_at_once_with_a_suggestion() -> None:
    with pytest.raises(ConfigErrors) as e:
        parse(
            "sources:\n  - {kind: csv, path: a.csv, colums: {}}\n"
            "  - {kind: salesforce, instance_url_env: U, session_id_env: T, version: 60.0, tag: x}\n"
            "  - {kind: csv, path: b.csv, timezone: Mars/Olympus}\n"
        )
    assert [str(x) for x in e.value.errors] == [
        "sa-triage.yml: sources[0].colums: unknown key (did you mean 'columns'?)",
        "sa-triage.yml: sources[1].tag: unknown key (expected one of: access_token_env, domain, fields, "
        "instance_url_env, kind, password_env, session_id_env, token_env, username_env, version, where)",
        "sa-triage.yml: sources[2].timezone: unknown time zone 'Mars/Olympus' (e.g. 'Europe/Berlin')",
    ]


def test_keys_starting_with_x_dash_are_ignored_and_a_source_takes_a_timezone() -> None:
    config = parse(
        "sources:\n  - {kind: csv, path: a.csv, timezone: Europe/Berlin, x-note: exported by Ops}\n"
        "  - {kind: salesforce, instance_url_env: U, session_id_env: T, version: 60.0}\n"
    )
    assert config.sources[0] == FileSource("sources[0]", "csv", "a.csv", timezone="Europe/Berlin")
    sf_source = config.sources[1]
    assert isinstance(sf_source, SalesforceSource)
    assert sf_source.access_token_env == "T" and sf_source.version == "60.0"


@pytest.mark.parametrize(
    ("text", "key_path", "problem"),
    [
        ("other: 1", "sources", "missing (a list of csv, jsonl or salesforce sources)"),
        ("sources: []", "sources", "expected a non-empty list of sources"),
        ("sources: {kind: csv}", "sources", "expected a non-empty list of sources"),
        ("sources: [csv]", "sources[0]", "expected a mapping with a 'kind'"),
        ("sources: [{path: a.csv}]", "sources[0].kind",
         "missing (expected csv, jsonl or salesforce)"),
        ("sources: [{kind: csv, path: a.csv}, {kind: xls}]", "sources[1].kind",
         "unknown source kind 'xls' (expected csv, jsonl or salesforce)"),
        ("sources: [{kind: csv}]", "sources[0].path",
         "missing (the export file, relative to this config)"),
        ("sources: [{kind: csv, path: 3}]", "sources[0].path", "expected a non-empty string"),
        ("sources: [{kind: csv, path: a.csv, delimiter: ';;'}]", "sources[0].delimiter",
         "';;' is not one character like ';'"),
        ("sources: [{kind: csv, path: a.csv, columns: [x]}]", "sources[0].columns",
         "expected a mapping of field name to column"),
        ("sources: [{kind: csv, path: a.csv, columns: {close_date: null}}]",
         "sources[0].columns.close_date", "a required field cannot be left unmapped"),
        ("sources: [{kind: csv, path: a.csv, columns: {why_now: 7}}]",
         "sources[0].columns.why_now", "expected a column name (or null for none)"),
        ("sources: [{kind: salesforce, username_env: U, password_env: P}]", "sources[0]",
         "set either username_env, password_env and token_env, "
         "or instance_url_env and access_token_env"),
        ("sources: [{kind: salesforce, username_env: U, password_env: P, token_env: T,"
         " instance_url_env: I, access_token_env: A}]", "sources[0]",
         "set either username_env, password_env and token_env, "
         "or instance_url_env and access_token_env"),
        ("sources: [{kind: salesforce, instance_url_env: I, access_token_env: A,"
         " session_id_env: S}]", "sources[0].session_id_env",
         "set access_token_env or session_id_env"),
        ("sources: [{kind: salesforce, instance_url_env: I, access_token_env: A, version: v59}]",
         "sources[0].version", "expected a Salesforce API version like '59.0'"),
        ("sources: [{kind: salesforce, instance_url_env: I, access_token_env: A,"
         " domain: 'https://x'}]", "sources[0].domain",
         "'https://x' is not a domain like 'login' or 'acme.my'"),
        ("sources: [{kind: salesforce, instance_url_env: I, access_token_env: A,"
         " fields: {region: 'Region__c; DELETE'}}]", "sources[0].fields.region",
         "'Region__c; DELETE' is not a Salesforce field API name"),
    ],
)  # fmt: skip
def test_config_errors_name_file_and_key_path(text: str, key_path: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse(text)
    assert (error.value.file, error.value.key_path, error.value.problem) == (
        "sa-triage.yml", key_path, problem
    )  # fmt: skip
    assert str(error.value) == f"sa-triage.yml: {key_path}: {problem}"


def test_unknown_mapped_field_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as error:
        parse("sources: [{kind: csv, path: a.csv, columns: {opportunity_idd: X}}]")
    assert error.value.key_path == "sources[0].columns.opportunity_idd"
    assert error.value.problem.startswith("unknown field 'opportunity_idd' (expected one of ")
    assert "opportunity_id, opportunity_url" in error.value.problem


def test_a_pasted_secret_is_never_echoed() -> None:
    with pytest.raises(ConfigError) as error:
        parse("sources: [{kind: salesforce, username_env: U, password_env: 'hunter2!pw',"
              " token_env: T}]")  # fmt: skip
    assert error.value.key_path == "sources[0].password_env"
    assert "hunter2" not in str(error.value)


# --- read_all -----------------------------------------------------------------------------------


def test_read_all_merges_sources_relative_to_the_config_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sample_path(), data / "sample_requests.csv")
    shutil.copy(sample_path("sample_requests.jsonl"), data / "sample_requests.jsonl")
    config = parse(
        "sources:\n  - {kind: csv, path: data/sample_requests.csv, timezone: UTC}\n"
        "  - {kind: jsonl, path: data/sample_requests.jsonl}\n"
    )
    result = read_all(config, tmp_path, env={})
    assert len(result.requests) == 38 + 5
    assert [p.place for p in result.problems] == [
        "sample_requests.csv row 8",
        "sample_requests.csv row 14",
        "sample_requests.csv row 28",
        "sample_requests.csv row 32",
    ]


def test_a_request_in_two_sources_the_later_source_wins(tmp_path: Path) -> None:
    write_csv(tmp_path, [export_row(stage="2-Scoping")], name="old.csv")
    write_csv(tmp_path, [export_row(opportunity_id=ID18[:15], stage="4-Proposal")], name="new.csv")
    config = parse("sources: [{kind: csv, path: old.csv}, {kind: csv, path: new.csv}]")
    result = read_all(config, tmp_path, env={})
    assert [r.stage for r in result.requests] == [Stage.PROPOSAL]
    assert result.problems == (
        Problem("sources[1]", f"opportunity_id: duplicate of sources[0] ({ID18}); the later one wins"),
    )


def test_a_missing_export_stops_the_run(tmp_path: Path) -> None:
    config = parse("sources: [{kind: csv, path: missing.csv}]")
    with pytest.raises(SourceUnavailable, match=r"missing\.csv: file not found") as error:
        read_all(config, tmp_path, env={}, file="team.yml")
    assert (error.value.file, error.value.key_path) == ("team.yml", "sources[0].path")


def test_an_unreadable_export_names_its_key_too(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    config = parse("sources: [{kind: csv, path: empty.csv}]")
    with pytest.raises(SourceUnavailable, match=r"empty\.csv: no header row") as error:
        read_all(config, tmp_path, env={})
    assert error.value.key_path == "sources[0].path"


def test_a_salesforce_org_that_refuses_the_query_is_an_unavailable_source(tmp_path: Path) -> None:
    config = parse("sources: [{kind: csv, path: x.csv}, "
                   "{kind: salesforce, instance_url_env: SF_URL, access_token_env: SF_AT}]")
    write_csv(tmp_path, [export_row()], name="x.csv")
    host = "acme-demo.my.salesforce.com"
    with responses.RequestsMock() as mock:
        mock.get(f"https://{host}/services/data/v59.0/query/", status=401,
                 json=[{"errorCode": "INVALID_SESSION_ID", "message": "Session expired"}])
        with pytest.raises(SourceUnavailable, match="INVALID_SESSION_ID") as error:
            read_all(config, tmp_path, env={"SF_URL": f"https://{host}", "SF_AT": "t"})
    assert error.value.key_path == "sources[1]"


def test_read_all_reads_salesforce_with_credentials_from_env(tmp_path: Path) -> None:
    config = parse("sources: [{kind: salesforce, instance_url_env: SF_URL, access_token_env: SF_AT}]")
    host = "acme-demo.my.salesforce.com"
    with responses.RequestsMock() as mock:
        mock.get(f"https://{host}/services/data/v59.0/query/",
                 json={"totalSize": 0, "done": True, "records": []})  # fmt: skip
        result = read_all(config, tmp_path, env={"SF_URL": f"https://{host}", "SF_AT": "t"})
        assert len(mock.calls) == 1
    assert result.requests == () and result.problems == ()
