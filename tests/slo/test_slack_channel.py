"""Ephemeral Slack channels: heads-up at 80 days, overdue at 90, from the creation date in the form.

Handbook, Commercial Sales – Customer Success: "If the customer is evaluating GitLab or doing a POV for an
upgrade, it may be worthwhile to create an ephemeral Slack channel, but the channel should be closed within
90 days and/or at project completion."
"""

from datetime import UTC, datetime

import pytest

from bots import actions as a
from bots import markers
from bots.model import Issue, Note
from bots.slo.form_issues import evaluate_form_issue as evaluate
from bots.slo.form_issues import plan_form_issue as plan_channel
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from tests.factories import BOT, config
from tests.slo.helpers import fmt, local

HEADS_UP, OVERDUE = (markers.note_marker("slo", k) for k in ("slack-heads-up", "slack-overdue"))


def form(created: str = "2026-09-04", approver: str = "@marco.bianchi", author: str = "lena.fischer",
         labels: tuple[str, ...] = ("form::ephemeral-slack-channel",)) -> Issue:
    text = (f"### Account\n\nNorthwind Logistics\n\n### Purpose\n\nPOV for an Ultimate upgrade\n\n"
            f"### Approving SA\n\n{approver}\n\n### Creation Date\n\n{created}\n\n### Close-By Date\n\n"
            f"2026-12-01\n")
    at = datetime(2026, 9, 4, tzinfo=UTC)
    return Issue(7, "Ephemeral Slack channel: Northwind", text, labels, "opened", author, (), at, at)


TABLE = [  # created, approver, region, heads-up (local), overdue (local)
    ("EMEA approver", "2026-09-04", "@marco.bianchi", "EMEA", "Mon 23 Nov, 00:00 GMT",
     "Thu 3 Dec, 00:00 GMT"),
    ("AMER approver", "2026-09-07", "@alex.kim", "AMER", "Thu 26 Nov, 00:00 EST", "Sun 6 Dec, 00:00 EST"),
]


@pytest.mark.parametrize(("case", "created", "approver", "region", "heads_up", "overdue"), TABLE,
                         ids=[r[0] for r in TABLE])
def test_heads_up_at_80_days_and_overdue_at_90(case, created, approver, region, heads_up, overdue):
    checks = {c.level.key: c for c in evaluate(form(created, approver), config(), slo_settings(config()),
                                                local(region, 2026, 11, 1, 12, 0))}
    h, o = checks["slack-heads-up"], checks["slack-overdue"]
    assert (fmt(region, h.due), fmt(region, o.due)) == (heads_up, overdue)
    assert h.status is o.status is Status.PENDING
    assert h.recipients == (approver[1:], "lena.fischer")


def test_notes_wait_for_the_approvers_business_hours_thanksgiving_included():
    issue = form("2026-09-07", "@alex.kim")
    plan = plan_channel(issue, config(), slo_settings(config()), local("AMER", 2026, 11, 26, 12, 0))
    assert plan.actions == ()
    assert plan.info == ("#7 slack-heads-up: due, waiting for business hours (opens Fri 27 Nov, 09:00 EST)",)
    plan = plan_channel(issue, config(), slo_settings(config()), local("AMER", 2026, 11, 27, 9, 0))
    note, update = plan.actions
    assert isinstance(note, a.UpsertNote) and note.marker == HEADS_UP
    assert "@alex.kim @lena.fischer" in note.body and "close it by **2026-12-06**" in note.body
    assert update == a.UpdateIssue(7, add_labels=("slo::slack-channel-expiring",))


def test_heads_up_once_then_overdue_replaces_its_label_and_late_discovery_posts_only_overdue():
    now = local("EMEA", 2026, 11, 23, 10, 0)
    issue = form()
    assert len(plan_channel(issue, config(), slo_settings(config()), now).actions) == 2
    labelled = Issue(**{**issue.__dict__, "labels": (*issue.labels, "slo::slack-channel-expiring"),
                        "notes": (), "awards": ()})
    assert plan_channel(labelled, config(), slo_settings(config()), now).actions == ()
    later = local("EMEA", 2026, 12, 3, 9, 30)
    overdue, relabel = plan_channel(labelled, config(), slo_settings(config()), later).actions
    assert isinstance(overdue, a.UpsertNote) and overdue.marker == OVERDUE
    assert "should have been closed by 2026-12-03 (90 days)" in overdue.body
    assert relabel == a.UpdateIssue(7, add_labels=("slo::slack-channel-overdue",),
                                    remove_labels=("slo::slack-channel-expiring",))
    (only, label) = plan_channel(issue, config(), slo_settings(config()), later).actions
    assert only.marker == OVERDUE and label.add_labels == ("slo::slack-channel-overdue",)


def test_a_form_without_a_valid_creation_date_is_not_tracked():
    checks = evaluate(form(created="soon"), config(), slo_settings(config()),
                      local("EMEA", 2026, 11, 23, 10, 0))
    assert {c.status for c in checks} == {Status.NOT_APPLICABLE}
    assert checks[0].why == "the form has no valid Creation Date"


def test_crash_after_the_note_reposts_nothing_the_gateway_sees_the_same_note():
    now = local("EMEA", 2026, 11, 23, 10, 0)
    (note, _update) = plan_channel(form(), config(), slo_settings(config()), now).actions
    posted = Note(1, BOT, note.body, now, now)
    again, _ = plan_channel(form(), config(), slo_settings(config()), now).actions  # label never landed
    assert markers.find_note([posted], again.marker, BOT) is not None and again.body == posted.body
