"""The readers of the kernel's sections of `sa-triage.yml` (`gitlab`, `regions`, `labels`, `board`,
`roster`, `sources`; the bots' own sections are read by their `ConfigSection`): each takes its
section's node and returns the objects of `bots.config_model`, every problem it finds collected on
the node (`bots.schema`). `bots.config.parse` calls them in turn."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from bots.builtin_labels import DEFAULT_BOARD_LISTS, DEFAULT_BOARD_NAME, builtin_labels
from bots.config_model import ROLES, BoardSpec, ConfigSection, GitLabSettings, Person, RegionConfig
from bots.errors import ConfigError, ConfigErrors
from bots.labels import LabelSpec
from bots.schema import Node

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
    from bots.sources.config import SourcesConfig

KERNEL_KEYS = ("gitlab", "regions", "labels", "board", "roster", "sources")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.\-]*$")


def declared_regions(node: Node) -> set[str]:
    """The names under `regions:`, those of regions that failed too (what names them gets no echo
    error)."""
    value = node.value
    return {str(k) for k in value} if isinstance(value, dict) else set()


def read_gitlab(node: Node) -> GitLabSettings:
    node.keys({"project", "default_branch", "tier", "templates_dir"})
    return GitLabSettings(
        project=node.field("project", _project, None),
        default_branch=node.typed("default_branch", str, "main"),
        premium=node.field("tier", _tier, "free") == "premium",
        templates_dir=node.typed("templates_dir", str, "templates/issue_templates"),
    )


def _tier(node: Node) -> str:
    tier = node.get(str, "free")
    if tier not in ("free", "premium"):
        raise node.error(f"expected 'free' or 'premium', got {tier!r}")
    return tier


def _project(node: Node) -> str | None:
    if node.value is not None and not isinstance(node.value, str | int):
        raise node.error("expected a project path like 'group/project' or an id")
    return str(node.value) if node.value is not None else None


def read_regions(node: Node) -> dict[str, RegionConfig]:
    regions: dict[str, RegionConfig] = {}
    if not node.mapping():
        raise node.error("at least one region is required")
    for name, region in node.items():
        value = region.collect(partial(_region, name, region), None)
        if value is not None:
            regions[name] = value
    return regions


def _region(name: str, region: Node) -> RegionConfig | None:
    """The region, or None when its calendar has problems (collected, as are those of its people)."""
    keys = {"timezone", "holidays", "extra_days_off", "business_hours", "weekend",
            "team", "managers", "area_sales_managers"}
    region.keys(keys)
    calendar_raw = {k: v for k, v in region.mapping().items() if k in keys - {
        "team", "managers", "area_sales_managers"}}
    calendar = region.collect(partial(_calendar, name, region, calendar_raw), None)
    team = region.field("team", _handle, "")
    managers = region.field("managers", _handles, ())
    area_sales_managers = region.field("area_sales_managers", _handles, ())
    if calendar is None:
        return None
    return RegionConfig(name=name, calendar=calendar, team=team, managers=managers,
                        area_sales_managers=area_sales_managers)


def _calendar(name: str, region: Node, calendar_raw: dict[str, object]) -> BusinessCalendar:
    """The region's calendar; each of its problems a ConfigError at its key path (the calendar's
    messages start with it: `regions.EMEA.timezone: unknown time zone ...`)."""
    from bots.calendars import CalendarError, calendar_from_config

    try:
        return calendar_from_config(name, calendar_raw, region.path)
    except CalendarError as e:
        errors = []
        for message in e.problems:
            where, _, problem = message.partition(": ")
            located = message.startswith(region.path) and problem
            errors.append(ConfigError(region.file, where, problem) if located
                          else ConfigError(region.file, region.path, message))
        raise ConfigErrors(errors) from None


def _handles(node: Node) -> tuple[str, ...]:
    return tuple(item.collect(partial(_handle, item), "") for item in node.elements())


def _handle(node: Node, required: bool = True) -> str:
    value = node.get(str, required=required).removeprefix("@")
    if not re.fullmatch(r"[A-Za-z0-9_.\-/]+", value):
        raise node.error(f"not a GitLab username or group path: {value!r}")
    return value


def declared_labels(node: Node, regions: Iterable[str], sections: Iterable[ConfigSection[object]]
                     ) -> tuple[LabelSpec, ...]:
    """`labels:`, then the built-in features' labels and the sections' (the SLO rules' `slo::*` and
    the marks people set) that it does not name. An entry in the file with a built-in name restyles
    that label: what the entry leaves out (colour, description) stays the built-in's."""
    defaults: dict[str, LabelSpec] = {}
    for x in (*builtin_labels(regions), *(x for section in sections for x in section.labels())):
        defaults.setdefault(x.name, LabelSpec(x.name, x.color.upper(), x.description))
    named: tuple[LabelSpec, ...] = node.collect(lambda: _labels(node, defaults), ())
    names = {label.name for label in named}
    return named + tuple(x for x in defaults.values() if x.name not in names)


def _labels(node: Node, defaults: Mapping[str, LabelSpec]) -> tuple[LabelSpec, ...]:
    labels: list[LabelSpec] = []
    seen: set[str] = set()
    for item in node.elements():
        label = item.collect(partial(_label, item, seen, defaults), None)
        if label is not None:
            labels.append(label)
    return tuple(labels)


def _label(item: Node, seen: set[str], defaults: Mapping[str, LabelSpec]) -> LabelSpec | None:
    """The entry, its default colour standing in for a bad one (so it is still declared: what names it
    gets no echo error); None when its name is bad."""
    item.keys({"name", "color", "description"})
    name = item.field("name", partial(_label_name, seen=seen), "")
    base = defaults.get(name, LabelSpec(name, "#428BCA", ""))
    color = item.field("color", partial(_color, default=base.color), base.color)
    description = item.typed("description", str, base.description)
    return LabelSpec(name, color.upper(), description) if name else None


def _label_name(node: Node, seen: set[str]) -> str:
    name = node.get(str, required=True).strip()
    if name in seen:
        raise node.error(f"duplicate label {name!r}")
    seen.add(name)
    return name


def _color(node: Node, default: str) -> str:
    color = node.get(str, default)
    if not _COLOR.match(color):
        raise node.error(f"expected a colour like '#1F75CB', got {color!r}")
    return color


def read_board(node: Node, label_names: set[str]) -> BoardSpec:
    node.keys({"name", "lists"})
    lists = node.field("lists", partial(_board_lists, label_names=label_names), DEFAULT_BOARD_LISTS)
    return BoardSpec(node.typed("name", str, DEFAULT_BOARD_NAME), lists)


def _board_lists(node: Node, label_names: set[str]) -> tuple[str, ...]:
    lists = node.strings() if node.value is not None else DEFAULT_BOARD_LISTS
    if not lists:
        raise node.error("at least one list is required (new requests land in the first)")
    for i, name in enumerate(lists):
        if name not in label_names:
            node.child(i).reject(f"label {name!r} is not declared under labels")
    return lists


def read_roster(node: Node, regions: set[str]) -> tuple[Person, ...]:
    people: list[Person] = []
    items: list[Node] = node.collect(lambda: list(node.elements()), [])
    for item in items:
        person: Person | None = item.collect(partial(_person, item, regions), None)
        if person is not None:
            people.append(person)
    return tuple(people)


def _person(item: Node, regions: set[str]) -> Person:
    item.keys({"username", "name", "role", "region", "email", "skills", "languages", "capacity",
               "manager"})
    username = item.field("username", _username, "")
    return Person(
        username=username, name=item.typed("name", str, username),
        role=item.field("role", _role, "sa"),
        region=item.field("region", partial(_person_region, regions=regions), None),
        email=item.typed("email", str, ""),
        skills=item.field("skills", _lowered, ()), languages=item.field("languages", _lowered, ()),
        capacity=item.field("capacity", _capacity, 0), manager=item.child("manager").value,
    )


def _username(node: Node) -> str:
    username = node.get(str, required=True).removeprefix("@")
    if not _USERNAME.match(username):
        raise node.error(f"not a GitLab username: {username!r}")
    return username


def _role(node: Node) -> str:
    role = node.get(str, "sa")
    if role not in ROLES:
        raise node.error(f"unknown role {role!r} (expected one of {', '.join(ROLES)})")
    return role


def _person_region(node: Node, regions: set[str]) -> str | None:
    region = node.value
    if region is not None and region not in regions:
        declared = ", ".join(sorted(regions))
        raise node.error(f"unknown region {region!r} (declared: {declared})")
    return region


def _capacity(node: Node) -> int:
    capacity = node.get(int, 0)
    if capacity < 0:
        raise node.error(f"must not be negative, got {capacity}")
    return capacity


def _lowered(node: Node) -> tuple[str, ...]:
    return tuple(s.lower() for s in node.strings())


def read_sources(node: Node, file: str) -> SourcesConfig | None:
    if node.value is None:
        return None
    from bots.sources.config import parse_sources

    return parse_sources(node.value, file)
