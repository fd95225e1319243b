"""`sa-triage validate --online`: what only GitLab and Salesforce can tell, asked once each.

The token needs the `api` scope (issues, notes, labels, the board, templates, schedules) and the
Maintainer role (`setup` commits the issue templates to the default branch and owns the pipeline
schedules); every field a Salesforce source maps must exist on its org's Opportunity.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from bots.config import Config
from bots.errors import SaTriageError
from bots.gateway.access import ROLE_NAMES, TokenAccess
from bots.sources.salesforce_source import SalesforceSource

REQUIRED_SCOPE = "api"
REQUIRED_LEVEL = 40  # Maintainer
EXPIRY_WARNING = timedelta(days=30)


def access_problems(access: TokenAccess, project: str, today: date) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the token's scopes, role and expiry."""
    errors, warnings = [], []
    if access.scopes is None:
        warnings.append("GitLab did not say the token's scopes (GET /personal_access_tokens/self)")
    elif REQUIRED_SCOPE not in access.scopes:
        have = ", ".join(access.scopes) or "none"
        errors.append(f"GITLAB_TOKEN: scopes {have}; the bots need {REQUIRED_SCOPE!r} "
                      "(read_api cannot write issues, notes or labels)")
    if (access.access_level or 0) < REQUIRED_LEVEL:
        errors.append(f"GITLAB_TOKEN: {access.role} on {project}; the bots need "
                      f"{ROLE_NAMES[REQUIRED_LEVEL]} (setup commits the issue templates and owns "
                      "the pipeline schedules)")
    if access.expires_at is not None and access.expires_at - today <= EXPIRY_WARNING:
        warnings.append(f"GITLAB_TOKEN expires on {access.expires_at.isoformat()}: rotate it soon")
    return errors, warnings


def salesforce_sources(cfg: Config) -> list[SalesforceSource]:
    return [s for s in (cfg.sources.sources if cfg.sources else ()) if isinstance(s, SalesforceSource)]


def salesforce_problems(cfg: Config, env: Mapping[str, str]) -> list[str]:
    """Each mapped field missing on each Salesforce source's org (one line each, named by source)."""
    from bots.sources.salesforce import missing_fields  # loads simple-salesforce: only when used

    out: list[str] = []
    for source in salesforce_sources(cfg):
        try:
            out.extend(f"{cfg.file}: {source.label}.fields.{line}" for line in missing_fields(source, env))
        except SaTriageError as e:
            out.append(f"{cfg.file}: {source.label}: {e}")
    return out
