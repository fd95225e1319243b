"""SA requests read from Salesforce Opportunities with one paginated SOQL query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceAuthenticationFailed, SalesforceError

from bots.errors import SaTriageError, UsageError
from bots.sources.fields import FieldMapping
from bots.sources.normalize import Getter, lookup, mapped_getter
from bots.sources.result import Accumulator, SourceResult
from bots.sources.salesforce_source import SalesforceSource

TIMEOUT_SECONDS = 60


class SalesforceAccessError(UsageError):
    """Salesforce refused us (credentials, session, query, permissions): nothing was read."""


class _TimeoutSession(requests.Session):
    """A requests session that never waits forever (simple-salesforce sets no timeout)."""

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        """Send with a default timeout."""
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True, repr=False)
class _Secrets:
    """Credential values, kept only to scrub them from any message we show."""

    values: tuple[str, ...]

    def scrub(self, text: str) -> str:
        """`text` with every credential value replaced by `***`."""
        for value in self.values:
            if value:
                text = text.replace(value, "***")
        return text


def select_columns(mapping: FieldMapping) -> list[str]:
    """`Id` and every mapped field, once each, in mapping order."""
    columns = ["Id"]
    for column in mapping.columns.values():
        if column is not None and column not in columns:
            columns.append(column)
    return columns


def build_soql(mapping: FieldMapping, where: str | None) -> str:
    """`SELECT <every mapped field> FROM Opportunity WHERE ...`; default: has an SA request status."""
    columns = select_columns(mapping)
    status = mapping.column("status")
    condition = where or (f"{status} != null" if status else "")
    soql = f"SELECT {', '.join(columns)} FROM Opportunity"
    return f"{soql} WHERE {condition} ORDER BY Id" if condition else f"{soql} ORDER BY Id"


def _env(env: Mapping[str, str], source: SalesforceSource, role: str, empty_ok: bool = False) -> str:
    """The value of the environment variable that the config's `role` key names."""
    name = getattr(source, role)
    value = env.get(name) if name else None
    if value is None or (not value and not empty_ok):
        raise UsageError(f"{source.label}: environment variable {name} ({role}) is not set")
    return value


def _connect(source: SalesforceSource, env: Mapping[str, str]) -> tuple[Salesforce, _Secrets]:
    """A logged-in client; SalesforceAccessError (credentials scrubbed) if login fails."""
    common: dict[str, Any] = {
        "version": source.version,
        "session": _TimeoutSession(),
        "parse_float": Decimal,
    }
    if source.username_env:
        username = _env(env, source, "username_env")
        password = _env(env, source, "password_env")
        token = _env(env, source, "token_env", empty_ok=True)
        secrets = _Secrets((password, token))
        login: dict[str, Any] = {"username": username, "password": password, "security_token": token}
        common |= {"domain": source.domain}
    else:
        instance_url = _env(env, source, "instance_url_env")
        access_token = _env(env, source, "access_token_env")
        secrets = _Secrets((access_token,))
        login = {"instance_url": instance_url, "session_id": access_token}
    try:
        return Salesforce(**login, **common), secrets
    except SalesforceAuthenticationFailed as error:
        who = source.username_env or source.access_token_env
        text = f"Salesforce login failed for the credentials in {who}: {error.code}: "
        raise SalesforceAccessError(secrets.scrub(text + error.auth_message)) from None
    except requests.RequestException as error:
        raise SaTriageError(secrets.scrub(f"Salesforce login unreachable: {error}")) from None


def _describe(error: SalesforceError) -> str:
    """`ERROR_CODE: message` from a Salesforce REST error body."""
    content: object = error.content
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        return "; ".join(f"{e.get('errorCode')}: {e.get('message')}" for e in content)
    return str(content)[:500]


def _records_getter(record: Mapping[str, object], source: SalesforceSource, host: str) -> Getter:
    """A Getter over one record; the Opportunity URL is derived when no field holds it."""
    base = mapped_getter(record, source.mapping)

    def get(name: str) -> object:
        """The raw value of field `name`, or the derived record URL."""
        if name == "opportunity_url" and source.mapping.column(name) is None:
            record_id = lookup(record, source.mapping.column("opportunity_id") or "Id")
            return f"https://{host}/lightning/r/Opportunity/{record_id}/view" if record_id else None
        return base(name)

    return get


def _collect(records: Iterable[Mapping[str, object]], source: SalesforceSource, host: str) -> Accumulator:
    """Normalize each record, reporting bad ones as "salesforce Opportunity <Id>"."""
    acc = Accumulator()
    for number, record in enumerate(records, start=1):
        record_id = record.get("Id")
        place = f"salesforce Opportunity {record_id}" if record_id else f"salesforce record {number}"
        acc.add_record(place, _records_getter(record, source, host))
    return acc


def fetch_requests(sf_config: SalesforceSource, env: Mapping[str, str]) -> SourceResult:
    """Every Opportunity with an SA request, all pages read; bad records reported, not fatal."""
    client, secrets = _connect(sf_config, env)
    soql = build_soql(sf_config.mapping, sf_config.where)
    try:
        acc = _collect(client.query_all_iter(soql), sf_config, client.sf_instance)
    except SalesforceError as error:
        text = secrets.scrub(f"Salesforce query failed (HTTP {error.status}): {_describe(error)}")
        if 400 <= error.status < 500:
            raise SalesforceAccessError(text) from None
        raise SaTriageError(text) from None  # a Salesforce outage: not the user's doing
    except requests.RequestException as error:
        raise SaTriageError(secrets.scrub(f"Salesforce query failed: {error}")) from None
    return acc.result()


def missing_fields(sf_config: SalesforceSource, env: Mapping[str, str]) -> list[str]:
    """Each mapped field that the org's Opportunity lacks, as `field: Column (why)`; one describe()
    of Opportunity and one of each related object a `Relation.Field` column reaches."""
    client, secrets = _connect(sf_config, env)
    described: dict[str, dict[str, Mapping[str, Any]]] = {}

    def fields_of(sobject: str) -> dict[str, Mapping[str, Any]]:
        if sobject not in described:
            result = getattr(client, sobject).describe()
            described[sobject] = {str(x["name"]).lower(): x for x in result.get("fields", ())}
        return described[sobject]

    try:
        return [f"{name}: {column} ({problem})" for name, column in sf_config.mapping.columns.items()
                if column is not None and (problem := _field_problem(fields_of, column)) is not None]
    except SalesforceError as error:
        text = secrets.scrub(f"Salesforce describe failed (HTTP {error.status}): {_describe(error)}")
        raise SalesforceAccessError(text) from None
    except requests.RequestException as error:
        raise SaTriageError(secrets.scrub(f"Salesforce describe failed: {error}")) from None


def _field_problem(fields_of: Any, column: str) -> str | None:
    """Why `column` (`Name`, or `Account.Name` through the Account lookup) is not on Opportunity."""
    sobject, *relations, name = ["Opportunity", *column.split(".")]
    for relation in relations:
        lookup = next((x for x in fields_of(sobject).values()
                       if str(x.get("relationshipName") or "").lower() == relation.lower()), None)
        if lookup is None or not lookup.get("referenceTo"):
            return f"{sobject} has no relationship {relation!r}"
        sobject = str(lookup["referenceTo"][0])
    if name.lower() not in fields_of(sobject):
        return f"no field {name!r} on {sobject}"
    return None
