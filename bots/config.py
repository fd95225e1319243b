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
from bots.errors import ConfigError
from bots.labels import LabelSpec
from bots.schema import Node, raise_found

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
    """The config in `text`; every problem found (unknown keys, bad values) raised at once."""
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
    regions: dict[str, RegionConfig] = root.collect(lambda: _regions(root.child("regions")), {})
    region_names = _region_names(root.child("regions"))  # those that failed too: no echo errors
    labels = _declared_labels(root.child("labels"), region_names, sections)
    board = root.collect(lambda: _board(root.child("board"), {label.name for label in labels}),
                         BoardSpec(DEFAULT_BOARD_NAME, DEFAULT_BOARD_LISTS))
    roster = _roster(root.child("roster"), region_names)
    sources = root.collect(lambda: _sources(root.child("sources"), file), None)
    gitlab = root.collect(lambda: _gitlab(root.child("gitlab")), GitLabSettings(None, "main", False, ""))
    declared = Declared(frozenset(label.name for label in labels), frozenset(region_names))
    read: dict[str, object] = {}
    for section in sections:
        read[section.key] = root.collect(partial(section.read, root, declared), None)
    raise_found(found)
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
    tier = node.child("tier").get(str, "free")
    if tier not in ("free", "premium"):
        raise node.child("tier").error(f"expected 'free' or 'premium', got {tier!r}")
    project = node.child("project").value
    if project is not None and not isinstance(project, str | int):
        raise node.child("project").error("expected a project path like 'group/project' or an id")
    return GitLabSettings(
        project=str(project) if project is not None else None,
        default_branch=node.child("default_branch").get(str, "main"),
        premium=tier == "premium",
        templates_dir=node.child("templates_dir").get(str, "templates/issue_templates"),
    )


def _regions(node: Node) -> dict[str, RegionConfig]:
    regions: dict[str, RegionConfig] = {}
    if not node.mapping():
        raise node.error("at least one region is required")
    for name, region in node.items():
        keys = {"timezone", "holidays", "extra_days_off", "business_hours", "weekend",
                "team", "managers", "area_sales_managers"}
        region.keys(keys)
        calendar_raw = {k: v for k, v in region.mapping().items() if k in keys - {
            "team", "managers", "area_sales_managers"}}
        value = region.collect(partial(_region, name, region, calendar_raw), None)
        if value is not None:
            regions[name] = value
    return regions


def _region(name: str, region: Node, calendar_raw: dict[str, object]) -> RegionConfig:
    from bots.calendars import CalendarError, calendar_from_config

    try:
        calendar = calendar_from_config(name, calendar_raw, region.path)
    except CalendarError as e:
        raise ConfigError(region.file, "", str(e)) from None
    return RegionConfig(
        name=name,
        calendar=calendar,
        team=_handle(region.child("team"), required=True),
        managers=tuple(_handle(n) for n in region.child("managers").elements()),
        area_sales_managers=tuple(_handle(n) for n in region.child("area_sales_managers").elements()),
    )


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
        item.keys({"name", "color", "description"})
        label: LabelSpec | None = item.collect(partial(_label, item, seen, defaults), None)
        if label is not None:
            labels.append(label)
    return tuple(labels)


def _label(item: Node, seen: set[str], defaults: Mapping[str, LabelSpec]) -> LabelSpec:
    name = item.child("name").get(str, required=True).strip()
    if name in seen:
        raise item.child("name").error(f"duplicate label {name!r}")
    seen.add(name)
    base = defaults.get(name, LabelSpec(name, "#428BCA", ""))
    color = item.child("color").get(str, base.color)
    if not _COLOR.match(color):
        raise item.child("color").error(f"expected a colour like '#1F75CB', got {color!r}")
    return LabelSpec(name, color.upper(), item.child("description").get(str, base.description))


def _board(node: Node, label_names: set[str]) -> BoardSpec:
    node.keys({"name", "lists"})
    lists = node.child("lists").strings() if node.child("lists").value is not None else DEFAULT_BOARD_LISTS
    if not lists:
        raise node.child("lists").error("at least one list is required (new requests land in the first)")
    for i, name in enumerate(lists):
        if name not in label_names:
            raise node.child("lists").child(i).error(f"label {name!r} is not declared under labels")
    return BoardSpec(node.child("name").get(str, DEFAULT_BOARD_NAME), lists)


def _roster(node: Node, regions: set[str]) -> tuple[Person, ...]:
    people: list[Person] = []
    items: list[Node] = node.collect(lambda: list(node.elements()), [])
    for item in items:
        item.keys({"username", "name", "role", "region", "email", "skills", "languages",
                   "capacity", "manager"})
        person: Person | None = item.collect(partial(_person, item, regions), None)
        if person is not None:
            people.append(person)
    return tuple(people)


def _person(item: Node, regions: set[str]) -> Person:
    username = item.child("username").get(str, required=True).removeprefix("@")
    if not _USERNAME.match(username):
        raise item.child("username").error(f"not a GitLab username: {username!r}")
    role = item.child("role").get(str, "sa")
    if role not in ROLES:
        raise item.child("role").error(f"unknown role {role!r} (expected one of {', '.join(ROLES)})")
    region = item.child("region").value
    if region is not None and region not in regions:
        declared = ", ".join(sorted(regions))
        raise item.child("region").error(f"unknown region {region!r} (declared: {declared})")
    capacity = item.child("capacity").get(int, 0)
    if capacity < 0:
        raise item.child("capacity").error(f"must not be negative, got {capacity}")
    return Person(
        username=username, name=item.child("name").get(str, username), role=role,
        region=region, email=item.child("email").get(str, ""),
        skills=tuple(s.lower() for s in item.child("skills").strings()),
        languages=tuple(s.lower() for s in item.child("languages").strings()),
        capacity=capacity, manager=item.child("manager").value,
    )


def _sources(node: Node, file: str) -> SourcesConfig | None:
    if node.value is None:
        return None
    from bots.sources.config import parse_sources

    return parse_sources(node.value, file)
