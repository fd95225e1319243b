"""Templates derive from the definitions: rendering, committed files, and round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bots.issue_templates import (
    FORMS,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    FormDefinition,
    check_template_files,
    parse_sections,
    render,
    write_templates,
)
from bots.issue_templates.checklists import Checklist, Choice
from bots.issue_templates.markdown import PLACEHOLDER, heading_key, squash

from .helpers import check, expected_values, fill

COMMITTED = Path(__file__).resolve().parents[2] / "templates" / "issue_templates"
FORM_IDS = [form.name for form in FORMS]


def test_the_five_forms_their_files_and_labels() -> None:
    assert [(f.file_name, f.label, f.next_label) for f in FORMS] == [
        ("On-site Request.md", "form::onsite-request", "onsite::awaiting-approval"),
        ("PTO Coverage.md", "form::pto-coverage", "pto::coverage-planned"),
        ("SA Handoff.md", "form::sa-handoff", "handoff::complete"),
        ("SA Request.md", "form::sa-request", "sa-request::ready-for-triage"),
        ("Ephemeral Slack Channel.md", "form::ephemeral-slack-channel", "slack-channel::awaiting-approval"),
    ]


def test_on_site_fields_follow_the_handbook() -> None:
    assert [spec.heading for spec in ON_SITE_REQUEST.fields] == [
        "Customer SFDC Opportunity Link",
        "Estimated Cost",
        "GitLab Team On-Site Attendees",
        "Summary of Customer Engagement To Date",
        "Customer Stakeholders/Teams",
        "On-Site Proposed Date(s)",
        "On-Site Agenda",
        "Outstanding Activities Prior to Scheduling",
        "Pre-Requisites",
    ]
    assert all(spec.required for spec in ON_SITE_REQUEST.fields)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_definition_is_self_consistent(form: FormDefinition) -> None:
    keys = [spec.key for spec in form.fields]
    match_keys = [spec.match_key for spec in form.fields]
    assert len(set(keys)) == len(keys) and len(set(match_keys)) == len(match_keys)
    assert all(rule.key in keys for rule in form.rules)
    for spec in form.fields:
        assert "_" not in spec.prompt  # a placeholder is `_Replace with …_`: no inner underscore
        lines = spec.type.body(spec.prompt)
        if isinstance(spec.type, Checklist | Choice):
            texts = [squash(line[6:]) for line in lines]
            # No item may be read as another one (items match by prefix, so notes can follow).
            assert not any(a != b and b.startswith(a) for a in texts for b in texts)


def test_labels_and_names_are_unique() -> None:
    for attribute in ("name", "file_name", "label", "next_label"):
        values = [getattr(form, attribute) for form in FORMS]
        assert len(set(values)) == len(values), attribute


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_rendered_template_shape(form: FormDefinition) -> None:
    text = render(form)
    assert text.endswith(f'\n/label ~"{form.label}"\n')
    assert [line for line in text.split("\n") if line.startswith("/")] == [f'/label ~"{form.label}"']
    headings = re.findall(r"^### (.+)$", text, re.MULTILINE)
    assert headings == [spec.heading for spec in form.fields]
    for spec in form.fields:
        section = text.split(f"### {spec.heading}\n", 1)[1].split("\n### ", 1)[0]
        conditional = spec.key in ("workload", "account_csm")  # "Required when ..."
        status = "Required." if spec.required else ("Optional." if not conditional else "")
        assert f"<!-- {status}" in section and spec.hint in section
        if isinstance(spec.type, Checklist | Choice):
            assert "- [ ] " in section and not PLACEHOLDER.search(section)
        else:
            assert f"_Replace with {spec.prompt}_" in section
    assert not re.search(r"(?<![\w`])@\w", text), "templates must not mention anyone"


def test_conditional_requirement_is_stated_in_the_template() -> None:
    assert "<!-- Required when you are away more than two weeks" in render(PTO_COVERAGE)


def test_on_site_template_documents_approval_by_thumbsup() -> None:
    text = render(ON_SITE_REQUEST)
    assert "👍" in text and ":thumbsup:" in text
    assert "SA Manager and Area Sales Manager" in text


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_committed_template_equals_rendering(form: FormDefinition) -> None:
    assert (COMMITTED / form.file_name).read_text(encoding="utf-8") == render(form)


def test_committed_directory_has_no_problems() -> None:
    assert check_template_files(COMMITTED) == []


def test_check_reports_missing_stale_and_extra_files(tmp_path: Path) -> None:
    problems = check_template_files(tmp_path / "absent")
    assert [p.message.split(":")[0] for p in problems] == ["missing"] * len(FORMS)
    written = write_templates(tmp_path)
    assert sorted(p.name for p in written) == sorted(f.file_name for f in FORMS)
    assert check_template_files(tmp_path) == []
    (tmp_path / "PTO Coverage.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "Old Form.md").write_text("x\n", encoding="utf-8")
    (tmp_path / ".gitkeep").write_text("", encoding="utf-8")
    (tmp_path / "SA Handoff.md").unlink()
    problems = check_template_files(tmp_path)
    assert [(Path(p.place).name, p.message.split(":")[0]) for p in problems] == [
        ("PTO Coverage.md", "stale"),
        ("SA Handoff.md", "missing"),
        ("Old Form.md", "no form definition makes this template"),
    ]


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_template_filled_in_round_trips_to_the_values(form: FormDefinition) -> None:
    result = check(form, fill(form))
    assert result.findings == ()
    assert dict(result.values) == expected_values(form)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_unfilled_template_parses_to_empty_sections(form: FormDefinition) -> None:
    sections = parse_sections(render(form))
    for spec in form.fields:
        text = sections[heading_key(spec.heading)]
        if isinstance(spec.type, Checklist | Choice):
            assert "[x]" not in text
        else:
            assert text == ""
    values = check(form, render(form)).values
    assert all(value == () for value in values.values())  # only optional, unticked checklists
