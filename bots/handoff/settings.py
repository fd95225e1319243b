"""Handoff settings from `sa-triage.yml` (`handoff:`): a default for every key."""

from __future__ import annotations

from dataclasses import dataclass

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node

ROLES = ("sa", "manager", "demo-architect")


@dataclass(frozen=True)
class HandoffSettings:
    enabled: bool = True
    remind_after_business_days: int = 3  # one reminder when a box is still open this long after posting
    roles: tuple[str, ...] = ("sa",)  # roster roles whose assignment counts as "the SA" of a request
    business_hours_only: bool = True  # the checklist and reminder wait for the recipients' hours


def handoff_settings(cfg: Config) -> HandoffSettings:
    return cfg.section(HandoffSettings)


def parse_handoff(node: Node) -> HandoffSettings:
    """`handoff:` → settings; errors name the key path; unknown keys are errors."""
    d = HandoffSettings()
    node.keys({"enabled", "remind_after_business_days", "roles", "business_hours_only"})
    days = node.field("remind_after_business_days", _remind_days, d.remind_after_business_days)
    return HandoffSettings(node.typed("enabled", bool, d.enabled), days, node.field("roles", _roles, d.roles),
                           node.typed("business_hours_only", bool, d.business_hours_only))


def _remind_days(node: Node) -> int:
    days = node.get(int, HandoffSettings.remind_after_business_days)
    if not 1 <= days <= 30:
        raise node.error("expected 1 to 30 business days")
    return days


def _roles(node: Node) -> tuple[str, ...]:
    roles = node.strings() if node.value is not None else HandoffSettings.roles
    for i, role in enumerate(roles):
        if role not in ROLES:
            node.child(i).reject(f"expected one of {', '.join(ROLES)}, got {role!r}")
    if not roles:
        raise node.error("name at least one role")
    return roles


def _read(root: Node, declared: Declared) -> HandoffSettings:
    return parse_handoff(root.child("handoff"))


SECTION = ConfigSection(("handoff",), HandoffSettings, _read)
