"""Splitting descriptions into sections: headings, comments, placeholders, code, odd input."""

from __future__ import annotations

from bots.issue_templates import parse_description, parse_sections
from bots.issue_templates.markdown import heading_key, strip_comments


def test_sections_by_heading_key_at_any_level_up_to_four() -> None:
    description = "intro\n# One\na\n## Two\nb\n### Three\nc\n#### Four\nd\n##### Five\ne\n"
    assert parse_sections(description) == {
        "one": "a",
        "two": "b",
        "three": "c",
        "four": "d\n##### Five\ne",  # level 5 is text
    }


def test_heading_keys_ignore_case_spacing_punctuation_and_qualifiers() -> None:
    assert heading_key("On-Site Proposed Date(s)") == "onsiteproposeddates"
    assert heading_key("  on site  PROPOSED dates:  ") == "onsiteproposeddates"
    assert heading_key("Customer Stakeholders / Teams (optional)") == "customerstakeholdersteams"
    assert heading_key("Coverage SA(s) (Required):") == "coveragesas"


def test_closing_hashes_and_non_headings() -> None:
    description = "### Title ###\nx\n#hashtag is text\n    ### indented code\n###\ny"
    assert parse_sections(description) == {
        "title": "x\n#hashtag is text\n    ### indented code",
        "": "y",
    }


def test_crlf_and_lone_cr_are_line_ends() -> None:
    assert parse_sections("### A\r\none\r\n### B\rtwo") == {"a": "one", "b": "two"}


def test_comments_are_removed_and_an_unclosed_one_hides_the_rest() -> None:
    assert strip_comments("a<!-- x -->b<!--\nmulti\nline-->c<!-- open") == "abc"
    assert parse_sections("### A\n<!-- hint -->\none\n### B\n<!-- oops\n### C\nthree") == {
        "a": "one",
        "b": "",
    }


def test_placeholders_are_empty_and_remembered() -> None:
    sections = parse_description("### A\n_Replace with a date_\n### B\n_replace with x_ 2026-12-03")
    assert sections["a"].text == "" and sections["a"].had_placeholder
    assert sections["b"].text == "2026-12-03" and sections["b"].had_placeholder


def test_quick_action_lines_are_not_answers() -> None:
    description = '### A\n@alice\n/label ~"form::x"\n/assign @me\n/path/to/file stays\n'
    assert parse_sections(description) == {"a": "@alice\n/path/to/file stays"}


def test_headings_in_fenced_code_are_text() -> None:
    description = "### A\n```\n### B\n```\n~~~\n# C\n```\n~~~\n### D\nd"
    assert parse_sections(description) == {"a": "```\n### B\n```\n~~~\n# C\n```\n~~~", "d": "d"}


def test_with_known_keys_deeper_unknown_headings_stay_inside() -> None:
    description = "## Agenda\n### Day 1\nDemo\n### Cost\nUSD 1\n## Notes\nn\n## Cost\nUSD 2"
    assert parse_sections(description, ["agenda", "cost"]) == {
        "agenda": "### Day 1\nDemo",
        "cost": "USD 1",
    }


def test_first_non_empty_copy_of_a_section_wins() -> None:
    description = "### A\n_Replace with x_\n### A\nsecond\n### A\nthird"
    assert parse_sections(description) == {"a": "second"}


def test_control_and_bidi_characters_are_dropped() -> None:
    description = "### E\x00sti\u202emated\x07 Cost\nUSD\x1b 1\x7f00"
    assert parse_sections(description) == {"estimatedcost": "USD 100"}


def test_nothing_to_parse() -> None:
    assert parse_sections("") == {}
    assert parse_sections("no headings at all\n\n- [x] done") == {}
