"""The little Markdown the forms need: headings, task-list items, comments, placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

# What a template puts where people must write: `_Replace with the amount and currency_`.
PLACEHOLDER_PREFIX = "Replace with "
PLACEHOLDER = re.compile(r"_Replace with[^_\n]*_", re.IGNORECASE)
_TASK = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\](?:[ \t]+(.*))?")
_QUALIFIER = re.compile(r"\((?:optional|required)\)[\W_]*$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")
_QUICK_ACTION_LINE = re.compile(r"^/[a-z_]+(?:[ \t][^\n]*)?$\n?", re.MULTILINE)
# Lines that may open a heading (levels 1-4) or a code fence; everything else is plain text.
MARKUP_LINE = re.compile(
    r"^ {0,3}(?:(?P<hashes>#{1,4})(?:[ \t](?P<text>[^\n]*))?|(?P<fence>```|~~~)[^\n]*)$",
    re.MULTILINE,
)


class Heading(NamedTuple):  # a tuple, not a dataclass: a description may hold 100,000 of them
    """An ATX heading line: its level (1-4), its text and its comparison key."""

    level: int
    text: str

    @property
    def key(self) -> str:
        """See `heading_key`."""
        return heading_key(self.text)


class Markup(NamedTuple):
    """A line that opens a heading or a code fence: where it is, and which it is."""

    start: int
    end: int
    heading: Heading | None
    fence: str | None  # "```" or "~~~"


@dataclass(frozen=True)
class Task:
    """One task-list line: `- [x] text`."""

    ticked: bool
    text: str


def squash(text: str) -> str:
    """Lower-case letters and digits only: how headings and checklist items are compared."""
    return _NOT_ALNUM.sub("", text.casefold())


def heading_key(text: str) -> str:
    """The comparison key of a heading: `On-Site Proposed Date(s)` -> `onsiteproposeddates`."""
    return squash(_QUALIFIER.sub("", text))


def _heading_text(raw: str) -> str:
    """Heading text without surrounding space or a closing run of `#`."""
    text = raw.strip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing.strip()
    return text


def markup_lines(text: str) -> Iterator[Markup]:
    """Each line that opens a heading (levels 1-4) or a code fence, in order."""
    for m in MARKUP_LINE.finditer(text):
        found = None if m["fence"] else Heading(len(m["hashes"]), _heading_text(m["text"] or ""))
        yield Markup(m.start(), m.end(), found, m["fence"])


def strip_comments(text: str) -> str:
    """`text` without HTML comments; an unclosed `<!--` hides the rest, as it does on GitLab."""
    out, position = [], 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        position = end + 3


def strip_placeholders(text: str) -> tuple[str, bool]:
    """`text` without template placeholders, and whether there were any."""
    stripped, count = PLACEHOLDER.subn("", text)
    return stripped, count > 0


def strip_quick_actions(text: str) -> str:
    """`text` without GitLab quick action lines (`/label ~"x"`): commands, never answers."""
    return _QUICK_ACTION_LINE.sub("", text)


def task(line: str) -> Task | None:
    """The task-list item on a line, or None."""
    m = _TASK.fullmatch(line.rstrip())
    return Task(m[1] in "xX", (m[2] or "").strip()) if m else None


def tasks(text: str) -> Iterator[Task]:
    """Every task-list item in `text`, in order."""
    for line in text.split("\n"):
        item = task(line)
        if item is not None:
            yield item
