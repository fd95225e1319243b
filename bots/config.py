"""`sa-triage.yml`: parsed and validated into immutable, typed objects before any request is sent.

`load` and `parse` are here; the objects are in `bots.config_model` and the readers of the kernel's
sections in `bots.config_kernel`. The objects are exported from here too (`from bots.config import
Config`), as is `LabelSpec`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

import yaml

from bots.builtin_labels import DEFAULT_BOARD_LISTS, DEFAULT_BOARD_NAME
from bots.config_kernel import (
    KERNEL_KEYS,
    declared_labels,
    declared_regions,
    read_board,
    read_gitlab,
    read_regions,
    read_roster,
    read_sources,
)
from bots.config_model import (
    DEFAULT_FILE,
    ROLES,
    BoardSpec,
    Config,
    ConfigSection,
    Declared,
    GitLabSettings,
    Person,
    RegionConfig,
    per_config,
)
from bots.errors import ConfigError
from bots.labels import LabelSpec
from bots.schema import Node, in_file_order, load_yaml, raise_found

__all__ = ["DEFAULT_FILE", "ROLES", "BoardSpec", "Config", "ConfigSection", "Declared",
           "GitLabSettings", "LabelSpec", "Person", "RegionConfig", "load", "parse", "per_config"]


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
        raw = load_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(file, "", f"invalid YAML{where}: {getattr(e, 'problem', e)}") from None
    found: list[ConfigError] = []
    root = Node(file, "", raw, found)
    root.mapping()
    root.keys({*KERNEL_KEYS, *(key for section in sections for key in section.keys)})
    regions: dict[str, RegionConfig] = root.field("regions", read_regions, {})
    region_names = declared_regions(root.child("regions"))  # those that failed too: no echo errors
    labels = declared_labels(root.child("labels"), region_names, sections)
    board = root.field("board", partial(read_board, label_names={label.name for label in labels}),
                       BoardSpec(DEFAULT_BOARD_NAME, DEFAULT_BOARD_LISTS))
    roster = read_roster(root.child("roster"), region_names)
    sources = root.field("sources", partial(read_sources, file=file), None)
    gitlab = root.field("gitlab", read_gitlab, GitLabSettings(None, "main", False, ""))
    declared = Declared(frozenset(label.name for label in labels), frozenset(region_names))
    read: dict[str, object] = {}
    for section in sections:
        read[section.key] = root.collect(partial(section.read, root, declared), None)
    raise_found(in_file_order(found, raw))
    return Config(file, base_dir, gitlab, regions, labels, board, roster, sources, read, ())


def _distinct(sections: Iterable[ConfigSection[object]]) -> tuple[ConfigSection[object], ...]:
    """The sections, each reading keys of its own and settings of a class of its own."""
    sections = tuple(sections)
    keys = [key for section in sections for key in section.keys]
    kinds = [section.kind for section in sections]
    if len(set(keys)) < len(keys) or set(keys) & set(KERNEL_KEYS) or len(set(kinds)) < len(kinds):
        names = ", ".join(kind.__name__ for kind in kinds)
        raise ValueError(f"config sections overlap: keys {', '.join(keys)}; settings {names}")
    return sections

