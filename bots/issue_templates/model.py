"""What a form definition is made of: fields, rules across fields, and the form itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bots.issue_templates.fields import FieldType, FieldValue
from bots.issue_templates.markdown import heading_key

Values = Mapping[str, FieldValue]


@dataclass(frozen=True)
class FieldSpec:
    """One section of a form: its heading, key, type, whether it must be filled, and a hint."""

    heading: str
    key: str
    type: FieldType
    required: bool
    hint: str
    placeholder: str = ""  # what to write, if more specific than the type's own `expects`

    @property
    def match_key(self) -> str:
        """How the heading is recognised in an issue (see `markdown.heading_key`)."""
        return heading_key(self.heading)

    @property
    def prompt(self) -> str:
        """What to write here, as the end of "Replace with …"."""
        return self.placeholder or self.type.expects


@dataclass(frozen=True)
class RequiredWhen:
    """Field `key` must be filled when `condition(values)` holds; `reason` says when that is."""

    key: str
    condition: Callable[[Values], bool]
    reason: str


@dataclass(frozen=True)
class CrossCheck:
    """A rule across fields, reported on `key`: `check(values)` returns a fix-it message or None."""

    key: str
    check: Callable[[Values], str | None]


Rule = RequiredWhen | CrossCheck


@dataclass(frozen=True)
class FormDefinition:
    """One issue template: the single source of its Markdown file and of its validation."""

    name: str
    file_name: str
    label: str  # applied by the template's own quick action; identifies issues filed from it
    next_label: str  # applied by the bot once every required field is valid
    intro: str
    fields: tuple[FieldSpec, ...]
    rules: tuple[Rule, ...] = ()

    def field(self, key: str) -> FieldSpec:
        """The field with `key`."""
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def required_keys(self) -> tuple[str, ...]:
        """Keys of the fields that must be filled, in template order."""
        return tuple(spec.key for spec in self.fields if spec.required)
