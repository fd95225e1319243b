"""Ephemeral Slack channels: heads-up at 80 days, overdue at 90, from the creation date in the form.

Handbook, Commercial Sales – Customer Success: "If the customer is evaluating GitLab or doing a POV for an
upgrade, it may be worthwhile to create an ephemeral Slack channel, but the channel should be closed within
90 days and/or at project completion."
"""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bots import actions as a
from bots import markers
from bots.model import Issue, Note
from bots.slo.form_issues import evaluate_form_issue as evaluate
from bots.slo.form_issues import plan_form_issue as plan_channel
from bots.slo.linked import LinkedRequest
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from tests.factories import BOT, NOW, config
from tests.issue11.helpers import quoted
from tests.slo.helpers import fmt, local

HEADS_UP, OVERDUE = (markers.note_marker("slo", k) for k in ("slack-heads-up", "slack-overdue"))


OPPORTUNITY = "006Ak000001AbCdIAK"  # tests.factories.request()'s: the mirrored request's key


def form(created: str = "2026-09-04", approver: str = "@marco.bianchi", author: str = "lena.fischer",
         labels: tuple[str, ...] = ("form::ephemeral-slack-channel",), opportunity: str = "") -> Issue:
    link = f"### Opportunity Link\n\nhttps://acme.my.salesforce.com/{opportunity}\n\n" if opportunity else ""
    text = (f"### Account\n\nNorthwind Logistics\n\n### Purpose\n\nPOV for an Ultimate upgrade\n\n{link}"
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
    labelled = replace(issue, labels=(*issue.labels, "slo::slack-channel-expiring"), notes=(), awards=())
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


# -- project completion: the linked opportunity closing (bots.slo.linked) ------------------------------

COMPLETION = quoted("the channel should be closed within 90 days and/or at project completion.")
CLOSED_WON = LinkedRequest(OPPORTUNITY, 12, True, "the opportunity is Closed Won", date(2026, 10, 20))


def _due(issue: Issue, now: datetime, links: dict[str, LinkedRequest]) -> list[a.Action]:
    return list(plan_channel(issue, config(), slo_settings(config()), now, links=links).actions)


def test_completion_first_makes_the_channel_due_before_90_days_and_the_note_says_so():
    assert "at project completion" in COMPLETION
    issue, now = form(opportunity=OPPORTUNITY), local("EMEA", 2026, 10, 21, 10, 0)  # day 47
    assert _due(issue, now, {}) == []  # the opportunity still open (or not on the board): nothing due
    open_ = {OPPORTUNITY: replace(CLOSED_WON, closed=False, why="")}
    assert _due(issue, now, open_) == []
    note, label = _due(issue, now, {OPPORTUNITY: CLOSED_WON})
    assert isinstance(note, a.UpsertNote) and note.marker == OVERDUE  # one "due for closing" level
    assert "the project is complete" in note.body and "(the opportunity is Closed Won)" in note.body
    assert "project completion came first" in note.body and "@marco.bianchi @lena.fischer" in note.body
    assert label == a.UpdateIssue(7, add_labels=("slo::slack-channel-overdue",))
    (due,) = [c for c in evaluate(issue, config(), slo_settings(config()), now, {OPPORTUNITY: CLOSED_WON})
              if c.level.key == "slack-overdue"]
    assert fmt("EMEA", due.due) == "Tue 20 Oct, 00:00 BST"  # from the opportunity's close date


def test_after_a_heads_up_completion_posts_the_due_note_and_a_later_90_days_posts_nothing_more():
    issue = form(opportunity=OPPORTUNITY,
                 labels=("form::ephemeral-slack-channel", "slo::slack-channel-expiring"))
    closed = {OPPORTUNITY: replace(CLOSED_WON, close_date=date(2026, 11, 25),
                                   why="its request #12 was closed")}
    note, relabel = _due(issue, local("EMEA", 2026, 11, 25, 10, 0), closed)
    assert "(its request #12 was closed)" in note.body
    assert relabel.add_labels == ("slo::slack-channel-overdue",)
    due = replace(issue, labels=("form::ephemeral-slack-channel", "slo::slack-channel-overdue"))
    assert _due(due, local("EMEA", 2026, 12, 4, 10, 0), closed) == []  # whichever first: one note


def test_90_days_first_says_overdue_even_when_the_opportunity_closes_later():
    late = {OPPORTUNITY: replace(CLOSED_WON, close_date=date(2026, 12, 20))}
    note, _ = _due(form(opportunity=OPPORTUNITY), local("EMEA", 2026, 12, 21, 10, 0), late)
    assert "**Ephemeral Slack channel overdue**" in note.body and "project is complete" not in note.body


def test_the_completion_note_waits_for_the_approvers_business_hours():
    plan = plan_channel(form(opportunity=OPPORTUNITY), config(), slo_settings(config()),
                        local("EMEA", 2026, 10, 24, 10, 0), links={OPPORTUNITY: CLOSED_WON})  # a Saturday
    assert plan.actions == ()
    assert plan.info == ("#7 slack-overdue: due, waiting for business hours (opens Mon 26 Oct, 09:00 GMT)",)


def _staged(issue: Issue, stage: object, key: bytes) -> Issue:
    """`issue` as the mirror would have signed it at `stage` (the issue kept open)."""
    import re

    state = markers.read_signed_state(markers.current_block(issue.description) or "", key)
    assert state is not None
    signed = markers.signed_state_comment({**state, "stage": str(stage)}, key)
    return replace(issue, description=re.sub(r"<!-- sa-triage:state .*? -->", lambda _: signed,
                                             issue.description, count=1, flags=re.S))


def test_the_linked_request_is_found_by_its_key_open_or_closed_and_searched_for_once():
    from bots.board import BoardSnapshot
    from bots.slo.linked import read_links
    from bots.sources.vocab import Stage
    from tests.factories import KEY
    from tests.slo.helpers import mirrored

    channels = (form(opportunity=OPPORTUNITY), form(opportunity=OPPORTUNITY[:15]))  # 15 or 18 characters
    won = _staged(mirrored(iid=12), Stage.CLOSED_WON, KEY)
    closed = replace(mirrored(iid=13), state="closed")

    class Source:
        bot_username = BOT

        def __init__(self, open_: list[Issue], closed_: list[Issue]) -> None:
            self.open, self.closed, self.searches = open_, closed_, 0

        def issues(self, state: str, **filters: object) -> list[Issue]:
            if state == "opened":
                return self.open
            self.searches += 1
            assert filters == {"search": OPPORTUNITY, "author_username": BOT, "in": "description"}
            return self.closed

    src = Source([won], [])
    (link,) = read_links(BoardSnapshot(src), channels, "sa-request", KEY, NOW).values()
    assert (link.iid, link.closed, link.why) == (12, True, "the opportunity is Closed Won")
    assert src.searches == 0
    src = Source([], [closed])
    (link,) = read_links(BoardSnapshot(src), channels, "sa-request", KEY, NOW).values()
    assert (link.iid, link.closed, link.why) == (13, True, "its request #13 was closed") and src.searches == 1
    src = Source([mirrored(iid=14)], [])
    (link,) = read_links(BoardSnapshot(src), channels, "sa-request", KEY, NOW).values()
    assert not link.closed and src.searches == 0
    assert read_links(BoardSnapshot(Source([], [])), channels, "sa-request", KEY, NOW) == {}
