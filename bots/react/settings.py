"""React settings from `sa-triage.yml` (`react:`): off unless turned on."""

from __future__ import annotations

from dataclasses import dataclass

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node


@dataclass(frozen=True)
class ReactSettings:
    # On: `setup` declares the pipeline trigger and the project webhook, and `sa-triage react`
    # answers the events. Off: `setup` turns the webhook's events off and `react` does nothing.
    enabled: bool = False
    ref: str | None = None  # the branch the trigger runs (default: gitlab.default_branch)


def react_settings(cfg: Config) -> ReactSettings:
    return cfg.section(ReactSettings)


def react_ref(cfg: Config) -> str:
    """The branch the trigger runs."""
    return react_settings(cfg).ref or cfg.gitlab.default_branch


def _read(root: Node, declared: Declared) -> ReactSettings:
    node = root.child("react")
    node.keys({"enabled", "ref"})
    return ReactSettings(node.typed("enabled", bool, False), node.field("ref", _ref, None))


def _ref(node: Node) -> str | None:
    ref = node.get(str, "") if node.value is not None else None
    if ref is not None and not ref.strip():
        raise node.error("must name a branch")
    return ref


SECTION = ConfigSection(("react",), ReactSettings, _read)
