"""Filed descriptions for each form -> the expected findings (field keys, kinds, inert messages)."""

from __future__ import annotations

import time

import pytest

from bots.issue_templates import (
    EPHEMERAL_SLACK_CHANNEL,
    FORMS,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    SA_HANDOFF,
    SA_REQUEST,
    FindingKind,
    FormDefinition,
    FormResult,
    validate,
)

from .helpers import (
    KNOWN_USERS,
    TODAY,
    answers,
    assert_inert,
    check,
    expected_values,
    fill,
    kinds,
    ticked,
    unticked,
)

FORM_IDS = [form.name for form in FORMS]
REQUIRED = [(form, spec.key) for form in FORMS for spec in form.fields if spec.required]
REQUIRED_IDS = [f"{form.name}:{key}" for form, key in REQUIRED]

# One wrong answer per field that can be wrong, with a fragment of the fix-it message.
INVALID = [
    (ON_SITE_REQUEST, "opportunity", "https://example.com/0064M00000AbCdE", "isn't a Salesforce"),
    (ON_SITE_REQUEST, "estimated_cost", "2400", "Add the currency"),
    (ON_SITE_REQUEST, "estimated_cost", "EUR -300", "more than zero"),
    (ON_SITE_REQUEST, "attendees", "@alice @mallory", "No such GitLab user"),
    (ON_SITE_REQUEST, "proposed_dates", "2026-10-01", "in the past"),
    (ON_SITE_REQUEST, "proposed_dates", "2026-12-01 to 2026-12-30", "more than 14"),
    (ON_SITE_REQUEST, "prerequisites", ticked(ON_SITE_REQUEST, "prerequisites", "x"), "Tick"),
    (PTO_COVERAGE, "dates", "2026-12-21 to 2026-12-01", "ends"),
    (PTO_COVERAGE, "dates", "2026-10-01 to 2026-10-05", "in the past"),
    (PTO_COVERAGE, "coverage", "carol", "`@username`"),
    (PTO_COVERAGE, "announced", unticked(PTO_COVERAGE, "announced"), "Tick"),
    (SA_HANDOFF, "previous_sa", "@alice @bob", "at most 1"),
    (SA_HANDOFF, "new_sa", "@ghost", "No such GitLab user"),
    (SA_HANDOFF, "new_sa", "@alice", "someone other"),
    (SA_HANDOFF, "account_link", "https://x.my.salesforce.com/0034M00000AbCdE", "isn't"),
    (SA_HANDOFF, "checklist", ticked(SA_HANDOFF, "checklist", "x"), "Tick"),
    (SA_REQUEST, "opportunity", "http://gitlab.my.salesforce.com/0064M00000AbCdE", "https"),
    (SA_REQUEST, "segment", ticked(SA_REQUEST, "segment", "SMB", "Mid-Market Named"), "only one"),
    (SA_REQUEST, "meeting_date", "03/12/2026", "ambiguous"),
    (SA_REQUEST, "meeting_date", "Dec 3", "year"),
    (SA_REQUEST, "meeting_type", unticked(SA_REQUEST, "meeting_type"), "Tick one"),
    (EPHEMERAL_SLACK_CHANNEL, "approving_sa", "@alice @bob", "at most 1"),
    (EPHEMERAL_SLACK_CHANNEL, "created_on", "2026-02-30", "not a real date"),
    (EPHEMERAL_SLACK_CHANNEL, "close_by", "2027-06-01", "90 days"),
    (EPHEMERAL_SLACK_CHANNEL, "close_by", "2026-11-01", "on or after"),
]


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_complete_form_has_no_findings_and_every_value(form: FormDefinition) -> None:
    result = check(form, fill(form))
    assert result.findings == ()
    assert result.complete
    assert dict(result.values) == expected_values(form)


def _without_section(description: str, heading: str) -> str:
    """`description` without the section under `### heading` (up to the next one or the label)."""
    start = description.index(f"### {heading}\n")
    ends = [description.find(marker, start + 1) for marker in ("\n### ", "\n/label")]
    end = min(e for e in ends if e >= 0)
    return description[:start] + description[end + 1 :]


@pytest.mark.parametrize(("form", "key"), REQUIRED, ids=REQUIRED_IDS)
def test_each_required_section_removed_is_missing(form: FormDefinition, key: str) -> None:
    spec = form.field(key)
    description = _without_section(fill(form), spec.heading)
    assert f"### {spec.heading}\n" not in description
    result = check(form, description)
    assert kinds(result) == [(key, "missing")]
    assert key not in result.values
    assert f"### {spec.heading}" in result.findings[0].message


@pytest.mark.parametrize(("form", "key"), REQUIRED, ids=REQUIRED_IDS)
def test_each_required_field_emptied_is_missing(form: FormDefinition, key: str) -> None:
    result = check(form, fill(form, **{key: ""}))
    assert kinds(result) == [(key, "missing")]


@pytest.mark.parametrize(("form", "key"), REQUIRED, ids=REQUIRED_IDS)
def test_each_required_placeholder_left_is_reported(form: FormDefinition, key: str) -> None:
    result = check(form, fill(form, **{key: None}))
    spec = form.field(key)
    has_placeholder = spec.type.body(spec.prompt)[0].startswith("_Replace with")
    # Checklists and choices have no placeholder line: left alone, nothing is ticked.
    assert kinds(result) == [(key, "placeholder" if has_placeholder else "invalid")]


@pytest.mark.parametrize(("form", "key", "text", "fragment"), INVALID)
def test_each_invalid_field_is_reported_with_a_fix(
    form: FormDefinition, key: str, text: str, fragment: str
) -> None:
    result = check(form, fill(form, **{key: text}))
    assert kinds(result) == [(key, "invalid")]
    assert fragment in result.findings[0].message
    assert key not in result.values
    assert_inert(result)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_unfilled_template_reports_every_required_field_in_template_order(
    form: FormDefinition,
) -> None:
    result = check(form, fill(form, **dict.fromkeys(answers(form))))
    assert [key for key, _ in kinds(result)] == list(form.required_keys)
    assert {kind for _, kind in kinds(result)} <= {"placeholder", "invalid"}


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_empty_description_misses_every_required_field(form: FormDefinition) -> None:
    for description in ("", "   \n\n", "Just some text, no headings."):
        result = check(form, description)
        assert kinds(result) == [(key, "missing") for key in form.required_keys]
        assert dict(result.values) == {}


def _sections(description: str) -> tuple[str, list[str]]:
    """The text before the first field heading, and each field's section."""
    head, *rest = description.split("\n### ")
    return head, ["### " + section for section in rest]


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_reordered_sections_extra_sections_and_other_levels_are_fine(form: FormDefinition) -> None:
    head, sections = _sections(fill(form))
    sections[-1], label_line = sections[-1].rsplit("\n/label", 1)
    reordered = [s.replace("### ", "#" * (1 + i % 4) + " ", 1) for i, s in enumerate(sections)]
    reordered.reverse()  # a deeper unknown heading would stay inside the section above it
    extra = "## Background\n\nSome context nobody asked for.\n\n#### Links\n- none\n"
    description = "\n".join([head, extra, *reordered, "# Notes\n\nThanks!", "/label" + label_line])
    result = check(form, description)
    assert result.findings == ()
    assert dict(result.values) == expected_values(form)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_headings_match_ignoring_case_spacing_and_punctuation(form: FormDefinition) -> None:
    description = fill(form)
    for spec in form.fields:
        mangled = spec.heading.upper().replace(" ", "  ").replace("-", " ") + " (required):"
        description = description.replace(f"### {spec.heading}\n", f"###   {mangled} ###\n")
    result = check(form, description)
    assert result.findings == ()


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_crlf_line_ends_are_fine(form: FormDefinition) -> None:
    result = check(form, fill(form).replace("\n", "\r\n"))
    assert result.findings == ()
    assert dict(result.values) == expected_values(form)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_hint_comments_left_in_are_ignored_and_a_comment_is_no_answer(form: FormDefinition) -> None:
    assert "<!--" in fill(form)  # the filled template keeps every hint comment
    first = form.fields[0]
    result = check(form, fill(form, **{first.key: "<!-- https://x.my.salesforce.com @alice -->"}))
    expected = [] if not first.required else [(first.key, "missing")]
    assert kinds(result) == expected


MEGABYTE = 1_000_000
# In this order so that Users, Amount and date fields get the floods aimed at them; the last two
# swallow what follows them (an open code block, an unclosed comment), as they would on GitLab.
FLOODS = {
    "dates": "3 Dec 2026 - " * (MEGABYTE // 13),
    "numbers": "USD 1,2" * (MEGABYTE // 7),
    "mentions": "".join(f"@user{i} " for i in range(MEGABYTE // 11)),
    "placeholders": "_Replace with" * (MEGABYTE // 13),
    "tasks": "- [x] " * (MEGABYTE // 6),
    "headings": "### Dates\n" * (MEGABYTE // 10),
    "hashes": "#" * MEGABYTE,
    "plain text": "lorem ipsum dolor sit amet " * (MEGABYTE // 27),
    "links": "https://a.my.salesforce.com/006 " * (MEGABYTE // 32),
    "spaces in a heading": "# a" + " " * MEGABYTE + "b",
    "fences": "```\ncode\n```\n" * (MEGABYTE // 13),
    "unclosed comments": "<!--" * (MEGABYTE // 4),
}


def _timed_check(form: FormDefinition, description: str) -> FormResult:
    """Validate, failing if it is slow enough to suggest quadratic behaviour (seconds, not ms)."""
    started = time.perf_counter()
    result = check(form, description)
    assert time.perf_counter() - started < 3.0
    assert_inert(result)
    return result


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_megabyte_description_with_complete_form_is_fine(form: FormDefinition) -> None:
    description = fill(form) + "\n## Appendix\n" + "x" * MEGABYTE
    assert _timed_check(form, description).findings == ()


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_megabyte_of_syntax_floods_across_the_fields_is_handled(form: FormDefinition) -> None:
    floods = list(FLOODS.values())
    share = MEGABYTE // len(form.fields)
    description = "\n".join(
        f"### {spec.heading}\n{floods[index % len(floods)][:share]}" for index, spec in enumerate(form.fields)
    )
    result = _timed_check(form, description)
    order = [spec.key for spec in form.fields]
    assert [f.key for f in result.findings] == sorted({f.key for f in result.findings}, key=order.index)


def test_text_past_gitlabs_limit_is_ignored() -> None:
    description = "x" * 1_048_576 + "\n" + fill(ON_SITE_REQUEST)
    result = _timed_check(ON_SITE_REQUEST, description)
    assert [kind for _, kind in kinds(result)] == ["missing"] * len(ON_SITE_REQUEST.required_keys)


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_control_characters_are_dropped_not_fatal(form: FormDefinition) -> None:
    description = fill(form).replace("### ", "### \x00\u202e", 3).replace("\n\n", "\n\x1b\x07\x0b\n")
    result = check(form, description)
    assert result.findings == ()
    assert dict(result.values) == expected_values(form)


INJECTIONS = [
    "/close\n/label ~approved\n@all please look",
    "<script>alert(1)</script> ![x](https://evil.example/x.png) [link](javascript:alert(1))",
    "@alice\u202e @mallory",
    "\u0000@mallory\u0007 /assign @mallory",
]


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_injection_in_every_field_gives_inert_messages(form: FormDefinition, payload: str) -> None:
    found = 0
    for spec in form.fields:
        result = check(form, fill(form, **{spec.key: payload}))
        assert_inert(result)
        found += len(result.findings)
    assert found >= 3  # the fields that reject the payload: their messages were checked


def test_unknown_users_are_quoted_defused() -> None:
    result = check(ON_SITE_REQUEST, fill(ON_SITE_REQUEST, attendees="@alice @all @mallory"))
    (finding,) = result.findings
    assert finding.kind is FindingKind.INVALID
    assert "all" in finding.message and "mallory" in finding.message
    assert_inert(result)


def test_pto_longer_than_two_weeks_needs_workload_distribution() -> None:
    long_pto = "2026-12-01 to 2026-12-15"  # 15 days
    result = check(PTO_COVERAGE, fill(PTO_COVERAGE, dates=long_pto, workload=None))
    assert kinds(result) == [("workload", "placeholder")]
    assert "more than two weeks" in result.findings[0].message
    result = check(PTO_COVERAGE, fill(PTO_COVERAGE, dates=long_pto, workload=""))
    assert kinds(result) == [("workload", "missing")]
    assert check(PTO_COVERAGE, fill(PTO_COVERAGE, dates=long_pto)).findings == ()


def test_pto_of_two_weeks_or_less_needs_no_workload_distribution() -> None:
    result = check(PTO_COVERAGE, fill(PTO_COVERAGE, dates="2026-12-01 to 2026-12-14", workload=None))
    assert result.findings == ()
    assert "workload" not in result.values


def test_ephemeral_channel_may_close_exactly_90_days_after_creation() -> None:
    form = EPHEMERAL_SLACK_CHANNEL
    assert check(form, fill(form, created_on="2026-11-05", close_by="2027-02-03")).findings == ()
    result = check(form, fill(form, created_on="2026-11-05", close_by="2027-02-04"))
    assert kinds(result) == [("close_by", "invalid")]
    assert "2027-02-03" in result.findings[0].message


def test_optional_fields_may_be_left_but_must_be_valid_when_filled() -> None:
    result = check(SA_REQUEST, fill(SA_REQUEST, opportunity=None, meeting_time=None))
    assert result.findings == ()
    assert "opportunity" not in result.values
    result = check(SA_REQUEST, fill(SA_REQUEST, opportunity="see Salesforce"))
    assert kinds(result) == [("opportunity", "invalid")]


def test_findings_are_deterministic_and_in_template_order() -> None:
    description = fill(
        SA_HANDOFF, previous_sa="@ghost", account_link=None, checklist="", new_sa="@alice @bob"
    )
    first = check(SA_HANDOFF, description)
    assert kinds(first) == [
        ("previous_sa", "invalid"),
        ("new_sa", "invalid"),
        ("account_link", "placeholder"),
        ("checklist", "missing"),
    ]
    assert check(SA_HANDOFF, description) == first


def test_a_later_copy_of_a_section_is_used_when_the_first_is_empty() -> None:
    description = fill(ON_SITE_REQUEST, estimated_cost=None) + "\n### Estimated Cost\nEUR 900\n"
    result = check(ON_SITE_REQUEST, description)
    assert result.findings == ()
    assert str(result.values["estimated_cost"]) == "EUR 900.00"


def test_headings_inside_code_blocks_do_not_split_sections() -> None:
    agenda = "Day 1:\n```bash\n# install the runner\n### Estimated Cost\n```\nDemo"
    result = check(ON_SITE_REQUEST, fill(ON_SITE_REQUEST, agenda=agenda))
    assert result.findings == ()
    assert result.values["agenda"] == agenda


def test_checklist_items_may_carry_notes_and_other_bullets() -> None:
    lines = ticked(SA_HANDOFF, "checklist").replace("Salesforce is updated", "Salesforce is updated.")
    lines = lines.replace("client call", "client call (done 2026-11-01)") + "\n- [ ] extra step"
    assert "Salesforce is updated." in lines and "client call (done 2026-11-01)" in lines
    result = check(SA_HANDOFF, fill(SA_HANDOFF, checklist="* " + lines[2:]))
    assert result.findings == ()


def test_missing_checklist_line_asks_to_keep_the_wording() -> None:
    lines = ticked(SA_HANDOFF, "checklist").split("\n")
    result = check(SA_HANDOFF, fill(SA_HANDOFF, checklist="\n".join(lines[1:])))
    assert kinds(result) == [("checklist", "invalid")]
    assert "wording" in result.findings[0].message


def test_choice_may_be_written_plainly() -> None:
    result = check(SA_REQUEST, fill(SA_REQUEST, meeting_type="Reverse AMA"))
    assert result.values["meeting_type"] == "Reverse AMA"


def test_invalid_samples_name_real_fields() -> None:
    assert {key for _, key, _, _ in INVALID} <= {s.key for f in FORMS for s in f.fields}


def test_none_description_from_the_api_is_an_empty_one() -> None:
    result = validate(SA_HANDOFF, None, today=TODAY, known_users=KNOWN_USERS)
    assert kinds(result) == [(key, "missing") for key in SA_HANDOFF.required_keys]


def test_results_are_values() -> None:
    first, second = check(PTO_COVERAGE, fill(PTO_COVERAGE)), check(PTO_COVERAGE, fill(PTO_COVERAGE))
    assert first == second and hash(first) == hash(second)
    assert len({first, second}) == 1
