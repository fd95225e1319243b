"""Declared pipeline schedules (schedules/*.yml), validated like the config."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bots.actions import ScheduleSpec
from bots.errors import ConfigError
from bots.schema import Node

KEY_VARIABLE = "SA_TRIAGE_SCHEDULE"  # shows which declared schedule a pipeline came from
# The key also ends the description, so a schedule is recognisable as ours from the one POST that
# creates it (a run killed before its variables were added must not make a second one).
_KEY_IN_DESCRIPTION = re.compile(r" \[sa-triage:([A-Za-z0-9_.\-]+)\]$")


def schedule_key(description: str, variables: dict[str, str]) -> str | None:
    """The key of a schedule sa-triage manages, or None for one that people made."""
    m = _KEY_IN_DESCRIPTION.search(description or "")
    return m.group(1) if m else variables.get(KEY_VARIABLE)
_VARIABLE_KEY = re.compile(r"^[A-Za-z0-9_]{1,255}$")
_CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
_CRON_NAMES = re.compile(r"^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*$")


def load_schedules(directory: Path, default_ref: str) -> tuple[ScheduleSpec, ...]:
    """Every `*.yml` in `directory`, sorted by file name; the file stem is the schedule's key."""
    specs = []
    for path in sorted(directory.glob("*.yml")):
        specs.append(parse_schedule(path, default_ref))
    return tuple(specs)


def parse_schedule(path: Path, default_ref: str) -> ScheduleSpec:
    file = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ConfigError(file, "", f"invalid YAML: {e}") from None
    node = Node(file, "", raw, [])
    node.keys({"description", "cron", "cron_timezone", "ref", "active", "variables"})
    cron = node.child("cron").get(str, required=True).strip()
    fields = cron.split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(f) or _CRON_NAMES.match(f) for f in fields):
        raise node.child("cron").error(f"not a five-field cron expression: {cron!r}")
    tz = node.child("cron_timezone").get(str, required=True)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise node.child("cron_timezone").error(f"unknown time zone {tz!r}") from None
    variables = []
    for key, value in node.child("variables").items():
        if not _VARIABLE_KEY.match(key):
            raise node.child("variables").error(f"invalid variable name {key!r}")
        variables.append((key, str(value.value)))
    if any(k == KEY_VARIABLE for k, _ in variables):
        raise node.child("variables").error(f"{KEY_VARIABLE} is set by sa-triage itself")
    variables.append((KEY_VARIABLE, path.stem))
    return ScheduleSpec(
        key=path.stem,
        description=f"{node.child('description').get(str, required=True)} [sa-triage:{path.stem}]",
        cron=cron, cron_timezone=tz,
        ref=node.child("ref").get(str, default_ref),
        active=node.child("active").get(bool, True),
        variables=tuple(sorted(variables)),
    )
