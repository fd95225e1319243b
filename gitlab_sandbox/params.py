"""Request parameters as Rack and Grape see them: nested keys, arrays, coercion errors."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from . import errors
from .timeutil import normalize

_NESTED = re.compile(r"^([^\[\]]+)\[([^\[\]]*)\](\[\])?$")
_TRUE = {"true", "1", "yes", "t"}
_FALSE = {"false", "0", "no", "f"}


def parse_query(text: str) -> dict[str, Any]:
    """Parse a query string like Rack: `k[]` is an array, `k[s]` a hash, repeats keep the last."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        match = _NESTED.match(key)
        if match is None:
            result[key] = value
            continue
        name, sub, array = match.groups()
        if sub == "":
            existing = result.get(name)
            result[name] = [*existing, value] if isinstance(existing, list) else [value]
            continue
        nested = result.get(name)
        if not isinstance(nested, dict):
            nested = result[name] = {}
        if array:
            current = nested.get(sub)
            nested[sub] = [*current, value] if isinstance(current, list) else [value]
        else:
            nested[sub] = value
    return result


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """Parse a JSON or form-encoded body; raise a Grape-style 400 on malformed JSON."""
    if not raw:
        return {}
    if "json" in content_type or raw[:1] in (b"{", b"["):
        try:
            data = json.loads(raw)
        except ValueError:
            raise errors.ApiError(400, {"error": "The provided content-type is invalid"}) from None
        return data if isinstance(data, dict) else {}
    return parse_query(raw.decode("utf-8", "replace"))


class Params:
    """Typed access to merged route, query and body parameters."""

    def __init__(self, data: dict[str, Any], prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def _label(self, name: str) -> str:
        return f"{self.prefix}[{name}]" if self.prefix else name

    def raw(self, name: str, default: Any = None) -> Any:
        """The value as sent."""
        return self.data.get(name, default)

    def text(self, name: str, *, required: bool = False, default: str | None = None) -> str | None:
        """A string param; numbers are accepted and stringified."""
        value = self.data.get(name)
        if value is None:
            if required:
                raise errors.missing(self._label(name))
            return default
        if isinstance(value, (bool, dict, list)):
            raise errors.invalid(self._label(name))
        return str(value)

    def required_text(self, name: str) -> str:
        """A required, non-blank string param."""
        value = self.text(name, required=True)
        assert value is not None
        if not value.strip():
            raise errors.ApiError(400, {"error": f"{self._label(name)} is empty"})
        return value

    def integer(self, name: str, *, required: bool = False, default: int | None = None) -> int | None:
        """An integer param."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise errors.missing(self._label(name))
            return default
        if isinstance(value, bool):
            raise errors.invalid(self._label(name))
        try:
            return int(value)
        except (TypeError, ValueError):
            raise errors.invalid(self._label(name)) from None

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        """A Grape Boolean: true/false/1/0 as JSON or text."""
        value = self.data.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise errors.invalid(self._label(name))

    def names(self, name: str) -> list[str] | None:
        """A comma-separated string or an array (Grape's CommaSeparatedToArray)."""
        value = self.data.get(name)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        result: list[str] = []
        for item in items:
            if isinstance(item, (dict, list)):
                raise errors.invalid(self._label(name))
            result.extend(part.strip() for part in str(item).split(","))
        return [part for part in result if part]

    def int_list(self, name: str) -> list[int] | None:
        """An integer array, also accepted as a comma-separated string."""
        values = self.names(name)
        if values is None:
            return None
        try:
            return [int(value) for value in values]
        except ValueError:
            raise errors.invalid(self._label(name)) from None

    def time(self, name: str) -> str | None:
        """An ISO 8601 date-time, returned in GitLab's canonical (sortable) form."""
        value = self.text(name)
        if value is None or value == "":
            return None
        try:
            return normalize(value)
        except ValueError:
            raise errors.invalid(self._label(name)) from None

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        """A string limited to `choices`."""
        value = self.text(name)
        if value is None:
            return default
        if value not in choices:
            raise errors.invalid_value(self._label(name))
        return value

    def sub(self, name: str) -> Params:
        """A nested hash param such as `not[...]` (empty when absent)."""
        value = self.data.get(name)
        if value is None:
            return Params({}, name)
        if not isinstance(value, dict):
            raise errors.invalid(name)
        return Params(value, name)
