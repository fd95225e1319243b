"""Approvals by 👍 award, tracked against the fields' fingerprint (a 👍 on older fields is stale).

On-site requests: the region's SA Manager and ASM (`evaluate`). Ephemeral Slack channels: the SA
and, for an existing account, the CSM the form names (`bots.forms.slack`); both count the same way
(`evaluate_roles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bots.config import Config, RegionConfig
from bots.model import Award, Issue

APPROVED_LABEL = "onsite::approved"
APPROVAL_EMOJI = "thumbsup"
REGION_PREFIX = "region::"


class Role(StrEnum):
    """Who must approve an on-site request."""

    SA_MANAGER = "SA Manager"
    ASM = "Area Sales Manager"
    SA = "Approving SA"
    CSM = "Account CSM"


@dataclass(frozen=True)
class RoleStatus:
    """One role: who may give it, whose current 👍 gives it, and whose 👍 predates the fields."""

    role: Role
    candidates: tuple[str, ...]
    approved_by: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.approved_by)


@dataclass(frozen=True)
class Approvals:
    """Where an on-site request stands with its approvers."""

    region: str | None
    roles: tuple[RoleStatus, ...] = ()
    ignored: tuple[str, ...] = ()  # usernames whose 👍 does not count
    record: dict[str, list[Any]] = field(default_factory=dict)  # approver -> [award id, fingerprint]

    @property
    def approved(self) -> bool:
        return bool(self.roles) and all(r.ok for r in self.roles)

    @property
    def stale(self) -> bool:
        return any(r.stale and not r.ok for r in self.roles)


def region_of(issue: Issue, cfg: Config) -> str | None:
    """The issue's region: its one `region::` label, else its author's roster region, else None."""
    labelled = {x.removeprefix(REGION_PREFIX) for x in issue.labels if x.startswith(REGION_PREFIX)}
    known = sorted(labelled & set(cfg.regions))
    if known:
        return known[0] if len(known) == 1 else None  # several regions: ambiguous
    person = cfg.person(issue.author)
    return person.region if person and person.region in cfg.regions else None


def _thumbs(awards: Iterable[Award]) -> dict[str, Award]:
    """Each user's 👍 on the issue, by case-folded username (usernames ignore case on GitLab)."""
    found: dict[str, Award] = {}
    for award in sorted(awards, key=lambda x: x.id):
        if award.name == APPROVAL_EMOJI and award.user:
            found.setdefault(award.user.casefold(), award)
    return found


def _previous(previous: Mapping[str, Any], name: str) -> tuple[int, str] | None:
    """The award id and fingerprint recorded for `name` on an earlier run, if well-formed."""
    entry = previous.get(name)
    if isinstance(entry, list) and len(entry) == 2:
        award_id, fingerprint = entry
        if isinstance(award_id, int) and isinstance(fingerprint, str):
            return award_id, fingerprint
    return None


def evaluate(awards: Iterable[Award], region: RegionConfig | None, previous: Mapping[str, Any],
             fingerprint: str) -> Approvals:
    """Count the 👍 of the region's approvers against the fields' current fingerprint.

    An approval is tied to the fingerprint the bot first saw it with (kept in `previous`, keyed by
    the approver's configured username, with the award's id). A 👍 removed and given again is a
    new award: it approves the fields as they are now.
    """
    if region is None:
        return Approvals(None)
    role_names = ((Role.SA_MANAGER, region.managers), (Role.ASM, region.area_sales_managers))
    return evaluate_roles(awards, region.name, role_names, previous, fingerprint)


def evaluate_roles(awards: Iterable[Award], region: str | None,
                   role_names: Iterable[tuple[Role, Iterable[str]]], previous: Mapping[str, Any],
                   fingerprint: str) -> Approvals:
    """Count the 👍 of each role's approvers (see `evaluate`); anyone else's 👍 is listed as ignored."""
    roles_in = tuple((role, tuple(names)) for role, names in role_names)
    approvers = {name.casefold(): name for _, names in roles_in for name in names}
    record: dict[str, list[Any]] = {}
    ignored: list[str] = []
    for folded, award in _thumbs(awards).items():
        name = approvers.get(folded)
        if name is None:
            ignored.append(award.user)
            continue
        seen = _previous(previous, name)
        record[name] = [award.id, seen[1] if seen and seen[0] == award.id else fingerprint]
    roles = tuple(
        RoleStatus(role, names,
                   tuple(n for n in names if n in record and record[n][1] == fingerprint),
                   tuple(n for n in names if n in record and record[n][1] != fingerprint))
        for role, names in roles_in
    )
    return Approvals(region, roles, tuple(sorted(ignored, key=str.casefold)), record)
