"""What a source yields: requests that parsed, and problems for those that did not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Literal

from bots.errors import Problem
from bots.sources.fields import FIELD_NAMES
from bots.sources.normalize import (
    Getter,
    RawRow,
    RowRejected,
    Skip,
    normalize,
    raw_of,
    raw_row,
    values_getter,
)
from bots.sources.request import SARequest


@dataclass(frozen=True)
class SourceResult:
    """Good requests (one per opportunity id) and one Problem per bad or suspicious record."""

    requests: tuple[SARequest, ...] = ()
    problems: tuple[Problem, ...] = ()
    # Ids of records that were rejected and are not in `requests`: they exist, but are unreadable
    # now, so a consumer must not treat them as gone (e.g. close their issues).
    rejected_ids: frozenset[str] = field(default_factory=frozenset)
    # Asked for by a consumer that can tell (the mirror, `Skip`): ids of records exactly as they were
    # when last mirrored, not normalized; and the raw digest of each request's record (of `requests`).
    unchanged: frozenset[str] = field(default_factory=frozenset)
    digests: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LookedUp:
    """What Salesforce says of one id the query did not return.

    `found`: the record exists (`request` is it, read like any other; `status_empty`: its SA request
    status is blank); `deleted`: it is in the recycle bin."""

    key: str
    fate: Literal["found", "deleted"]
    request: SARequest | None = None
    status_empty: bool = False


class Accumulator:
    """Collects records in order; a later record with the same id replaces the earlier one."""

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[SARequest | None, str]] = {}  # None: unchanged, not normalized
        self._digests: dict[str, str] = {}
        self._rejected: set[str] = set()
        self.problems: list[Problem] = []

    def add_record(self, place: str, get: Getter, zone: tzinfo | None = None,
                   skip: Skip | None = None) -> None:
        """Normalize one record; report it at `place` if it is bad, warn if it had to be truncated
        (the request is kept: a warning, not a failure). A record `skip` finds unchanged is kept by
        its id alone."""
        raw = raw_row(get, zone) if skip is not None else None
        if raw is not None and skip is not None and skip(raw):
            self.add_unchanged(raw.key, place)
            return
        self._normalize(place, get, zone, raw)

    def add_values(self, place: str, values: list[object], zone: tzinfo | None = None,
                   skip: Skip | None = None) -> None:
        """`add_record` of a record given as its `values` in `FIELD_NAMES` order (a CSV row's cells):
        digested as they are; read through a dict (C lookups, ~45 of them) only when normalized."""
        raw = raw_of(values, values_getter(values), zone) if skip is not None else None
        if raw is not None and skip is not None and skip(raw):
            self.add_unchanged(raw.key, place)
            return
        self._normalize(place, dict(zip(FIELD_NAMES, values, strict=True)).get, zone, raw)

    def _normalize(self, place: str, get: Getter, zone: tzinfo | None, raw: RawRow | None) -> None:
        try:
            normalized = normalize(get, zone)
        except RowRejected as rejected:
            self.problems.append(Problem(place, str(rejected)))
            if rejected.opportunity_id:
                self._rejected.add(rejected.opportunity_id)
            return
        self.problems.extend(Problem(place, note, warning=True) for note in normalized.notes)
        self.add(normalized.request, place, raw.digest if raw is not None else None)

    def add_unchanged(self, key: str, place: str) -> None:
        """Keep the id of a record that is as it was when last mirrored (a later record still wins)."""
        self._keep(key, None, place, None)

    def add(self, request: SARequest, place: str, digest: str | None = None) -> None:
        """Keep `request`; if its id was seen, report the duplicate and let this one win."""
        self._keep(request.opportunity_id, request, place, digest)

    def _keep(self, key: str, request: SARequest | None, place: str, digest: str | None) -> None:
        earlier = self._by_id.get(key)
        if earlier is not None:
            self.problems.append(
                Problem(place, f"opportunity_id: duplicate of {earlier[1]} ({key}); the later one wins")
            )
        self._by_id[key] = (request, place)
        if digest is None:
            self._digests.pop(key, None)
        else:
            self._digests[key] = digest

    def extend(self, result: SourceResult, place: str) -> None:
        """Merge another source's result, its requests all reported as coming from `place`."""
        self.problems.extend(result.problems)
        self._rejected |= result.rejected_ids
        for request in result.requests:
            self.add(request, place, result.digests.get(request.opportunity_id))
        for key in sorted(result.unchanged):
            self.add_unchanged(key, place)

    def result(self) -> SourceResult:
        """Everything collected so far."""
        return SourceResult(
            requests=tuple(request for request, _ in self._by_id.values() if request is not None),
            problems=tuple(self.problems),
            rejected_ids=frozenset(self._rejected - self._by_id.keys()),
            unchanged=frozenset(k for k, (request, _) in self._by_id.items() if request is None),
            digests=dict(self._digests),
        )
