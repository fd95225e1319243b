"""A tiny schema reader for YAML config: every error names the file and key path; unknown keys warn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from bots.errors import ConfigError

T = TypeVar("T")
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list",
               dict: "a mapping", float: "a number"}


class Node:
    """A value in the config file with its key path, for located errors and unknown-key warnings."""

    def __init__(self, file: str, path: str, value: Any, warnings: list[str]) -> None:
        self.file, self.path, self.value, self.warnings = file, path, value, warnings

    def error(self, problem: str) -> ConfigError:
        return ConfigError(self.file, self.path, problem)

    def child(self, key: str | int) -> Node:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (
            f"{self.path}.{key}" if self.path else key)
        value = self.value[key] if isinstance(key, int) else self.mapping().get(key)
        return Node(self.file, path, value, self.warnings)

    def mapping(self) -> dict[str, Any]:
        if self.value is None:
            return {}
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_describe(self.value)}")
        return self.value

    def keys(self, allowed: set[str]) -> None:
        """Warn about keys that are not in `allowed` (often a typo)."""
        for key in self.mapping():
            if key not in allowed:
                where = f"{self.path}.{key}" if self.path else str(key)
                self.warnings.append(f"{self.file}: {where}: unknown key (ignored)")

    def items(self) -> Iterator[tuple[str, Node]]:
        for key in self.mapping():
            yield str(key), self.child(key)

    def elements(self) -> Iterator[Node]:
        if self.value is None:
            return
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {_describe(self.value)}")
        for i in range(len(self.value)):
            yield self.child(i)

    def get(self, typ: type[T], default: T | None = None, *, required: bool = False) -> T:
        if self.value is None:
            if required or default is None:
                raise self.error("is required")
            return default
        if typ is float and isinstance(self.value, int) and not isinstance(self.value, bool):
            return float(self.value)  # type: ignore[return-value]
        if not isinstance(self.value, typ) or (typ is int and isinstance(self.value, bool)):
            raise self.error(f"expected {_TYPE_NAMES.get(typ, typ.__name__)}, got {_describe(self.value)}")
        return self.value

    def strings(self) -> tuple[str, ...]:
        return tuple(n.get(str, required=True) for n in self.elements())

    def check(self, ok: Callable[[Any], bool], problem: str) -> None:
        if not ok(self.value):
            raise self.error(problem)


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}"
