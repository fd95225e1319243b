"""Find the @mentions GitLab would act on: not in code, pre, links, style or HTML comments."""

from __future__ import annotations

import re
from functools import lru_cache

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_SHIELDS = re.compile(
    r"<!--.*?-->|<(pre|code|a|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_LINKS = re.compile(
    r"!?\[[^\]\n]*\]\([^)\n]*\)"  # inline links and images
    r"|<(?:https?|ftp|mailto):[^>\s]*>"  # autolinks
    r"|\b(?:https?|ftp)://[^\s<]+"  # bare URLs, autolinked by GitLab
)
_MENTION = re.compile(
    r"(?<![\w@\\/])@([A-Za-z0-9_][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*)"
)


def _strip_code_blocks(text: str) -> str:
    """Blank out fenced and indented code blocks, line by line."""
    kept: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_indented = False
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            kept.append("")
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            kept.append("")
            continue
        indented = line.startswith(("    ", "\t")) and bool(stripped)
        in_indented = indented and (previous_blank or in_indented)
        kept.append("" if in_indented else line)
        previous_blank = not stripped
    return "\n".join(kept)


def _strip_code_spans(text: str) -> str:
    """Blank out inline code spans (which may not cross a blank line)."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    return "".join(_CODE_SPAN.sub(" ", part) for part in paragraphs)


def find_mentions(text: str | None) -> list[str]:
    """The distinct @names (users, groups, `all`) in `text`, in order of appearance."""
    if not text or "@" not in text:
        return []
    return list(_mentions(text))


@lru_cache(maxsize=1024)
def _mentions(text: str) -> tuple[str, ...]:
    """find_mentions, remembered: an update compares the old text's mentions with the new's."""
    visible = _strip_code_blocks(text.replace("\r", ""))
    visible = _HTML_SHIELDS.sub(" ", visible)
    visible = _strip_code_spans(visible)
    visible = _LINKS.sub(" ", visible)
    found: list[str] = []
    for match in _MENTION.finditer(visible):
        name = match.group(1).rstrip(".")
        if name and name not in found:
            found.append(name)
    return tuple(found)
