"""One evaluation per issue: on a run where nothing changed, every rule is evaluated once for each
request (reading an issue's notes costs a second evaluation of that issue only, and only when needed)."""

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest

from bots.board import BoardSnapshot
from bots.jobs.slo import SloJob
from bots.slo import rules as registry
from bots.slo.rule import RequestRule
from bots.sources.request import Region
from tests.factories import request
from tests.slo.helpers import FakeGitLab, context_at, local, mirrored, system
from tests.slo.test_job import Reader

NOW = local("AMER", 2026, 11, 24, 10, 0)


@pytest.fixture
def evaluations(monkeypatch) -> Counter:
    """A spy on the registry: (issue, rule) -> how many times the rule was evaluated for the issue."""
    seen: Counter = Counter()

    def spy(rule):
        def check(f, settings, now, env):
            seen[f.iid, rule.key] += 1
            return rule.check(f, settings, now, env)
        return replace(rule, check=check) if isinstance(rule, RequestRule) else rule

    monkeypatch.setattr(registry, "RULES", tuple(spy(r) for r in registry.RULES))
    return seen


def settled() -> list[FakeGitLab]:
    """Issues in different states, each run until a run writes nothing (the breach and its escalation
    fell due a week ago, long past the bot's first chance to post them (`engine.GRACE`): their labels
    show and are trusted)."""
    breached = FakeGitLab(mirrored(request(region=Region.AMER, meeting_at=None,
                                           requested_at=local("AMER", 2026, 11, 13, 16, 0)), iid=1))
    assigned = FakeGitLab(mirrored(request(meeting_at=None), iid=2, assignees=("chris.ng",)),
                          [system(1, "assigned to @chris.ng", local("AMER", 2026, 11, 24, 9, 0))])
    fresh = FakeGitLab(mirrored(request(requested_at=local("AMER", 2026, 11, 24, 9, 0)), iid=3))
    issues = [breached, assigned, fresh]
    for gl in issues:
        for step in (timedelta(0), timedelta(minutes=1)):
            gl.run(NOW - timedelta(minutes=5) + step)
    return issues


def test_a_run_with_nothing_changed_evaluates_each_rule_once_per_issue(evaluations):
    issues = settled()
    evaluations.clear()
    reader = Reader([gl.issue for gl in issues])
    snap = SloJob().read(BoardSnapshot(reader), context_at(NOW))
    plan = SloJob().plan(snap, context_at(NOW))
    assert [x for x in plan.actions if x.iid != 7] == [] and reader.note_calls == []
    assert set(evaluations.values()) == {1}, evaluations
    assert {iid for iid, _ in evaluations} == {1, 2, 3}
    assert len(evaluations) == 3 * len(registry.request_rules())


def test_only_an_issue_whose_notes_are_needed_is_evaluated_again(evaluations):
    breached, assigned, fresh = settled()
    breached.relabel(add=("triage::in-review",), remove=("triage::new",))  # triaged: its note must clear
    fresh.assign("alex.kim", NOW - timedelta(minutes=1))  # the assignment time: read at once, no retry
    evaluations.clear()
    reader = Reader([gl.issue for gl in (breached, assigned, fresh)],
                    notes={1: breached.note_tuple(), 3: fresh.note_tuple()})
    snap = SloJob().read(BoardSnapshot(reader), context_at(NOW))
    per_issue = Counter()
    for (iid, _rule), n in evaluations.items():
        per_issue[iid] += n
    assert reader.note_calls == [1, 3] and snap.notes_read == 2
    rules = len(registry.request_rules())
    assert dict(per_issue) == {1: 2 * rules, 2: rules, 3: rules}
