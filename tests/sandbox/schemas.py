"""Validate responses against GitLab's own vendored JSON schemas (Draft 4 + lenient types)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "gitlab-api-schemas"


def _is_str(_checker: object, value: object) -> bool:
    return isinstance(value, str)


def _is_int(_checker: object, value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# The Ruby json-schema gem GitLab used accepts the non-standard types "date" and "uri" (and
# the upstream typos "string " / "integer "); map them to plain strings / integers.
_TYPES = Draft4Validator.TYPE_CHECKER.redefine_many(
    {"date": _is_str, "uri": _is_str, "string ": _is_str, "integer ": _is_int})
# Ruby accepts a repeated quantifier (`[0-9A-F]{3}{1,2}` in label_basic.json); Python's `re`
# does not, so wrap the atom in a group before matching. The schema files stay untouched.
_NESTED_REPEAT = re.compile(r"(\[[^\]]*\]|\\.|[^\\])\{(\d+(?:,\d*)?)\}\{(\d+(?:,\d*)?)\}")


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """Draft 4 `pattern`, with Ruby's repeated quantifiers translated."""
    if validator.is_type(instance, "string"):
        translated = _NESTED_REPEAT.sub(r"(?:\1{\2}){\3}", pattern)
        if not re.search(translated, instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft4Validator, validators={"pattern": _pattern},
                              type_checker=_TYPES)
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339 date-time (the optional rfc3339-validator package is not installed)."""
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value and (value.endswith("Z") or "+" in value[10:] or "-" in value[10:])


@cache
def registry() -> Registry:
    """Every vendored schema, keyed by its file:// URI so relative $refs resolve."""
    result: Registry = Registry()
    for path in SCHEMAS.rglob("*.json"):
        resource = Resource(json.loads(path.read_text()), specification=DRAFT4)
        result = result.with_resource(path.as_uri(), resource)
    return result


def errors(name: str, instance: Any) -> list[str]:
    """Validation errors of `instance` against the schema at `name` (relative path)."""
    uri = (SCHEMAS / name).as_uri()
    validator = Validator({"$ref": uri}, registry=registry(),
                          format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def assert_valid(name: str, instance: Any) -> None:
    """Fail with every validation error listed."""
    problems = errors(name, instance)
    assert problems == [], f"{name}: " + "; ".join(problems[:10])
