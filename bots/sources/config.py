"""The `sources:` config section, validated before any source is read, and reading them all."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bots.errors import ConfigError, ConfigErrors, SaTriageError, SourceUnavailable
from bots.schema import IGNORED_PREFIX, raise_found, unknown_key
from bots.sources.exports import read_csv, read_jsonl
from bots.sources.fields import (
    DEFAULT_EXPORT_MAPPING,
    DEFAULT_SALESFORCE_MAPPING,
    FIELD_NAMES,
    REQUIRED_FIELDS,
    FieldMapping,
)
from bots.sources.normalize import Skip
from bots.sources.result import Accumulator, SourceResult
from bots.sources.salesforce_source import SalesforceSource

KINDS = ("csv", "jsonl", "salesforce")
_FILE_KEYS = {"csv": {"kind", "path", "columns", "delimiter", "timezone"},
              "jsonl": {"kind", "path", "columns", "timezone"}}
_SF_ENV_KEYS = ("username_env", "password_env", "token_env", "instance_url_env", "access_token_env")
_SF_KEYS = {"kind", "domain", "version", "fields", "where", "session_id_env", *_SF_ENV_KEYS}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOMAIN = r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*"
_SOQL_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*")
T = TypeVar("T")


@dataclass(frozen=True)
class FileSource:
    """A CSV or JSON lines export; `path` is relative to the config file's folder.

    `timezone`: the zone of times written without an offset (a Salesforce report export writes the
    exporting user's local time); None: such a time is a problem of its row, never read as UTC.
    """

    label: str
    kind: Literal["csv", "jsonl"]
    path: str
    mapping: FieldMapping = DEFAULT_EXPORT_MAPPING
    delimiter: str = ","
    timezone: str | None = None


Source = FileSource | SalesforceSource


@dataclass(frozen=True)
class SourcesConfig:
    """All configured sources, plus warnings to show the user (none today: unknown keys are errors)."""

    sources: tuple[Source, ...]
    warnings: tuple[str, ...] = ()


class _Reader:
    """Validates one file's `sources` section, collecting every error."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ConfigError] = []

    def fail(self, key_path: str, problem: str) -> ConfigError:
        """A ConfigError located in this file."""
        return ConfigError(self.file, key_path, problem)

    def collect(self, read: Callable[[], T], default: T) -> T:
        """`read()`, or `default` with its error collected (the source's other keys are read on)."""
        try:
            return read()
        except ConfigError as e:
            self.errors.extend(ConfigErrors.of(e))
            return default

    def check_keys(self, item: Mapping[object, object], allowed: set[str], at: str) -> None:
        """An error for each key outside `allowed`, suggesting the closest known one."""
        for key in item:
            if key not in allowed and not str(key).startswith(IGNORED_PREFIX):
                self.errors.append(self.fail(f"{at}.{key}", unknown_key(str(key), allowed)))

    def string(self, item: Mapping[object, object], key: str, at: str) -> str | None:
        """An optional non-blank string."""
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{at}.{key}", "expected a non-empty string")
        return value

    def matching(
        self, item: Mapping[object, object], key: str, at: str, pattern: str, expected: str
    ) -> str | None:
        """An optional string matching `pattern`, which `expected` describes."""
        value = self.string(item, key, at)
        if value is not None and not re.fullmatch(pattern, value):
            raise self.fail(f"{at}.{key}", f"'{value}' is not {expected}")
        return value

    def version(self, item: Mapping[object, object], at: str) -> str:
        """The REST API version, default 59.0 (YAML may read it as a number)."""
        value = item.get("version", "59.0")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = f"{float(value):.1f}"
        if not isinstance(value, str) or not re.fullmatch(r"\d{2,3}\.0", value):
            raise self.fail(f"{at}.version", "expected a Salesforce API version like '59.0'")
        return value

    def env_name(self, item: Mapping[object, object], key: str, at: str) -> str | None:
        """An optional environment variable name (never echoed: it may be a pasted secret)."""
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
            raise self.fail(f"{at}.{key}", "expected the NAME of an environment variable")
        return value

    def mapping(self, item: Mapping[object, object], key: str, at: str, base: FieldMapping) -> FieldMapping:
        """`base` with the overrides under `key` (columns or fields), each validated."""
        raw = item.get(key)
        if raw is None:
            return base
        if not isinstance(raw, Mapping):
            raise self.fail(f"{at}.{key}", "expected a mapping of field name to column")
        overrides: dict[str, str | None] = {}
        for name, column in raw.items():
            before = len(self.errors)
            value = self.collect(partial(self.column, key, name, column, at), None)
            if len(self.errors) == before:  # a bad one is reported, not applied
                overrides[str(name)] = value
        return base.with_overrides(overrides)

    def column(self, key: str, name: object, column: object, at: str) -> str | None:
        """One override of the field mapping: a field's column (or Salesforce field), or None."""
        where = f"{at}.{key}.{name}"
        if name not in FIELD_NAMES:
            known = ", ".join(FIELD_NAMES)
            raise self.fail(where, f"unknown field '{name}' (expected one of {known})")
        if column is None and name in REQUIRED_FIELDS:
            raise self.fail(where, "a required field cannot be left unmapped")
        if column is not None and (not isinstance(column, str) or not column.strip()):
            raise self.fail(where, "expected a column name (or null for none)")
        if key == "fields" and column is not None and not _SOQL_FIELD.fullmatch(str(column)):
            raise self.fail(where, f"'{column}' is not a Salesforce field API name")
        return column if isinstance(column, str) else None

    def file_source(
        self, item: Mapping[object, object], kind: Literal["csv", "jsonl"], at: str
    ) -> FileSource:
        """A csv or jsonl source."""
        self.check_keys(item, _FILE_KEYS[kind], at)
        path = self.collect(lambda: self.path(item, at), "")
        delimiter = self.collect(
            lambda: self.matching(item, "delimiter", at, r"[^\s\"]", "one character like ';'"), None)
        mapping = self.collect(lambda: self.mapping(item, "columns", at, DEFAULT_EXPORT_MAPPING),
                               DEFAULT_EXPORT_MAPPING)
        zone = self.collect(lambda: self.zone(item, at), None)
        return FileSource(at, kind, path, mapping, delimiter or ",", zone)

    def path(self, item: Mapping[object, object], at: str) -> str:
        """The export file's path (required)."""
        path = self.string(item, "path", at)
        if path is None:
            raise self.fail(f"{at}.path", "missing (the export file, relative to this config)")
        return path

    def zone(self, item: Mapping[object, object], at: str) -> str | None:
        """An optional IANA time zone name."""
        value = self.string(item, "timezone", at)
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(f"{at}.timezone", f"unknown time zone {value!r} (e.g. 'Europe/Berlin')") from None
        return value

    def salesforce_source(self, item: Mapping[object, object], at: str) -> SalesforceSource:
        """A salesforce source with exactly one complete set of credential variable names."""
        self.check_keys(item, _SF_KEYS, at)
        before = len(self.errors)
        envs = {key: self.collect(partial(self.env_name, item, key, at), None) for key in _SF_ENV_KEYS}
        alias = self.collect(partial(self.env_name, item, "session_id_env", at), None)
        if len(self.errors) == before:  # a bad name would be taken for a missing one: no echo error
            self.collect(lambda: self.credentials(envs, alias, at), None)
        envs["access_token_env"] = envs["access_token_env"] or alias
        domain = self.collect(
            lambda: self.matching(item, "domain", at, _DOMAIN, "a domain like 'login' or 'acme.my'"), None)
        return SalesforceSource(
            label=at,
            **envs,
            domain=domain or "login",
            version=self.collect(lambda: self.version(item, at), "59.0"),
            mapping=self.collect(lambda: self.mapping(item, "fields", at, DEFAULT_SALESFORCE_MAPPING),
                                 DEFAULT_SALESFORCE_MAPPING),
            where=self.collect(lambda: self.string(item, "where", at), None),
        )

    def credentials(self, envs: Mapping[str, str | None], alias: str | None, at: str) -> None:
        """Exactly one complete set of credential variable names."""
        if alias and envs["access_token_env"]:
            raise self.fail(f"{at}.session_id_env", "set access_token_env or session_id_env")
        names = {**envs, "access_token_env": envs["access_token_env"] or alias}
        password_login = all(names[k] for k in ("username_env", "password_env", "token_env"))
        token_login = all(names[k] for k in ("instance_url_env", "access_token_env"))
        if password_login == token_login:
            raise self.fail(at, "set either username_env, password_env and token_env, "
                            "or instance_url_env and access_token_env")  # fmt: skip

    def source(self, item: object, at: str) -> Source:
        """One entry of the list, by its kind."""
        if not isinstance(item, Mapping):
            raise self.fail(at, "expected a mapping with a 'kind'")
        kind = item.get("kind")
        if kind is None:
            raise self.fail(f"{at}.kind", "missing (expected csv, jsonl or salesforce)")
        if kind == "salesforce":
            return self.salesforce_source(item, at)
        if kind in ("csv", "jsonl"):
            return self.file_source(item, kind, at)
        expected = "expected csv, jsonl or salesforce"
        raise self.fail(f"{at}.kind", f"unknown source kind '{kind}' ({expected})")


def parse_sources(raw: object, file: str) -> SourcesConfig:
    """The validated `sources` list (given the list, or the whole config mapping holding it)."""
    reader = _Reader(file)
    section = raw.get("sources") if isinstance(raw, Mapping) else raw
    if section is None:
        raise ConfigError(file, "sources", "missing (a list of csv, jsonl or salesforce sources)")
    if not isinstance(section, list) or not section:
        raise ConfigError(file, "sources", "expected a non-empty list of sources")
    sources = []
    for i, item in enumerate(section):
        try:
            sources.append(reader.source(item, f"sources[{i}]"))
        except ConfigError as e:
            reader.errors.extend(ConfigErrors.of(e))
    raise_found(reader.errors)
    return SourcesConfig(tuple(sources))


def read_all(sources_config: SourcesConfig, base_dir: str | Path, env: Mapping[str, str],
             file: str = "sa-triage.yml", skip: Skip | None = None) -> SourceResult:
    """Every source read in order and merged; a request in two sources: the later source wins.

    A source that cannot be read raises SourceUnavailable naming `file` (the config) and the source's
    key: nothing is merged, so no request is taken for gone because its source was not there.
    `skip`: records of export files found unchanged are not normalized (see `read_csv`)."""
    acc = Accumulator()
    for source in sources_config.sources:
        try:
            result = _read_one(source, Path(base_dir), env, file, skip)
        except SourceUnavailable:
            raise
        except SaTriageError as error:
            key = source.label if isinstance(source, SalesforceSource) else f"{source.label}.path"
            raise SourceUnavailable(file, key, str(error)) from None
        acc.extend(result, source.label)
    return acc.result()


def _read_one(source: Source, base_dir: Path, env: Mapping[str, str], file: str,
              skip: Skip | None = None) -> SourceResult:
    if isinstance(source, SalesforceSource):
        # simple-salesforce (and its SOAP stack) costs ~20 MB and 0.2 s: loaded only when used.
        from bots.sources.salesforce import fetch_requests

        return fetch_requests(source, env)
    from bots.sources.available import file_unavailable

    missing = file_unavailable(source.label, source.path, file, base_dir)
    if missing is not None:
        raise missing
    path = base_dir / source.path
    zone = ZoneInfo(source.timezone) if source.timezone else None
    if source.kind == "csv":
        return read_csv(path, source.mapping, source.delimiter, zone, skip)
    return read_jsonl(path, source.mapping, zone, skip)
