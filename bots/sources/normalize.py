"""One source record (CSV row, JSON object, Salesforce record) -> one SARequest, or why not."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import partial
from typing import TypeVar, cast

from bots.sources import fields as f
from bots.sources.fields import FieldError, FieldMapping
from bots.sources.request import (
    CommandPlan,
    Meddppicc,
    MeetingType,
    Region,
    RequestStatus,
    SARequest,
    Segment,
    Stage,
    Subscription,
)

T = TypeVar("T")
E = TypeVar("E")
Getter = Callable[[str], object]  # our field name -> raw value (None when the source lacks it)
TEXT_LIMIT = 10_000  # characters kept of any one value; Salesforce long text areas hold 131,072

_MEDDPPICC = ("metrics", "economic_buyer", "decision_criteria", "decision_process",
              "paper_process", "identify_pain", "champion", "competition")  # fmt: skip


@dataclass(frozen=True)
class Normalized:
    """A request plus non-fatal notes about it (values that had to be truncated)."""

    request: SARequest
    notes: tuple[str, ...] = ()


class RowRejected(ValueError):
    """The record cannot become a request; `str()` lists every bad field, "; "-separated."""

    def __init__(self, message: str, opportunity_id: str | None) -> None:
        self.opportunity_id = opportunity_id
        super().__init__(message)


def lookup(record: Mapping[str, object], column: str) -> object:
    """`record[column]`, or a relationship path like `Account.Name` through nested objects."""
    if column in record:
        return record[column]
    value: object = record
    for part in column.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def mapped_getter(record: Mapping[str, object], mapping: FieldMapping) -> Getter:
    """A Getter reading `record` through `mapping`."""

    def get(name: str) -> object:
        """The raw value of field `name`."""
        column = mapping.column(name)
        return None if column is None else lookup(record, column)

    return get


class _Fields:
    """Parses fields one by one, collecting every error and truncation instead of stopping."""

    def __init__(self, get: Getter) -> None:
        self._get = get
        self.errors: list[str] = []
        self.notes: list[str] = []

    def take(self, name: str, parse: Callable[[str, object], T]) -> T:
        """The parsed value of `name`; on error the error is recorded and a placeholder returned."""
        value = self._get(name)
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            self.notes.append(f"{name}: {len(value):,} characters, truncated to {TEXT_LIMIT:,}")
            value = value[:TEXT_LIMIT]
        try:
            return parse(name, value)
        except FieldError as error:
            self.errors.append(str(error))
            return cast(T, None)

    def choice(self, name: str, from_text: Callable[[str], E | None], expected: str) -> E | None:
        """An optional vocabulary value."""
        return self.take(name, lambda n, v: f.choice(n, v, from_text, expected))

    def required_choice(self, name: str, from_text: Callable[[str], E | None], expected: str) -> E:
        """A vocabulary value that must be present."""

        def parse(n: str, v: object) -> E:
            """The vocabulary value, or `missing`."""
            result = f.choice(n, v, from_text, expected)
            if result is None:
                raise FieldError(n, "missing")
            return result

        return self.take(name, parse)


def _optional_text(name: str, value: object) -> str | None:
    """Text, or None when blank."""
    return f.text(name, value) or None


def _carried(parse: Callable[[str, object], T]) -> Callable[[str, object], T | None]:
    """`parse`, but None when the source does not carry the field at all (no such column)."""

    def parse_carried(name: str, value: object) -> T | None:
        return None if value is None else parse(name, value)

    return parse_carried


def normalize(get: Getter, zone: tzinfo | None = None) -> Normalized:
    """The request described by `get`, or RowRejected naming every bad field; times without an
    offset are in `zone` (None: such a time is a bad field)."""
    p = _Fields(get)
    opportunity_id = p.take("opportunity_id", f.opportunity_id)
    request = SARequest(
        opportunity_id=opportunity_id,
        opportunity_url=p.take("opportunity_url", f.url),
        account=p.take("account", f.required_text),
        opportunity_name=p.take("opportunity_name", f.required_text),
        ae_name=p.take("ae_name", f.text),
        ae_email=p.take("ae_email", f.email),
        region=p.choice("region", Region.from_text, "AMER or EMEA"),
        segment=p.required_choice("segment", Segment.from_text, "First Order, Named, Territory or SMB"),
        stage=p.required_choice("stage", Stage.from_text, "a Salesforce stage like 2-Scoping"),
        close_date=p.take("close_date", f.parse_date),
        net_arr=p.take("net_arr", f.money),
        subscription=p.choice("subscription", Subscription.from_text, "SaaS or Self-Managed"),
        requested_at=p.take("requested_at", partial(_required_datetime, zone=zone)),
        meeting_at=p.take("meeting_at", partial(f.parse_datetime, zone=zone)),
        meeting_type=p.choice(
            "meeting_type",
            MeetingType.from_text,
            "Discovery, Demo, Technical Deep Dive, Reverse AMA or Workshop",
        ),
        fast_track=p.take("fast_track", f.boolean),
        status=p.choice("status", RequestStatus.from_text, "Open or Withdrawn") or RequestStatus.OPEN,
        command_plan=CommandPlan(
            scm=p.take("scm", f.text),
            planning=p.take("planning", f.text),
            ci_cd=p.take("ci_cd", f.text),
            cloud=p.take("cloud", f.text),
            deployment=p.take("deployment", f.text),
            competitors=p.take("competitors", f.text),
            attendees=p.take("attendees", f.attendees),
            use_cases=p.take("use_cases", f.text),
            why_now=p.take("why_now", f.text),
            compelling_event=p.take("compelling_event", f.text),
        ),
        meddppicc=Meddppicc(*(p.take(name, f.text) for name in _MEDDPPICC)),
        sa_judgment=p.take("sa_judgment", _optional_text),
        named_account=p.take("named_account", f.boolean),
        csm_name=p.take("csm_name", _optional_text),
        csm_eligible=p.take("csm_eligible", _carried(f.boolean)),
        required_7=p.take("required_7", _carried(f.boolean)),
        custom_pitch_deck=p.take("custom_pitch_deck", _carried(f.text)),
        deep_technical_or_resale=p.take("deep_technical_or_resale", _carried(f.boolean)),
        narrow_scope=p.take("narrow_scope", _carried(f.boolean)),
    )  # holds placeholders where a field failed: never returned then
    if p.errors:
        raise RowRejected("; ".join(p.errors), opportunity_id)
    return Normalized(request, tuple(p.notes))


def _required_datetime(name: str, value: object, zone: tzinfo | None) -> datetime:
    """A date/time that must be present."""
    result = f.parse_datetime(name, value, zone)
    if result is None:
        raise FieldError(name, "missing")
    return result


@dataclass(frozen=True)
class RawRow:
    """A record before normalizing: its key (the 18-character id) and a digest of its mapped raw values."""

    key: str
    digest: str
    get: Getter


Skip = Callable[[RawRow], bool]  # True: the record is as it was when last mirrored (not normalized)


def raw_row(get: Getter, zone: tzinfo | None = None) -> RawRow | None:
    """The record's key and the digest of every value `normalize` reads (and the zone it reads times
    in): equal digests normalize to equal requests. None when it has no valid key, or a value
    `normalize` would truncate (its warning is reported on every run)."""
    return raw_of([get(name) for name in f.FIELD_NAMES], get, zone)


def raw_of(values: list[object], get: Getter, zone: tzinfo | None = None) -> RawRow | None:
    """`raw_row` of a record whose `values` (in `FIELD_NAMES` order) are at hand: a CSV row's cells."""
    try:
        key = f.opportunity_id("opportunity_id", values[_KEY_AT])
        text = _JSON([str(zone), *values])
    except (FieldError, TypeError, ValueError):
        return None
    # No value is longer than the whole text: most rows need no look at each value.
    if len(text) > TEXT_LIMIT and any(isinstance(v, str) and len(v) > TEXT_LIMIT for v in values):
        return None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return RawRow(key, digest, get)


def values_getter(values: list[object]) -> Getter:
    """The Getter of a record's `values` in `FIELD_NAMES` order (no per-record dict)."""

    def get(name: str) -> object:
        at = _FIELD_AT.get(name)
        return None if at is None else values[at]

    return get


_JSON = json.JSONEncoder(ensure_ascii=False, default=repr).encode  # json.dumps's, built once
_FIELD_AT = {name: i for i, name in enumerate(f.FIELD_NAMES)}
_KEY_AT = _FIELD_AT["opportunity_id"]
