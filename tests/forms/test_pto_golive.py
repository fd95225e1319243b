"""A quiet go-live for the PTO reminder: due at go-live, it is recorded in the status note's signed
state and never posted; one that falls due after go-live is posted as ever."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bots.forms import notes
from bots.golive import Hold
from bots.issue_templates import PTO_COVERAGE
from tests.factories import context
from tests.forms.helpers import form_issue, settle
from tests.issue_templates.helpers import fill

TUE = datetime(2026, 11, 17, 15, tzinfo=UTC)  # time off Thu 19 to Fri 20 Nov: the reminder is due


def _reminders(issue) -> list:
    return [n for n in issue.notes if n.body.startswith(notes.PTO_REMINDER_MARKER)]


def _uncovered(created=TUE - timedelta(days=7)):
    issue = form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, dates="2026-11-19 to 2026-11-20", coverage=None))
    return replace(issue, created_at=created)


def test_a_reminder_due_at_a_baseline_run_is_held_back_and_never_posted_later() -> None:
    ctx = replace(context(now=TUE), hold=Hold(TUE))
    held, first = settle(_uncovered(), ctx)
    assert _reminders(held) == [] and first.held == ((1, "pto-reminder"),)
    later, again = settle(held, context(now=TUE + timedelta(hours=2)))  # an ordinary run after go-live
    assert _reminders(later) == [] and again.actions == () and again.held == ()


def test_a_reminder_that_falls_due_after_go_live_is_posted() -> None:
    go_live = datetime(2026, 11, 10, tzinfo=UTC)  # before the issue was filed: its reminder is new
    after, plan = settle(_uncovered(created=datetime(2026, 11, 12, tzinfo=UTC)),
                         replace(context(now=TUE), hold=Hold(go_live)))
    assert len(_reminders(after)) == 1 and plan.held == ()


def test_without_a_hold_the_reminder_is_posted_once() -> None:
    after, _ = settle(_uncovered(), context(now=TUE))
    assert len(_reminders(after)) == 1

