"""Meta-tests of the SLO rules: a rule is one module and one line in `bots.slo.rules.RULES`, and a part
left out fails here.

* a module in bots/slo/rules/ that is not registered (or declares no RULE);
* a registered level without its golden notes (tests/slo/golden/, written by test_messages.CASES);
* a level whose label is not declared (so `setup` would not create it), or a mark that is not;
* a rule that neither quotes the handbook nor says `team_rule=True` (`bots.slo.rule.problems`);
and a rule added as one module and one line (tests/slo/team_rule_example.py) reaches the settings,
the labels `setup` creates, the engine and its notes, and `explain`.
"""

from __future__ import annotations

import inspect
import pkgutil
import shutil
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest

from bots import actions as a
from bots import markers
from bots.board import BoardSnapshot
from bots.errors import ConfigError
from bots.jobs.slo import SloJob
from bots.setup.job import plan_labels
from bots.slo import rules as registry
from bots.slo.explain import explain_issue
from bots.slo.rule import FormRule, SloRule, problems
from bots.slo.settings import slo_settings
from tests.factories import BOT, KEY, context, request
from tests.slo import team_rule_example as example
from tests.slo.helpers import FakeGitLab, local, mirrored
from tests.slo.test_job import Reader
from tests.slo.test_settings import parse

GOLDEN = Path(__file__).parent / "golden"
LEVELS = sorted(registry.levels())


def unregistered(package: str, rules: Iterable[SloRule]) -> list[str]:
    """The modules of `package` whose RULE is not among `rules` (or that declare none)."""
    registered = list(rules)
    names = [info.name for info in pkgutil.iter_modules(import_module(package).__path__)]
    return [name for name in names
            if not any(getattr(import_module(f"{package}.{name}"), "RULE", None) is r for r in registered)]


# -- registration --------------------------------------------------------------------------------

def test_every_rule_module_is_registered():
    assert unregistered("bots.slo.rules", registry.RULES) == []


def test_a_rule_module_left_out_of_the_list_fails(tmp_path, monkeypatch):
    package = tmp_path / "more_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copy(example.__file__, package / "meeting_cover.py")
    (package / "notes_only.py").write_text('"""A helper, not a rule."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    assert unregistered("more_rules", registry.RULES) == ["meeting_cover", "notes_only"]
    added = (*registry.RULES, import_module("more_rules.meeting_cover").RULE)
    assert unregistered("more_rules", added) == ["notes_only"]


def test_each_rule_module_is_named_after_its_section_and_keys_and_labels_are_unique():
    modules = [info.name for info in pkgutil.iter_modules(registry.__path__)]
    for name in modules:
        assert import_module(f"bots.slo.rules.{name}").RULE.key == name
    keys = [r.key for r in registry.RULES]
    assert modules and sorted(modules) == sorted(keys)  # each rule has its module, and only they
    levels = [lv for r in registry.RULES for lv in r.levels]
    labels = [spec.name for r in registry.RULES for spec in r.labels]
    assert len(set(keys)) == len(keys) and "business_hours_only" not in keys
    assert len({lv.key for lv in levels}) == len(levels) and len(set(labels)) == len(labels)


# -- golden notes, labels, quotes ----------------------------------------------------------------

@pytest.mark.parametrize("key", LEVELS)
def test_each_level_has_its_golden_notes(key):
    """The reminder (active) of every level, and the edit that resolves it where the bot edits notes
    (a form rule that only closing the issue ends never edits its notes)."""
    from tests.slo.test_messages import CASES  # here: a level it cannot find fails its collection

    hint = f"add a scenario for {key} to tests/slo/test_messages.py, then UPDATE_GOLDEN=1"
    assert key in {case[0] for case in CASES}, hint
    never_met = any(isinstance(r, FormRule) and not r.clears and key in {lv.key for lv in r.levels}
                    for r in registry.RULES)
    for state in ("active",) if never_met else ("active", "resolved"):
        assert (GOLDEN / f"{key}.{state}.md").is_file(), f"no golden {state} note for {key}"


def test_every_golden_note_is_of_a_registered_level():
    assert {p.name.split(".")[0] for p in GOLDEN.glob("*.md")} <= set(LEVELS)


@pytest.mark.parametrize("key", LEVELS)
def test_each_level_has_a_declared_label_that_setup_creates(key):
    level = registry.levels()[key]
    cfg = parse(None)
    assert [x for x in cfg.labels if x.name == level.label] == [level.label_spec]
    assert a.CreateLabel(level.label, level.color, level.description) in plan_labels(cfg.labels, ())


def test_every_mark_and_every_label_the_settings_name_is_declared():
    declared = parse(None).label_names()
    assert {m.name for r in registry.RULES for m in r.marks} <= declared
    assert registry.default_settings().labels_used() <= declared


@pytest.mark.parametrize("rule", registry.RULES, ids=repr)
def test_a_rule_that_looks_in_the_notes_for_evidence_says_so(rule):
    """The ledger's quiet entries hold for the settings of the rules that read `Facts.evidence`: one
    that reads it without `evidence=True` would keep entries judged with its old settings."""
    source = inspect.getsource(import_module(f"bots.slo.rules.{rule.key}"))
    assert rule.evidence == (".evidence" in source)


def test_the_ledgers_basis_follows_only_the_settings_of_the_rules_that_judge_the_notes():
    from bots.slo.common import RuleEnv
    from bots.slo.engine import evidence_basis
    from bots.slo.rules.follow_up import FollowUpSettings
    from bots.slo.rules.meeting_prep import MeetingPrepSettings
    from tests.factories import config

    s, env = registry.default_settings(), RuleEnv.of(config(), BOT, KEY)
    assert sum(r.evidence for r in registry.RULES) == 2
    other = replace(s, meeting_prep=MeetingPrepSettings(objectives_heading=None))
    assert evidence_basis(other, env) == evidence_basis(s, env)
    judging = replace(s, follow_up=FollowUpSettings(heading="Recap"))
    assert evidence_basis(judging, env) != evidence_basis(s, env)
    bigger = replace(env, team_members=env.team_members | {"new.sa"})
    assert evidence_basis(s, bigger) != evidence_basis(s, env)


@pytest.mark.parametrize("rule", registry.RULES, ids=repr)
def test_each_rule_is_declared_completely(rule):
    assert problems(rule) == []


def test_a_team_rule_quotes_nothing_and_a_handbook_rule_must_quote():
    assert example.RULE.team_rule and problems(example.RULE) == []
    assert problems(replace(example.RULE, team_rule=False)) == [
        "meeting-uncovered: no handbook quote (a rule the team added says team_rule=True)"]
    csm = next(r for r in registry.RULES if r.key == "csm_transition")
    unquoted = replace(csm, levels=(replace(csm.levels[0], rule=" "),))
    assert problems(unquoted) == [
        "csm-transition: no handbook quote (a rule the team added says team_rule=True)"]


def test_problems_name_an_undeclared_label_and_defaults_the_reader_does_not_give():
    level = replace(example.UNCOVERED, label="meeting-uncovered", color="purple")
    broken = replace(example.RULE, levels=(level,), defaults=example.MeetingCoverSettings(business_days=9))
    assert problems(broken) == [
        "meeting-uncovered: label 'meeting-uncovered' is not an slo:: label",
        "label 'meeting-uncovered': needs a colour like '#1F75CB' and a description",
        "an absent slo.meeting_cover does not read as the declared defaults"]


# -- one module and one line ---------------------------------------------------------------------

@pytest.fixture
def registered(monkeypatch):
    """The one line: the example rule added to the list."""
    monkeypatch.setattr(registry, "RULES", (*registry.RULES, example.RULE))


def test_a_new_rule_has_its_section_in_sa_triage_yml(registered):
    cfg = parse("  meeting_cover: {business_days: 3}\n")
    s = slo_settings(cfg)
    assert s.of(example.RULE) == example.MeetingCoverSettings(business_days=3) == s.meeting_cover
    assert registry.default_settings().of(example.RULE) == example.MeetingCoverSettings()
    with pytest.raises(ConfigError, match=r"slo\.meeting_cover\.business_days: must be at least 1, got 0"):
        parse("  meeting_cover: {business_days: 0}\n")
    unknown = r"slo\.meeting_cover\.days: unknown key \(expected one of: business_days, enabled\)"
    with pytest.raises(ConfigError, match=unknown):
        parse("  meeting_cover: {days: 1}\n")


def test_a_new_rule_reminds_once_with_its_label_and_clears(registered):
    cfg = parse(None)
    assert "slo::meeting-uncovered" in cfg.label_names()
    marker = example.UNCOVERED.marker
    gl = FakeGitLab(mirrored(request(requested_at=local("AMER", 2026, 11, 23, 9, 0),
                                     meeting_at=local("AMER", 2026, 11, 25, 15, 0))))
    now = local("AMER", 2026, 11, 23, 15, 30)  # two business days before the meeting
    plan = run(gl, cfg, now)
    (note,) = [x for x in plan.actions if isinstance(x, a.UpsertNote) and x.marker == marker]
    assert note.body.startswith(f"{marker}\n<!-- sa-triage:slo-note ")  # signed: "active"
    assert markers.visible_text(note.body).startswith("**No SA for the Wed 25 Nov, 15:00 EST meeting yet** "
                                                      "@commercial-sa-amer")
    assert "slo::meeting-uncovered" in gl.issue.labels
    assert [x for x in run(gl, cfg, now + timedelta(minutes=5)).actions if x.iid == 1] == []
    lines = "\n".join(explain_issue(gl.issue, gl.note_tuple(), cfg, BOT, KEY, now))
    assert "  meeting-uncovered   DUE  (label slo::meeting-uncovered)" in lines
    gl.assign("alex.kim", now + timedelta(hours=1))
    run(gl, cfg, now + timedelta(hours=2))
    assert "**Resolved:** assigned to `@alex.kim`." in gl.bot_notes()[marker].body
    assert "slo::meeting-uncovered" not in gl.issue.labels


def run(gl: FakeGitLab, cfg, now):
    """One run of the `slo` job with `cfg` on the fake issue (notes read where the job asks)."""
    reader = Reader([gl.issue], notes={1: gl.note_tuple()})
    plan = SloJob().plan(SloJob().read(BoardSnapshot(reader), context(now, cfg)), context(now, cfg))
    for action in plan.actions:
        if getattr(action, "iid", None) == gl.issue.iid:  # not the SLO ledger (tests/slo/test_ledger.py)
            gl.apply(action, now)
    return plan

