"""Digest settings from `sa-triage.yml` (`digest:`): a default for every key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

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
    return DigestSettings(
        enabled=node.typed("enabled", bool, d.enabled), mode=node.field("mode", _mode, d.mode),
        weekday=node.field("weekday", _weekday, d.weekday),
        hour=node.ranged("hour", d.hour, 0, 23),
        label=node.field("label", _label, d.label),
        regions=node.field("regions", partial(_regions, regions=regions), d.regions),
        history_weeks=node.ranged("history_weeks", d.history_weeks, 1, 12),
        upcoming_days=node.ranged("upcoming_days", d.upcoming_days, 1, 31),
        near_breach_hours=node.ranged("near_breach_hours", d.near_breach_hours, 0, 72),
        close_previous=node.typed("close_previous", bool, d.close_previous))


def _mode(node: Node) -> str:
    mode = node.get(str, DigestSettings.mode)
    if mode not in MODES:
        raise node.error(f"expected one of {', '.join(MODES)}, got {mode!r}")
    return mode


def _weekday(node: Node) -> int:
    day = node.get(str, WEEKDAYS[DigestSettings.weekday]).strip().lower()
    if day not in WEEKDAYS:
        raise node.error(f"expected a weekday name like 'monday', got {day!r}")
    return WEEKDAYS.index(day)


def _regions(node: Node, regions: set[str] | None) -> tuple[str, ...]:
    chosen = node.strings() if node.value is not None else ()
    for i, name in enumerate(chosen):
        if regions is not None and name not in regions:
            node.child(i).reject(f"unknown region {name!r}")
    return chosen


def _label(node: Node) -> str:
    label = node.get(str, DigestSettings.label).strip()
    if not label:
        raise node.error("must not be blank")
    return label


def _read(root: Node, declared: Declared) -> DigestSettings:
    return parse_digest(root.child("digest"), set(declared.regions))


SECTION = ConfigSection(("digest",), DigestSettings, _read)
