"""`sa-triage.yml`: parsed and validated into immutable, typed objects before any request is sent."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

import yaml

from bots.builtin_labels import DEFAULT_BOARD_LISTS, DEFAULT_BOARD_NAME, builtin_labels
from bots.errors import ConfigError, ConfigErrors
from bots.labels import LabelSpec
from bots.schema import Node, in_file_order, raise_found

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
    from bots.sources.config import SourcesConfig

DEFAULT_FILE = "sa-triage.yml"
ROLES = ("sa", "manager", "ae", "asm", "demo-architect")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.\-]*$")
_KERNEL_KEYS = ("gitlab", "regions", "labels", "board", "roster", "sources")

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class BoardSpec:
    name: str
    lists: tuple[str, ...]

    @property
    def first_list(self) -> str:
        return self.lists[0]


@dataclass(frozen=True)
class RegionConfig:
    name: str
    calendar: BusinessCalendar
    team: str
    managers: tuple[str, ...]
    area_sales_managers: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    role: str
    region: str | None
    email: str = ""
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    capacity: int = 0
    manager: str | None = None


@dataclass(frozen=True)
class GitLabSettings:
    project: str | None
    default_branch: str
    premium: bool
    templates_dir: str


@dataclass(frozen=True)
class Declared:
    """What the file declares that a bot's section checks its names against."""

    labels: frozenset[str]  # under `labels:` and by the sections (`ConfigSection.labels`)
    regions: frozenset[str]


def _no_labels() -> tuple[LabelSpec, ...]:
    return ()


@dataclass(frozen=True)
class ConfigSection(Generic[T_co]):
    """A bot's part of `sa-triage.yml`, declared beside its settings (the registry lists them all).

    `keys`: the top-level keys it reads, its own first (`mirror` also reads `priority`); `read` takes
    the file's root and what the file declares, and returns the settings, an instance of `kind` (how
    the bot finds them again: `Config.section`); `labels`: labels it declares, added after `labels:`
    unless the file names them (an entry there restyles one).
    """

    keys: tuple[str, ...]
    kind: type[T_co]
    read: Callable[[Node, Declared], T_co]
    labels: Callable[[], tuple[LabelSpec, ...]] = _no_labels

    @property
    def key(self) -> str:
        return self.keys[0]


@dataclass(frozen=True)
class Config:
    file: str
    base_dir: Path
    gitlab: GitLabSettings
    regions: dict[str, RegionConfig]
    labels: tuple[LabelSpec, ...]
    board: BoardSpec
    roster: tuple[Person, ...]
    sources: SourcesConfig | None = None
    sections: Mapping[str, object] = field(default_factory=dict)  # each bot's settings by its key
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def section(self, kind: type[T]) -> T:
        """A bot's settings by their class (`cfg.section(MirrorSettings)`; each bot has an accessor)."""
        value = self.sections.get(self._key_of(kind))
        assert isinstance(value, kind)
        return value

    def with_section(self, value: object) -> Config:
        """This config with the section of `value`'s class replaced by `value` (a test changes one)."""
        return replace(self, sections={**self.sections, self._key_of(type(value)): value})

    def _key_of(self, kind: type) -> str:
        for key, value in self.sections.items():
            if type(value) is kind:
                return key
        raise LookupError(f"{self.file}: no {kind.__name__} section in this config "
                          "(a config the bots read is loaded by bots.jobs.load_config)")

    def person(self, username: str) -> Person | None:
        return next((p for p in self.roster if p.username == username), None)

    def person_by_email(self, email: str) -> Person | None:
        email = email.strip().lower()
        return next((p for p in self.roster if p.email.lower() == email and email), None)

    def label_names(self) -> set[str]:
        return {label.name for label in self.labels}


def load(path: str | Path = DEFAULT_FILE, *, sections: Iterable[ConfigSection[object]]) -> Config:
    """Read and validate a config file with the bots' `sections` (`bots.jobs.SECTIONS`); raise
    ConfigError naming file, key path and problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "", "file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(str(path), "", f"cannot read: {e}") from None
    return parse(text, str(path), p.resolve().parent, sections=sections)


def parse(text: str, file: str, base_dir: Path, *, sections: Iterable[ConfigSection[object]]) -> Config:
    """The config in `text`; every problem found (unknown keys, bad values) raised at once, in the
    order of the file."""
    sections = _distinct(sections)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(file, "", f"invalid YAML{where}: {getattr(e, 'problem', e)}") from None
    found: list[ConfigError] = []
    root = Node(file, "", raw, found)
    root.mapping()
    root.keys({*_KERNEL_KEYS, *(key for section in sections for key in section.keys)})
    regions: dict[str, RegionConfig] = root.field("regions", _regions, {})
    region_names = _region_names(root.child("regions"))  # those that failed too: no echo errors
    labels = _declared_labels(root.child("labels"), region_names, sections)
    board = root.field("board", partial(_board, label_names={label.name for label in labels}),
                       BoardSpec(DEFAULT_BOARD_NAME, DEFAULT_BOARD_LISTS))
    roster = _roster(root.child("roster"), region_names)
    sources = root.field("sources", partial(_sources, file=file), None)
    gitlab = root.field("gitlab", _gitlab, GitLabSettings(None, "main", False, ""))
    declared = Declared(frozenset(label.name for label in labels), frozenset(region_names))
    read: dict[str, object] = {}
    for section in sections:
        read[section.key] = root.collect(partial(section.read, root, declared), None)
    raise_found(in_file_order(found, raw))
    return Config(file, base_dir, gitlab, regions, labels, board, roster, sources, read, ())


def _region_names(node: Node) -> set[str]:
    value = node.value
    return {str(k) for k in value} if isinstance(value, dict) else set()


def _distinct(sections: Iterable[ConfigSection[object]]) -> tuple[ConfigSection[object], ...]:
    """The sections, each reading keys of its own and settings of a class of its own."""
    sections = tuple(sections)
    keys = [key for section in sections for key in section.keys]
    kinds = [section.kind for section in sections]
    if len(set(keys)) < len(keys) or set(keys) & set(_KERNEL_KEYS) or len(set(kinds)) < len(kinds):
        names = ", ".join(kind.__name__ for kind in kinds)
        raise ValueError(f"config sections overlap: keys {', '.join(keys)}; settings {names}")
    return sections


def _gitlab(node: Node) -> GitLabSettings:
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


def _regions(node: Node) -> dict[str, RegionConfig]:
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


def _declared_labels(node: Node, regions: Iterable[str], sections: Iterable[ConfigSection[object]]
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


def _board(node: Node, label_names: set[str]) -> BoardSpec:
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


def _roster(node: Node, regions: set[str]) -> tuple[Person, ...]:
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


def _sources(node: Node, file: str) -> SourcesConfig | None:
    if node.value is None:
        return None
    from bots.sources.config import parse_sources

    return parse_sources(node.value, file)
