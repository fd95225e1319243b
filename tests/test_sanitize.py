"""Untrusted text must never become a quick action, a live mention or layout-breaking Markdown."""

import pytest

from bots import sanitize
from bots.sanitize import WORD_JOINER


@pytest.mark.parametrize("text", [
    "/close", "/label ~\"x\"", "  /close", "\t/assign @me", "\u200b/close",
    "ok\n/close\nfine", "x\r\n/reopen", "x\r/unlabel ~a",
])
def test_block_never_leaves_a_line_starting_with_slash(text):
    out = sanitize.block(text)
    assert not sanitize.has_quick_action_line(out)
    assert all(line.startswith("> ") or line == ">" for line in out.split("\n"))


@pytest.mark.parametrize("text", ["/close", "-x", "+x", "=x"])
def test_inline_escapes_a_leading_command_or_list_marker(text):
    assert sanitize.inline(text).startswith("\\")


@pytest.mark.parametrize("text,expected", [
    ("hi @all", f"hi @{WORD_JOINER}all"),
    ("@group/sub please", f"@{WORD_JOINER}group/sub please"),
    ("mail ae@example.com", "mail ae@example.com"),  # not a mention: no word joiner needed
])
def test_mentions_are_defused(text, expected):
    assert sanitize.inline(text) == expected


def test_html_tables_and_control_characters_are_neutralised():
    out = sanitize.inline("<script>x</script> | a \x00\x07 \u202eevil")
    assert "<" not in out.replace("\\<", "") and "|" not in out.replace("\\|", "")
    assert "\x00" not in out and "\x07" not in out and "\u202e" not in out


def test_long_text_is_truncated_and_says_so():
    out = sanitize.inline("a" * 1_000_000, limit=50)
    assert out.startswith("a" * 50) and "999950 more characters" in out


def test_empty_block_is_explicit():
    assert sanitize.block("   ") == "> _(empty)_"


def test_clean_removes_exactly_control_surrogate_private_use_and_bidi_characters():
    import unicodedata

    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    for cp in list(range(0, 0x3000)) + list(range(0xD800, 0xF900)) + [0xF0000, 0x10FFFD, 0x1F600]:
        ch = chr(cp)
        if ch == "\r":
            continue  # folded into "\n"
        expected_gone = ch in bidi or (ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
        assert (sanitize.clean(ch) == "") == expected_gone, hex(cp)
