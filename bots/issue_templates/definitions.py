"""The five issue templates: each definition yields its Markdown file and its validation."""

from __future__ import annotations

from collections.abc import Iterable

from bots.issue_templates.engagements import ON_SITE_REQUEST, SA_REQUEST
from bots.issue_templates.model import FormDefinition
from bots.issue_templates.team import EPHEMERAL_SLACK_CHANNEL, PTO_COVERAGE, SA_HANDOFF

__all__ = [
    "EPHEMERAL_SLACK_CHANNEL",
    "FORMS",
    "ON_SITE_REQUEST",
    "PTO_COVERAGE",
    "SA_HANDOFF",
    "SA_REQUEST",
    "detect_form",
]

FORMS: tuple[FormDefinition, ...] = (
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    SA_HANDOFF,
    SA_REQUEST,
    EPHEMERAL_SLACK_CHANNEL,
)


def detect_form(labels: Iterable[str]) -> FormDefinition | None:
    """The form whose label an issue carries; None if none, or if several (ambiguous)."""
    wanted = {label.strip().casefold() for label in labels}
    found = [form for form in FORMS if form.label.casefold() in wanted]
    return found[0] if len(found) == 1 else None
