"""The text of SLO notes: each level's own template (declared in its rule module) while the reminder is
active; once it is resolved or no longer applies, the common `bots/messages/slo_resolved.md.j2`."""

from __future__ import annotations

from enum import StrEnum

from bots import markers
from bots.calendars import when
from bots.render import render, render_source, trusted
from bots.slo.model import Check

RESOLVED = "slo_resolved.md.j2"  # every level's note once it is resolved or no longer applies


class NoteState(StrEnum):
    ACTIVE = "active"  # the reminder: mentions its recipients, says how it clears
    RESOLVED = "resolved"  # the objective was met: edited in place, nobody is mentioned again
    LAPSED = "lapsed"  # the reminder no longer applies (meeting passed, stage moved back...)


def body(check: Check, state: NoteState) -> str:
    """The full note: marker line, then the text (our own composed strings are trusted)."""
    c = check
    context = dict(c.context)
    rule = c.level.rule.format(**context) if "{" in c.level.rule else c.level.rule
    values = dict(
        level=c.level.key, state=state.value, mentions=trusted(" ".join(f"@{r}" for r in c.recipients)),
        rule=trusted(rule), due=when(c.calendar, c.due), why=trusted(c.why),
        resolution=trusted(c.resolution), **{k: _trust(v) for k, v in context.items()},
    )
    text = (render_source(c.level.template, **values) if state is NoteState.ACTIVE
            else render(RESOLVED, **values))
    return markers.with_marker(c.level.marker, text.strip())


def _trust(value: object) -> object:
    """Context values are composed by the rules from config, roster and GitLab usernames and dates."""
    if isinstance(value, str):
        return trusted(value)
    if isinstance(value, list | tuple):
        return [trusted(v) if isinstance(v, str) else v for v in value]
    return value
