"""The `slo` job: plans over the run's one list of open issues, and reads notes only where needed."""

from dataclasses import replace

from bots import actions as a
from bots.board import BoardSnapshot
from bots.jobs import bots
from bots.jobs.slo import SloJob
from bots.slo.settings import slo_settings
from tests.factories import issue as plain_issue
from tests.factories import request
from tests.slo.helpers import FakeGitLab, local, mirrored, system
from tests.slo.test_slack_channel import form

NOW = local("AMER", 2026, 11, 24, 10, 0)


class Reader:
    bot_username = "sa-triage-bot"

    def __init__(self, requests, channels=(), notes=None):
        self._requests, self._channels, self._notes = list(requests), list(channels), notes or {}
        self.list_calls: list[dict] = []
        self.note_calls: list[int] = []

    def issues(self, **filters):
        self.list_calls.append(filters)
        everything = [*self._requests, *self._channels]
        return iter([i for i in everything if (i.state == "opened") == (filters["state"] == "opened")])

    def notes(self, iid):
        self.note_calls.append(iid)
        return self._notes.get(iid, ())


def test_registered_and_reads_one_list_and_only_the_notes_it_needs():
    from tests.slo.helpers import context_at

    assert isinstance(bots()["slo"], SloJob)
    fresh = mirrored(request(requested_at=local("AMER", 2026, 11, 24, 9, 0)), iid=1)  # nothing due
    first_assignment = mirrored(request(meeting_at=None), iid=2, assignees=("alex.kim",))  # read once
    settled = FakeGitLab(mirrored(request(meeting_at=None), iid=3, assignees=("chris.ng",)),
                         [system(1, "assigned to @chris.ng", local("AMER", 2026, 11, 24, 9, 0))])
    settled.run(NOW)  # now has its record
    unsigned = plain_issue(4, labels=("sa-request",), description="filed by hand")
    reader = Reader([fresh, first_assignment, settled.issue, unsigned], [form()])
    snap = SloJob().read(BoardSnapshot(reader), context_at(NOW))
    assert reader.list_calls == [  # the requests closed this week (reminders to settle), then the board
        {"state": "closed", "labels": "sa-request", "updated_after": "2026-11-17T15:00:00+00:00"},
        {"state": "opened"}]
    assert reader.note_calls == [2] and snap.notes_read == 1 and snap.unsigned == (4,)
    plan = SloJob().plan(snap, context_at(NOW))
    assert "skipped 1 sa-request issue(s) without the mirror's signed state: #4" in plan.info
    checked = "checked 3 request(s), 1 Slack channel(s) and 0 SA request form(s); read the notes of 1"
    assert checked in plan.info
    (update,) = [x for x in plan.actions if isinstance(x, a.UpdateIssue) and x.iid == 2]
    assert update.edit is not None and update.add_labels == ()  # the assignment time, recorded
    assert any(isinstance(x, a.UpsertNote) and x.iid == 7 for x in plan.actions)  # the 80-day heads-up


def test_disabled_slack_channel_rule_checks_no_channel():
    from tests.slo.helpers import context_at

    ctx = context_at(NOW)
    s = slo_settings(ctx.config)
    cfg = ctx.config.with_section(replace(s, slack_channel=replace(s.slack_channel, enabled=False)))
    reader = Reader([], [form()])
    assert SloJob().read(BoardSnapshot(reader), replace(ctx, config=cfg)).channels == ()
    assert SloJob().read(BoardSnapshot(reader), ctx).channels != ()
