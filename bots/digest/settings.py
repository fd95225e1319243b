"""Digest settings from `sa-triage.yml` (`digest:`): a default for every key."""

from __future__ import annotations

from dataclasses import dataclass

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MODES = ("weekly-issue", "pinned-issue")


@dataclass(frozen=True)
class DigestSettings:
    enabled: bool = True
    mode: str = "weekly-issue"  # one issue per region per week, or one issue per region edited in place
    weekday: int = 0  # the week closes (and the digest is due) on this weekday (0 = Monday)...
    hour: int = 0  # ...at this hour, in the region's time zone
    label: str = "sa-digest"  # on every digest issue (how the bot finds them again)
    regions: tuple[str, ...] = ()  # () = every configured region
    history_weeks: int = 4  # the reporting week is compared with this many weeks before it
    upcoming_days: int = 7  # meetings in this many days after the week closes
    near_breach_hours: int = 4  # triage due within this many hours counts as a near breach
    close_previous: bool = True  # weekly-issue: close last week's digest when the new one is created

    @property
    def pinned(self) -> bool:
        return self.mode == "pinned-issue"


def digest_settings(cfg: Config) -> DigestSettings:
    return cfg.section(DigestSettings)


def parse_digest(node: Node, regions: set[str] | None = None) -> DigestSettings:
    """`digest:` → settings; errors name the key path; unknown keys are errors."""
    d = DigestSettings()
    node.keys({"enabled", "mode", "weekday", "hour", "label", "regions", "history_weeks", "upcoming_days",
               "near_breach_hours", "close_previous"})
    mode = node.child("mode").get(str, d.mode)
    if mode not in MODES:
        raise node.child("mode").error(f"expected one of {', '.join(MODES)}, got {mode!r}")
    day = node.child("weekday").get(str, WEEKDAYS[d.weekday]).strip().lower()
    if day not in WEEKDAYS:
        raise node.child("weekday").error(f"expected a weekday name like 'monday', got {day!r}")
    hour = node.child("hour").bounded(d.hour, 0, 23)
    chosen = node.child("regions").strings() if node.child("regions").value is not None else ()
    for i, name in enumerate(chosen):
        if regions is not None and name not in regions:
            raise node.child("regions").child(i).error(f"unknown region {name!r}")
    label = node.child("label").get(str, d.label).strip()
    if not label:
        raise node.child("label").error("must not be blank")
    return DigestSettings(
        enabled=node.child("enabled").get(bool, d.enabled), mode=mode, weekday=WEEKDAYS.index(day),
        hour=hour, label=label, regions=tuple(chosen),
        history_weeks=node.child("history_weeks").bounded(d.history_weeks, 1, 12),
        upcoming_days=node.child("upcoming_days").bounded(d.upcoming_days, 1, 31),
        near_breach_hours=node.child("near_breach_hours").bounded(d.near_breach_hours, 0, 72),
        close_previous=node.child("close_previous").get(bool, d.close_previous))


def _read(root: Node, declared: Declared) -> DigestSettings:
    return parse_digest(root.child("digest"), set(declared.regions))


SECTION = ConfigSection(("digest",), DigestSettings, _read)
