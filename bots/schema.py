"""A tiny schema reader for YAML config: every error names the file and key path.

An unknown key is an error, with the closest known key ("did you mean"): a misspelt key would
otherwise leave its default in force without a word. Keys starting with `x-` are the one exception,
ignored at any level (a place for YAML anchors and notes).

One reading reports every problem of the file (`Node.found`, raised at the end by `raise_found`):
unknown keys are collected, not raised, and so is a bad value a reader reads with `field` or `typed`
(its default stands in, and the reading goes on to the next key); `collect` does the same for an
error any part raises. A check of one value against another runs only when both read `fine`: on a
default that stood in for a bad value it would only echo that value's error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import yaml

from bots.errors import ConfigError, ConfigErrors

T = TypeVar("T")
D = TypeVar("D")
IGNORED_PREFIX = "x-"
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list",
               dict: "a mapping", float: "a number"}


class Node:
    """A value in the config file with its key path, for located errors; `found` collects the errors
    that do not stop the reading (unknown keys, bad values read with `field` or `typed`, and those
    `collect` caught), shared by all children."""

    def __init__(self, file: str, path: str, value: Any, found: list[ConfigError]) -> None:
        self.file, self.path, self.value, self.found = file, path, value, found

    def error(self, problem: str) -> ConfigError:
        return ConfigError(self.file, self.path, problem)

    def child(self, key: str | int) -> Node:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (
            f"{self.path}.{key}" if self.path else key)
        value = self.value[key] if isinstance(key, int) else self.mapping().get(key)
        return Node(self.file, path, value, self.found)

    def mapping(self) -> dict[str, Any]:
        if self.value is None:
            return {}
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_describe(self.value)}")
        return self.value

    def keys(self, allowed: set[str]) -> None:
        """Collect an error for each key that is not in `allowed` (often a typo)."""
        for key in self.mapping():
            if key not in allowed and not str(key).startswith(IGNORED_PREFIX):
                where = f"{self.path}.{key}" if self.path else str(key)
                self.found.append(ConfigError(self.file, where, unknown_key(str(key), allowed)))

    def collect(self, read: Callable[[], T], default: D) -> T | D:
        """`read()`, or `default` with its error collected in `found` (the reading goes on)."""
        try:
            return read()
        except ConfigError as e:
            self.found.extend(ConfigErrors.of(e))
            return default

    def field(self, key: str | int, read: Callable[[Node], T], default: D) -> T | D:
        """`read` of the child `key`, or `default` with its error collected in `found`: a bad value
        stops no other key's reading."""
        child = self.child(key)
        return child.collect(lambda: read(child), default)

    def typed(self, key: str, typ: type[T], default: T) -> T:
        """The child `key`'s value of type `typ` (`default` when absent), as `field` reads it."""
        return self.field(key, lambda child: child.get(typ, default), default)

    def ranged(self, key: str, default: int, low: int, high: int) -> int:
        """The child `key`'s integer from `low` to `high` (`default` when absent), as `field` reads it."""
        return self.field(key, lambda child: child.bounded(default, low, high), default)

    def fine(self, *keys: str | int) -> bool:
        """Whether no error was collected at or under the children `keys` (so a check across them
        compares the values the file gives, not defaults standing in for bad ones)."""
        paths = [self.child(key).path for key in keys]
        return not any(e.key_path == p or e.key_path.startswith((f"{p}.", f"{p}["))
                       for e in self.found for p in paths)

    def reject(self, problem: str) -> None:
        """Collect `problem` as an error of this value (a check across values; the reading goes on)."""
        self.found.append(self.error(problem))

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

    def bounded(self, default: int, low: int, high: int) -> int:
        """An integer from `low` to `high` (`default` when absent)."""
        value = self.get(int, default)
        if not low <= value <= high:
            raise self.error(f"expected {low} to {high}, got {value}")
        return value

    def strings(self) -> tuple[str, ...]:
        """The list's strings. Every entry that is not one is an error, each at its index: the first
        is raised (the list's reader stops there), the others collected in `found`."""
        out: list[str] = []
        bad: list[ConfigError] = []
        for n in self.elements():
            try:
                out.append(n.get(str, required=True))
            except ConfigError as e:
                bad.append(e)
        if bad:
            self.found.extend(bad[1:])
            raise bad[0]
        return tuple(out)

    def check(self, ok: Callable[[Any], bool], problem: str) -> None:
        if not ok(self.value):
            raise self.error(problem)


def unknown_key(key: str, allowed: Iterable[str]) -> str:
    """`unknown key (did you mean 'x'?)`, or the keys expected when none is close."""
    known = sorted(allowed)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key (expected one of: {', '.join(known)})" if known else "unknown key"


def raise_found(found: list[ConfigError]) -> None:
    """Raise every collected problem at once, if there is any."""
    if found:
        raise ConfigErrors(list(found))


_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def in_file_order(found: list[ConfigError], raw: Any) -> list[ConfigError]:
    """`found` sorted by where each key path is in `raw`, the file's data (a key the file lacks, such
    as a required one, after those it has at that level; a problem of the whole file first)."""
    def position(error: ConfigError) -> tuple[int, ...]:
        at: list[int] = []
        value = raw
        for index, key in _STEP.findall(error.key_path):
            if isinstance(value, dict):
                keys = [str(k) for k in value]
                if index or key not in keys:
                    at.append(len(keys))
                    break
                at.append(keys.index(key))
                value = list(value.values())[at[-1]]
            elif isinstance(value, list) and index and int(index) < len(value):
                at.append(int(index))
                value = value[int(index)]
            else:
                break
        return tuple(at)
    return sorted(found, key=position)


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}"


class _Loader(yaml.SafeLoader):
    """`yaml.safe_load`'s loader, except that a value YAML takes for a date or time but which is none
    (`2026-13-01`) is a YAMLError at its line and column, not a ValueError from deep in the parser."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as e:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date or time ({e})", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(text: str) -> Any:
    """The data of a YAML file the bots read (sa-triage.yml, schedules/): `yaml.safe_load`, with every
    problem of the file's text a `yaml.YAMLError` (`problem_mark`: where)."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader: no arbitrary objects
