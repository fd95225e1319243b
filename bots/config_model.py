"""What a parsed `sa-triage.yml` is: the immutable, typed objects `bots.config` builds (`Config` and
its parts, and the `ConfigSection` each bot declares for its own part of the file), with the constants
they take. Reading the file is `bots.config` (and the kernel's sections, `bots.config_kernel`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from bots.labels import LabelSpec
from bots.schema import Node

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
    from bots.sources.config import SourcesConfig

DEFAULT_FILE = "sa-triage.yml"
ROLES = ("sa", "manager", "ae", "asm", "demo-architect")

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R")


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



def per_config(fn: Callable[..., R]) -> Callable[..., R]:
    """`fn(cfg, *args)`, computed once per config object and arguments: what every request of a run
    would otherwise derive again from the same config. A config is immutable but not hashable, so it
    is known by identity; another config (a test's, a reload) starts over."""
    seen: list[Config] = []
    memo: dict[tuple[Hashable, ...], R] = {}

    def cached(cfg: Config, *args: Hashable) -> R:
        if not seen or seen[0] is not cfg:
            seen[:] = [cfg]
            memo.clear()
        if args not in memo:
            memo[args] = fn(cfg, *args)
        return memo[args]
    cached.__doc__, cached.__name__ = fn.__doc__, fn.__name__
    return cached
