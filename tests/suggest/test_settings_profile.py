"""`suggestions:` settings, the request profile read from an issue, and skill matching."""

from __future__ import annotations

import dataclasses

import pytest

from bots import markers
from bots.errors import ConfigError
from bots.schema import Node
from bots.sources.request import CommandPlan
from bots.suggest.profile import needed_languages, plan_from_block, profile_of
from bots.suggest.settings import SuggestSettings, parse_suggestions
from bots.suggest.skills import DEFAULT_KEYWORDS, match_skills
from tests.factories import BOT, KEY
from tests.suggest.helpers import EMEA_PLAN, emea_request


def parse(value: object) -> tuple[SuggestSettings, list[str]]:
    found: list[ConfigError] = []
    return parse_suggestions(Node("sa-triage.yml", "suggestions", value, found)), [str(e) for e in found]


def test_every_key_has_a_default():
    assert parse(None)[0] == SuggestSettings()
    s = SuggestSettings()
    assert (s.top, s.stretch, s.auto_assign, s.roles, s.cross_region) == (3, True, False, ("sa",), True)


def test_keys_are_read_and_extra_skill_keywords_add_to_the_built_in_ones():
    s, warnings = parse({"top": 5, "stretch": False, "auto_assign": True, "roles": ["sa", "demo-architect"],
                         "cross_region": False, "away_horizon_days": 3, "strech": 1,
                         "skill_keywords": {"terraform": ["Crossplane"], "mobile": ["ios", "android"]}})
    assert (s.top, s.stretch, s.auto_assign, s.roles, s.cross_region, s.away_horizon_days) == (
        5, False, True, ("sa", "demo-architect"), False, 3)
    assert s.keywords_for("terraform")[-1] == "crossplane" and "pulumi" in s.keywords_for("terraform")
    assert s.keywords_for("mobile") == ("ios", "android")
    assert warnings == ["sa-triage.yml: suggestions.strech: unknown key (did you mean 'stretch'?)"]


@pytest.mark.parametrize(("value", "where", "problem"), [
    ({"top": 0}, "suggestions.top", "expected 1 to 10"),
    ({"top": "three"}, "suggestions.top", "expected an integer"),
    ({"roles": ["ae"]}, "suggestions.roles[0]", "expected one of sa, manager, demo-architect"),
    ({"away_horizon_days": 99}, "suggestions.away_horizon_days", "expected 0 to 60"),
    ({"skill_keywords": {"aws": [" "]}}, "suggestions.skill_keywords.aws", "must not be blank"),
    ({"auto_assign": "yes"}, "suggestions.auto_assign", "expected true or false"),
])
def test_errors_name_the_key_path(value, where, problem):
    _, found = parse(value)  # collected: the reading goes on, and raises them all at its end
    assert len(found) == 1 and where in found[0] and problem in found[0]


def test_the_command_plan_is_read_back_from_the_mirrors_block_with_escapes_undone():
    tricky = dataclasses.replace(EMEA_PLAN, ci_cd="Jenkins | *GitLab CI* <b>", competitors="")
    issue = emea_request(command_plan=tricky)
    plan = plan_from_block(markers.current_block(issue.description) or "")
    assert plan["ci_cd"] == "Jenkins | *GitLab CI* <b>" and plan["competitors"] == ""
    assert plan["deployment"] == "EKS with Helm"


def test_the_plan_recorded_in_the_signed_state_is_what_suggest_reads():
    issue = emea_request()
    block = markers.current_block(issue.description) or ""
    state = markers.read_signed_state(block, KEY)
    assert state is not None and state["plan"]["deployment"] == "EKS with Helm"
    state["plan"] = {"scm": "Perforce"}
    signed = markers.signed_state_comment(state, KEY)
    text = block.replace(block[block.index("<!-- sa-triage:state "):block.index(" -->", block.index(
        "<!-- sa-triage:state ")) + 4], signed)
    profile = profile_of(dataclasses.replace(issue, description=text), KEY, (), BOT)
    assert profile is not None and profile.plan == (("scm", "Perforce"),)
    assert profile_of(dataclasses.replace(issue, author="mallory"), KEY, (), BOT) is None  # a copy


def test_languages_come_from_labels_or_the_plans_words():
    plan = {"use_cases": "Workshop for German-speaking engineers", "why_now": "demo in french"}
    assert needed_languages(("language::Italian",), plan, ("english", "german", "french", "korean")) == (
        "italian", "french", "german")
    assert needed_languages((), {"use_cases": "Germany rollout in English"}, ("german", "english")) == ()


def test_skills_match_whole_words_only_and_say_which_field_and_word():
    keywords = dict(DEFAULT_KEYWORDS)
    plan = {"scm": "GitHub Enterprise", "cloud": "Awsome Cloud", "use_cases": "CI/CD consolidation"}
    found = match_skills(("aws", "github-migration", "ci-cd", "scm"), plan, keywords)
    assert [(m.skill, m.field, m.word) for m in found] == [
        ("github-migration", "SCM", "github"), ("ci-cd", "Use cases", "ci"), ("scm", "SCM", "github")]
    assert match_skills(("terraform",), {"deployment": "Terraform Cloud"}, {})[0].word == "terraform"
    assert CommandPlan().scm == ""
