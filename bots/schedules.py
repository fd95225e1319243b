"""Declared pipeline schedules (schedules/*.yml), validated like the config."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from croniter import CroniterBadCronError, CroniterBadDateError, croniter

from bots.actions import ScheduleSpec
from bots.errors import ConfigError
from bots.schema import Node, load_yaml, raise_found

KEY_VARIABLE = "SA_TRIAGE_SCHEDULE"  # shows which declared schedule a pipeline came from
# The key also ends the description, so a schedule is recognisable as ours from the one POST that
# creates it (a run killed before its variables were added must not make a second one).
_KEY_IN_DESCRIPTION = re.compile(r" \[sa-triage:([A-Za-z0-9_.\-]+)\]$")


def schedule_key(description: str, variables: dict[str, str]) -> str | None:
    """The key of a schedule sa-triage manages, or None for one that people made."""
    m = _KEY_IN_DESCRIPTION.search(description or "")
    return m.group(1) if m else variables.get(KEY_VARIABLE)
BOTS_VARIABLE = "SA_TRIAGE_BOTS"  # the bots a scheduled pipeline runs (none: every bot)
_VARIABLE_KEY = re.compile(r"^[A-Za-z0-9_]{1,255}$")
_CRON_EXPECTED = "five fields: minute (0-59) hour (0-23) day of month (1-31) month (1-12) weekday (0-7)"


def load_schedules(directory: Path, default_ref: str) -> tuple[ScheduleSpec, ...]:
    """Every `*.yml` in `directory`, sorted by file name; the file stem is the schedule's key.
    Every problem of every file is raised at once (ConfigErrors)."""
    specs, found = read_schedules(directory, default_ref)
    raise_found(found)
    return specs


def read_schedules(directory: Path, default_ref: str) -> tuple[tuple[ScheduleSpec, ...], list[ConfigError]]:
    """The schedules that could be read (those with a bad value too, for the checks across them),
    and every problem found."""
    found: list[ConfigError] = []
    specs = []
    for path in sorted(directory.glob("*.yml")):
        spec = _read_schedule(path, default_ref, found)
        if spec is not None:
            specs.append(spec)
    return tuple(specs), found


def check_cron(cron: str) -> str | None:
    """What is wrong with a GitLab pipeline schedule's cron expression (croniter reads it), or None."""
    if len(cron.split()) != 5:
        return f"not a five-field cron expression: {cron!r} (expected {_CRON_EXPECTED})"
    try:
        croniter(cron, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterBadDateError:
        return f"{cron!r} never fires (no such date)"
    except (CroniterBadCronError, ValueError) as e:
        return f"not a valid cron expression: {cron!r} ({e}; expected {_CRON_EXPECTED})"
    return None


def parse_schedule(path: Path, default_ref: str) -> ScheduleSpec:
    """One schedule file; every problem in it raised at once."""
    found: list[ConfigError] = []
    spec = _read_schedule(path, default_ref, found)
    raise_found(found)
    assert spec is not None
    return spec


def _read_schedule(path: Path, default_ref: str, found: list[ConfigError]) -> ScheduleSpec | None:
    file = str(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        found.append(ConfigError(file, "", f"invalid YAML: {e}"))
        return None
    node = Node(file, "", raw, found)
    node.keys({"description", "cron", "cron_timezone", "ref", "active", "variables"})
    return node.collect(partial(_spec, node, path.stem, default_ref), None)


def _cron(node: Node) -> str:
    cron = node.get(str, required=True).strip()
    problem = check_cron(cron)
    if problem:
        raise node.error(problem)
    return cron


def _zone(node: Node) -> str:
    tz = node.get(str, required=True)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise node.error(f"unknown time zone {tz!r}") from None
    return tz


def _spec(node: Node, key: str, default_ref: str) -> ScheduleSpec:
    cron = node.collect(partial(_cron, node.child("cron")), "")
    tz = node.collect(partial(_zone, node.child("cron_timezone")), "")
    description = node.collect(partial(node.child("description").get, str, required=True), "")
    variables = []
    listed = node.child("variables")
    for name, value in node.collect(lambda: list(listed.items()), []):
        if not _VARIABLE_KEY.match(name):  # each reported; the schedule is read on without it
            listed.reject(f"invalid variable name {name!r}")
        elif name == KEY_VARIABLE:
            listed.reject(f"{KEY_VARIABLE} is set by sa-triage itself")
        else:
            variables.append((name, str(value.value)))
    variables.append((KEY_VARIABLE, key))
    return ScheduleSpec(
        key=key,
        description=f"{description} [sa-triage:{key}]",
        cron=cron, cron_timezone=tz,
        ref=node.typed("ref", str, default_ref),
        active=node.typed("active", bool, True),
        variables=tuple(sorted(variables)),
    )


def bots_of(spec: ScheduleSpec) -> tuple[str, ...] | None:
    """The bots a schedule runs (its SA_TRIAGE_BOTS), or None for every bot (the variable unset)."""
    value = dict(spec.variables).get(BOTS_VARIABLE)
    return None if value is None or not value.split() else tuple(value.split())


def coverage_problems(specs: Iterable[ScheduleSpec], directory: Path, bots: Iterable[str]
                      ) -> list[ConfigError]:
    """Bot names in the schedules that no bot has, and registered bots that no schedule runs."""
    known = list(bots)
    problems: list[ConfigError] = []
    ran: set[str] = set()
    for spec in specs:
        names = bots_of(spec)
        ran.update(known if names is None else names)
        for name in names or ():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                problems.append(ConfigError(str(directory / f"{spec.key}.yml"), f"variables.{BOTS_VARIABLE}",
                                            f"unknown bot {name!r} ({hint}known: {', '.join(known)})"))
    for name in known:
        if name not in ran:
            problems.append(ConfigError(str(directory), "", f"bot {name!r} runs on no schedule: add "
                                        f"schedules/{name}.yml with {BOTS_VARIABLE}: {name!r}, or name it "
                                        "in another schedule's " + BOTS_VARIABLE))
    return problems
