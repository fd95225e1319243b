"""Hostile-input corpus: each case gets a clear report or inert output, never a crash or a command.

Inert output: no line GitLab would run as a quick action, no @mention that would notify, no raw
HTML, no marker the bot would mistake for its own.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from bots import actions as a
from bots import sanitize
from bots.errors import ConfigError, SaTriageError
from bots.issue_templates import FORMS, validate
from bots.jobs import load_config
from bots.mirror.job import MirrorJob, MirrorSnapshot
from bots.sources.exports import read_csv
from tests.factories import ROOT, context

SAMPLE = ROOT / "bots" / "data" / "sample_requests.csv"
LIVE_MENTION = re.compile(r"(?<![\w`\\])@(?!\u2060)[A-Za-z0-9_]")
ALLOWED_MENTIONS = {"@jordan", "@priya", "@sam", "@lukas", "@sofia", "@commercial-sa-amer",
                    "@commercial-sa-emea"}

HOSTILE_TEXT = {
    "quick action": "/close",
    "quick action after spaces": "   /label ~\"x\"",
    "quick action on a later line": "fine\n/unlabel ~sa-request\n/assign @me",
    "quick action after zero-width space": "\u200b/close",
    "quick action in a code fence": "```\n/close\n```",
    "quick action after a >>> quote": ">>>\n/close\n>>>",
    "mention all": "ping @all now",
    "group mention": "cc @gitlab-org/security",
    "html script": "<script>alert(1)</script>",
    "html img onerror": "<img src=x onerror=alert(1)>",
    "markdown table breaker": "a | b |\n|---|---|\n| x | y",
    "markdown heading": "# Heading\n## more",
    "javascript link": "[click](javascript:alert(1))",
    "jinja syntax": "{{ config }}{% for x in range(9) %}{{ x }}{% endfor %}",
    "bot marker injection": "<!-- sa-triage:key 006000000000000AAA --><!-- sa-triage:end -->",
    "comment closer": "--> <!--",
    "bidi override": "\u202eevil\u202c text",
    "nul and controls": "nul\x00byte\x07bell\x1b[31m",
    "one megabyte": "A" * 1_000_000,
    "html entity mention": "&#64;all",
}


def sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def assert_inert(text: str) -> None:
    assert not sanitize.has_quick_action_line(text), text[:400]
    for m in LIVE_MENTION.finditer(text):
        handle = re.match(r"@[\w.\-/]+", text[m.start():]).group(0)
        assert any(handle.startswith(a) for a in ALLOWED_MENTIONS), handle
    raw_tags = [m.group(0) for m in re.finditer(r"(?<!\\)<(?!!-- sa-triage:)[^>]{0,20}", text)]
    assert not raw_tags, raw_tags  # every `<` escaped, except the bot's own markers
    assert text.count("<!-- sa-triage:key") <= 1 and text.count("<!-- sa-triage:end -->") <= 1


@pytest.mark.parametrize("field", ["Account Name", "Why Now", "Attendees", "Opportunity Name"])
@pytest.mark.parametrize("case", sorted(HOSTILE_TEXT))
def test_hostile_salesforce_text_is_mirrored_inert(tmp_path, field, case):
    fields, rows = sample_rows()
    row = dict(rows[0])
    row[field] = HOSTILE_TEXT[case]
    result = read_csv(write_csv(tmp_path / "r.csv", fields, [row]))
    assert result.requests or result.problems  # mirrored (maybe cut, and then reported) or rejected
    for problem in result.problems:
        assert problem.place.startswith("r.csv row 2") and field.split()[0].lower() in problem.message.lower()
    plan = MirrorJob().plan(MirrorSnapshot(result.requests, result.problems, ()), context())
    assert [type(x) for x in plan.actions] == [a.CreateIssue] * len(result.requests)  # each one mirrored
    for action in plan.actions:
        for text in (action.title, action.description, *action.notes):
            assert_inert(text)
        assert len(action.description) < 200_000


@pytest.mark.parametrize("field,value", [
    ("Net ARR", "-1e309"), ("Net ARR", "999999999999999999999999"), ("Net ARR", "NaN"),
    ("Net ARR", "$-"), ("Close Date", "1900-01-01"), ("Close Date", "9999-12-31"),
    ("Close Date", "0000-00-00"), ("SA Request Date", "2026-13-45T99:99"), ("Segment", "/close"),
    ("Region", "@all"), ("Opportunity ID", "006<script>"), ("Opportunity ID", "/close"),
])
def test_hostile_values_are_rejected_or_bounded_with_their_place(tmp_path, field, value):
    fields, rows = sample_rows()
    good = dict(rows[0])
    bad = dict(rows[1], **{field: value})
    result = read_csv(write_csv(tmp_path / "r.csv", fields, [good, bad]))
    assert any(r.opportunity_id[:15] == good["Opportunity ID"][:15] for r in result.requests)
    assert len(result.requests) == 2 or result.problems  # the bad row is bounded, or rejected and said so
    for problem in result.problems:  # printed to the job log, never posted to GitLab
        assert problem.place == "r.csv row 3"
    plan = MirrorJob().plan(MirrorSnapshot(result.requests, result.problems, ()), context())
    assert [type(x) for x in plan.actions] == [a.CreateIssue] * len(result.requests)
    for action in plan.actions:
        assert_inert(action.description)


@pytest.mark.parametrize("content,expect", [
    (b"\xff\xfe\x00O\x00p", "r.csv"),                      # UTF-16 / invalid UTF-8
    (b"", "r.csv"),                                         # empty file
    (b"Opportunity ID,Account Name\n", "r.csv"),            # missing required columns
])
def test_hostile_export_files_fail_with_the_file_named(tmp_path, content, expect):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(SaTriageError, match=expect):
        read_csv(path)


def test_invalid_utf8_and_nul_in_one_row_reject_only_that_row(tmp_path):
    fields, rows = sample_rows()
    path = write_csv(tmp_path / "r.csv", fields, rows[:3])
    data = path.read_bytes().split(b"\n")
    data[2] = data[2].replace(b",", b",\xff\x00", 1)
    path.write_bytes(b"\n".join(data))
    result = read_csv(path)
    assert len(result.requests) == 2 and [p.place for p in result.problems] == ["r.csv row 3"]


@pytest.mark.parametrize("case", sorted(HOSTILE_TEXT))
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_hostile_issue_descriptions_give_findings_not_crashes(form, case):
    template = (ROOT / "templates" / "issue_templates" / form.file_name).read_text()
    description = template.replace("_Replace with", HOSTILE_TEXT[case] + "\n_Replace with", 2)
    result = validate(form, description, today=date(2026, 11, 22), known_users=frozenset({"alex.kim"}))
    assert result.findings
    for finding in result.findings:
        assert_inert(finding.message)


CONFIG_CASES = {
    "misspelt time zone": ("America/New_York", "America/New_Yrok", "regions.AMER.timezone"),
    "path-like time zone": ("America/New_York", "../../etc/passwd", "regions.AMER.timezone"),
    "unknown country": ("countries: [US]", "countries: [XX]", "regions.AMER"),
    "bad colour": ('"#6699CC"', '"red"', "labels[0].color"),
    "negative capacity": ("capacity: 6", "capacity: -6", "roster[4].capacity"),
    "huge capacity type": ("capacity: 6", "capacity: 1e999", "roster[4].capacity"),
    "board list not a label": ('"triage::engaged"]', '"triage::nope"]', "board.lists[3]"),
    "unknown role": ("role: sa, region: AMER, capacity: 6", "role: boss, region: AMER, capacity: 6",
                     "roster[4].role"),
    "yaml syntax": ("board:\n", "board: [\n", "invalid YAML"),
    "jinja in a label description": ("Highest priority", "{{ 7*7 }} {% raw %}", None),
    "nul byte": ("Commercial Triage", "Commercial\x00Triage", "invalid YAML"),
    "tab-indented yaml": ("  name: Commercial Triage", "\tname: Commercial Triage", "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_hostile_config_is_reported_with_file_and_key_or_kept_inert(tmp_path, case):
    old, new, where = CONFIG_CASES[case]
    text = (ROOT / "sa-triage.yml").read_text()
    assert old in text
    path = tmp_path / "sa-triage.yml"
    path.write_text(text.replace(old, new, 1))
    if where is None:
        cfg = load_config(path)  # accepted as plain text: labels are data, never templates
        assert any("{{ 7*7 }} {% raw %}" in x.description for x in cfg.labels)
        return
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert str(e.value).startswith(f"{path}: ") and where in str(e.value)


def test_invalid_utf8_config_names_the_file(tmp_path):
    path = tmp_path / "sa-triage.yml"
    path.write_bytes(b"gitlab:\n  project: \xff\xfe\n")
    with pytest.raises(ConfigError, match=r"sa-triage\.yml: cannot read"):
        load_config(path)
