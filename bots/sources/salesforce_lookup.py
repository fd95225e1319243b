"""The Salesforce side of `bots.sources.lookup`: Opportunities by id, deleted ones included."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import requests
from simple_salesforce.exceptions import SalesforceError

from bots.errors import Problem, SaTriageError
from bots.sources.normalize import RowRejected, lookup, normalize
from bots.sources.result import LookedUp
from bots.sources.salesforce import (
    SalesforceAccessError,
    _connect,
    _describe,
    _records_getter,
    select_columns,
)
from bots.sources.salesforce_source import SalesforceSource
from bots.sources.sfid import BadId, opportunity_id

CHUNK = 200  # ids per query: 200 x 21 characters keeps the GET's URL well below Salesforce's 16 KB


def lookup_soql(source: SalesforceSource, ids: Sequence[str]) -> str:
    """`SELECT Id, IsDeleted, <mapped fields> FROM Opportunity WHERE Id IN (...)`: ids already checked
    as Opportunity ids (letters and digits only), so none can change the query."""
    columns = [c for c in select_columns(source.mapping) if c != "IsDeleted"]
    quoted = ", ".join(f"'{x}'" for x in ids)
    return f"SELECT {', '.join([*columns, 'IsDeleted'])} FROM Opportunity WHERE Id IN ({quoted}) ORDER BY Id"


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _ids(keys: Sequence[str]) -> list[str]:
    """The keys that are Opportunity ids (an export's own ids, e.g. `OPP-1`, are no org's)."""
    out = []
    for key in keys:
        try:
            out.append(opportunity_id(key))
        except BadId:
            continue
    return sorted(set(out))


def look_up(source: SalesforceSource, env: Mapping[str, str],
            keys: Sequence[str]) -> tuple[dict[str, LookedUp], list[Problem]]:
    """The verdict on each of `keys` the org knows (deleted ones included), and the records that
    could not be read (reported, no verdict: they are left as they are). One query per CHUNK ids."""
    ids = _ids(keys)
    if not ids:
        return {}, []
    client, secrets = _connect(source, env)
    verdicts: dict[str, LookedUp] = {}
    problems: list[Problem] = []
    try:
        for chunk in _chunks(ids):
            for record in client.query_all_iter(lookup_soql(source, chunk), include_deleted=True):
                verdict = _verdict(record, source, client.sf_instance, problems)
                if verdict is not None:
                    verdicts[verdict.key] = verdict
    except SalesforceError as error:
        text = secrets.scrub(f"Salesforce query failed (HTTP {error.status}): {_describe(error)}")
        raise (SalesforceAccessError if 400 <= error.status < 500 else SaTriageError)(text) from None
    except requests.RequestException as error:
        raise SaTriageError(secrets.scrub(f"Salesforce query failed: {error}")) from None
    return verdicts, problems


def _verdict(record: Mapping[str, object], source: SalesforceSource, host: str,
             problems: list[Problem]) -> LookedUp | None:
    key = str(record.get("Id") or "")
    if record.get("IsDeleted") is True:
        return LookedUp(key, "deleted")
    place = f"salesforce Opportunity {key}"
    try:
        normalized = normalize(_records_getter(record, source, host))
    except RowRejected as rejected:
        problems.append(Problem(place, f"looked up by id: {rejected}"))
        return None
    status = source.mapping.column("status")
    empty = status is not None and not str(lookup(record, status) or "").strip()
    return LookedUp(normalized.request.opportunity_id, "found", normalized.request, status_empty=empty)
