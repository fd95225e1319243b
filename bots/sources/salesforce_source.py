"""What `sources:` says about a Salesforce org, apart from the client (`bots.sources.salesforce`), which
loads simple-salesforce: the config reads it without, and the client takes it."""

from __future__ import annotations

from dataclasses import dataclass

from bots.sources.fields import DEFAULT_SALESFORCE_MAPPING, FieldMapping


@dataclass(frozen=True)
class SalesforceSource:
    """A Salesforce org; holds the *names* of the environment variables with credentials."""

    label: str
    username_env: str | None = None
    password_env: str | None = None
    token_env: str | None = None
    instance_url_env: str | None = None
    access_token_env: str | None = None
    domain: str = "login"
    version: str = "59.0"
    mapping: FieldMapping = DEFAULT_SALESFORCE_MAPPING
    where: str | None = None
