"""Make untrusted text (Salesforce fields, issue text) inert before it reaches GitLab Markdown.

GitLab runs quick actions on any line that starts with `/` in notes and descriptions, notifies
anyone @mentioned, and renders Markdown and some HTML. Untrusted text therefore never starts a
line, never carries a live mention, and never opens Markdown block syntax of its own.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
# Control (Cc, but tab and newline), surrogate (Cs) and private-use (Co) characters, and the
# bidirectional overrides/isolates that make text display differently from what it says.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_MENTION = re.compile(r"(?<![\w`])@(?=[\w.\-/])")
# `$` opens inline math, `~` `&` `%` `#` `!` references, `[` `]` links, `<` `>` HTML, `|` table cells.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|<>~$%&])")
_SPACES = re.compile(r"\s+")
DEFAULT_INLINE_LIMIT = 300
DEFAULT_BLOCK_LIMIT = 5000


def _escape_line(line: str) -> str:
    """Escape Markdown/HTML specials, and a leading `/`, `-`, `+` or `=` that could start syntax."""
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    return "\\" + line if line[:1] in ("/", "-", "+", "=") else line


def clean(text: object) -> str:
    """Text without control, bidi-override or NUL characters, with `\\n` line ends only."""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", s)


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how much was dropped."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters not shown)"


def defuse_mentions(text: str) -> str:
    """`@name` no longer notifies: a word joiner after `@` breaks GitLab's reference pattern."""
    return _MENTION.sub("@" + WORD_JOINER, text)


def inline(text: object, limit: int = DEFAULT_INLINE_LIMIT) -> str:
    """One inert line: whitespace folded, Markdown and HTML escaped, mentions defused."""
    s = _SPACES.sub(" ", clean(text)).strip()
    s = truncate(s, limit)
    s = _escape_line(s)
    return defuse_mentions(s)


def block(text: object, limit: int = DEFAULT_BLOCK_LIMIT) -> str:
    """Inert multi-line text, rendered as a blockquote so no line can start a quick action."""
    s = truncate(clean(text).strip(), limit)
    if not s:
        return "> _(empty)_"
    lines = [_escape_line(line.strip()) for line in s.split("\n")]
    return "\n".join(f"> {defuse_mentions(line)}".rstrip() for line in lines)


def has_quick_action_line(text: str) -> bool:
    """True if any line would be read by GitLab as a quick action (starts with `/`)."""
    return any(line.startswith("/") for line in clean(text).split("\n"))
