"""Check a filed issue against its form: what is missing, left as placeholder, or invalid."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from bots.issue_templates.fields import Context, FieldValue, Invalid
from bots.issue_templates.model import CrossCheck, FieldSpec, FormDefinition, RequiredWhen
from bots.issue_templates.parse import Section, parse_description


class FindingKind(StrEnum):
    """Why a field is not acceptable."""

    MISSING = "missing"
    PLACEHOLDER = "placeholder"
    INVALID = "invalid"


@dataclass(frozen=True)
class Finding:
    """One problem with one field, and how to fix it (untrusted text only as inert excerpts)."""

    key: str
    heading: str
    kind: FindingKind
    message: str


class FormValues(Mapping[str, FieldValue]):
    """The valid values of one filed form, by field key (read-only)."""

    __slots__ = ("_values", "form")

    def __init__(self, form: FormDefinition, values: Mapping[str, FieldValue]) -> None:
        self.form = form
        self._values = MappingProxyType(dict(values))

    def __getitem__(self, key: str) -> FieldValue:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash((self.form.name, frozenset(self._values.items())))

    def __repr__(self) -> str:
        return f"FormValues({self.form.name!r}, {dict(self._values)!r})"


@dataclass(frozen=True)
class FormResult:
    """The outcome of validating one issue description against one form."""

    form: FormDefinition
    findings: tuple[Finding, ...]
    values: FormValues

    @property
    def complete(self) -> bool:
        """True when nothing needs fixing."""
        return not self.findings


def _empty_finding(spec: FieldSpec, section: Section | None, reason: str) -> Finding:
    """The finding for a field that must be filled but isn't."""
    where = f"`### {spec.heading}`"
    if section is not None and section.had_placeholder:
        message = f"Replace the placeholder under {where} with {spec.prompt}."
        return Finding(spec.key, spec.heading, FindingKind.PLACEHOLDER, message + reason)
    action = "Fill in" if section is not None else "Add the section"
    message = f"{action} {where} with {spec.prompt}."
    return Finding(spec.key, spec.heading, FindingKind.MISSING, message + reason)


def _check_field(spec: FieldSpec, section: Section | None, context: Context) -> FieldValue | Finding | None:
    """The field's value, a finding, or None for an empty optional field."""
    if section is None or not section.text or (not spec.required and spec.type.unanswered(section.text)):
        return _empty_finding(spec, section, "") if spec.required else None
    parsed = spec.type.parse(section.text, context)
    if isinstance(parsed, Invalid):
        return Finding(spec.key, spec.heading, FindingKind.INVALID, parsed.message)
    return parsed


def _rule_findings(
    form: FormDefinition,
    values: Mapping[str, FieldValue],
    sections: Mapping[str, Section],
    flagged: set[str],
) -> Iterator[Finding]:
    """Findings from the rules across fields, for fields without a finding of their own."""
    for rule in form.rules:
        if rule.key in flagged:
            continue
        spec = form.field(rule.key)
        if isinstance(rule, RequiredWhen):
            if rule.key not in values and rule.condition(values):
                section = sections.get(spec.match_key)
                yield _empty_finding(spec, section, f" It is required when {rule.reason}.")
        elif isinstance(rule, CrossCheck):
            message = rule.check(values)
            if message is not None:
                yield Finding(spec.key, spec.heading, FindingKind.INVALID, message)


def validate(
    definition: FormDefinition,
    description: str | None,
    *,
    today: date,
    known_users: frozenset[str],
) -> FormResult:
    """Every problem with a filed issue, in template order, and the values that are valid.

    `description` may be None (GitLab's API gives None for an empty description). `today`
    decides which dates count as past; `known_users` are the GitLab usernames that exist.
    """
    form, context = definition, Context(today, known_users)
    sections = parse_description(description or "", (spec.match_key for spec in form.fields))
    values: dict[str, FieldValue] = {}
    findings: list[Finding] = []
    for spec in form.fields:
        outcome = _check_field(spec, sections.get(spec.match_key), context)
        if isinstance(outcome, Finding):
            findings.append(outcome)
        elif outcome is not None:
            values[spec.key] = outcome
    flagged = {f.key for f in findings}
    findings.extend(_rule_findings(form, values, sections, flagged))
    order = {spec.key: index for index, spec in enumerate(form.fields)}
    findings.sort(key=lambda f: order[f.key])  # stable: a field's own finding before rule ones
    for key in {f.key for f in findings}:
        values.pop(key, None)  # a value a rule rejects is not a valid value
    return FormResult(form, tuple(findings), FormValues(form, values))
