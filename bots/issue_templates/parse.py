"""Split a filed issue description into sections by heading, ignoring what isn't a form field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bots import sanitize
from bots.issue_templates import markdown

MAX_DESCRIPTION = 1_048_576  # GitLab's own limit on a description, in characters


@dataclass(frozen=True)
class Section:
    """The text under one heading, without comments and placeholders."""

    heading: str
    text: str
    had_placeholder: bool  # a template placeholder was left in (the only content, if text is "")


@dataclass(frozen=True)
class _Open:
    """A section being collected: its heading, and where its text starts."""

    heading: markdown.Heading
    key: str
    start: int


def _finish(heading: markdown.Heading, text: str) -> Section:
    """Close a section: trim it, and take out quick actions and placeholders."""
    text, had_placeholder = markdown.strip_placeholders(markdown.strip_quick_actions(text))
    return Section(heading.text, text.strip(), had_placeholder)


def _starts_section(found: _Open, current: _Open | None, keys: frozenset[str]) -> bool:
    """Whether a heading ends the current section (a deeper unknown heading stays inside it)."""
    if current is None or not keys:
        return True
    return found.key in keys or found.heading.level <= current.heading.level


def _sections(text: str, keys: frozenset[str]) -> Iterator[tuple[_Open, str]]:
    """Every section of `text` with its text, in order; headings in fenced code don't count."""
    current: _Open | None = None
    fence: str | None = None
    for line in markdown.markup_lines(text):
        if fence is not None or line.fence is not None:
            fence = line.fence if fence is None else (None if line.fence == fence else fence)
            continue
        assert line.heading is not None
        opened = _Open(line.heading, line.heading.key, line.end + 1)
        if _starts_section(opened, current, keys):
            if current is not None:
                yield current, text[current.start : line.start]
            current = opened
    if current is not None:
        yield current, text[current.start :]


def parse_description(description: str, keys: Iterable[str] = ()) -> dict[str, Section]:
    """Sections by heading key; with `keys`, unknown deeper headings stay inside a section.

    The first section for a key wins, unless it is empty and a later one is not. Text past
    GitLab's own 1 MiB limit is ignored.
    """
    wanted = frozenset(keys)
    text = markdown.strip_comments(sanitize.clean(description[:MAX_DESCRIPTION]))
    found: dict[str, Section] = {}
    for opened, body in _sections(text, wanted):
        key = opened.key
        if wanted and key not in wanted:
            continue
        section = _finish(opened.heading, body)
        if key not in found or (not found[key].text and section.text):
            found[key] = section
    return found


def parse_sections(description: str, keys: Iterable[str] = ()) -> dict[str, str]:
    """The text under each heading, by heading key (placeholders and hint comments removed)."""
    return {key: s.text for key, s in parse_description(description, keys).items()}
