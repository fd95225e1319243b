"""Suggestion settings from `sa-triage.yml` (`suggestions:`): a default for every key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node
from bots.suggest.skills import DEFAULT_KEYWORDS

ROLES = ("sa", "manager", "demo-architect")


@dataclass(frozen=True)
class SuggestSettings:
    enabled: bool = True
    top: int = 3  # candidates listed
    stretch: bool = True  # one more: a learning opportunity ("'No' is also a 'Yes'")
    auto_assign: bool = False  # the team decides; see bots.suggest.rank.auto_assignee
    roles: tuple[str, ...] = ("sa",)  # roster roles that take requests
    cross_region: bool = True  # fill up from other regions when the request's region has too few
    away_horizon_days: int = 7  # no meeting yet: away within this many days counts as away
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_KEYWORDS  # skill -> words in the plan

    def keywords_for(self, skill: str) -> tuple[str, ...]:
        return dict(self.keywords).get(skill, ())


def suggest_settings(cfg: Config) -> SuggestSettings:
    return cfg.section(SuggestSettings)


def parse_suggestions(node: Node) -> SuggestSettings:
    """`suggestions:` → settings; errors name the key path; unknown keys are errors."""
    d = SuggestSettings()
    node.keys({"enabled", "top", "stretch", "auto_assign", "roles", "cross_region", "away_horizon_days",
               "skill_keywords"})
    return SuggestSettings(
        enabled=node.typed("enabled", bool, d.enabled), top=node.field("top", _top, d.top),
        stretch=node.typed("stretch", bool, d.stretch),
        auto_assign=node.typed("auto_assign", bool, d.auto_assign),
        roles=node.field("roles", _roles, d.roles),
        cross_region=node.typed("cross_region", bool, d.cross_region),
        away_horizon_days=node.field("away_horizon_days", _horizon, d.away_horizon_days),
        keywords=node.field("skill_keywords", partial(_keywords, defaults=d.keywords), d.keywords))


def _top(node: Node) -> int:
    top = node.get(int, SuggestSettings.top)
    if not 1 <= top <= 10:
        raise node.error("expected 1 to 10 candidates")
    return top


def _horizon(node: Node) -> int:
    horizon = node.get(int, SuggestSettings.away_horizon_days)
    if not 0 <= horizon <= 60:
        raise node.error("expected 0 to 60 days")
    return horizon


def _roles(node: Node) -> tuple[str, ...]:
    roles = node.strings() if node.value is not None else SuggestSettings.roles
    for i, role in enumerate(roles):
        if role not in ROLES:
            node.child(i).reject(f"expected one of {', '.join(ROLES)}, got {role!r}")
    return roles


def _keywords(node: Node, defaults: tuple[tuple[str, tuple[str, ...]], ...]
              ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Extra words per skill, added to the built-in ones (`skill_keywords: {terraform: [pulumi]}`)."""
    merged = {skill: list(words) for skill, words in defaults}
    for skill, words in node.items():
        for word in node.field(skill, lambda n: n.strings(), ()):
            if not word.strip():
                words.reject("keywords must not be blank")
                break
            merged.setdefault(skill.lower(), []).append(word.strip().lower())
    return tuple((skill, tuple(dict.fromkeys(words))) for skill, words in sorted(merged.items()))


def _read(root: Node, declared: Declared) -> SuggestSettings:
    return parse_suggestions(root.child("suggestions"))


SECTION = ConfigSection(("suggestions",), SuggestSettings, _read)
