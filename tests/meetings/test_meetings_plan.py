"""The meetings planner over a fake board: which agendas it files, and that it files each once;
the Peer Review rule; holidays; closing after the recording; one reminder; what it reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from bots import actions as a
from bots.board import BoardSnapshot
from bots.meetings.after import REMINDER
from bots.meetings.job import MeetingsJob, parse_key
from bots.meetings.settings import meetings_settings
from bots.model import Issue, Note
from bots.sources.request import Stage
from tests.factories import BOT, config, context, issue, note, request
from tests.slo.helpers import mirrored

NOW = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Mon 15:00 London, 10:00 New York


@dataclass
class Fake:
    """The board: issues (open and closed) and notes; counts the notes lists read."""

    items: list[Issue] = field(default_factory=list)
    notes_by: dict[int, list[Note]] = field(default_factory=dict)
    notes_read: list[int] = field(default_factory=list)
    bot_username = BOT

    def issues(self, state: str = "opened", **filters: Any) -> list[Issue]:
        return [i for i in self.items if i.state == state and filters.get("labels", "") in ("", *i.labels)]

    def notes(self, iid: int) -> list[Note]:
        self.notes_read.append(iid)
        return self.notes_by.get(iid, [])

    def apply(self, actions: tuple[a.Action, ...]) -> None:
        for x in actions:
            if isinstance(x, a.CreateIssue):
                iid = max((i.iid for i in self.items), default=0) + 1
                self.items.append(issue(iid, title=x.title, description=x.description, labels=x.labels))
            elif isinstance(x, a.UpdateIssue):
                i = next(i for i in self.items if i.iid == x.iid)
                self.items[self.items.index(i)] = replace(
                    i, state="closed" if x.state_event == "close" else i.state,
                    description=x.edit.apply(i.description) if x.edit else i.description)
            elif isinstance(x, a.UpsertNote):
                self.notes_by.setdefault(x.iid, []).append(note(900 + x.iid, x.body))


def plan(fake: Fake, now: datetime = NOW, cfg=None):
    job, ctx = MeetingsJob(), context(now, cfg)
    return job.plan(job.read(BoardSnapshot(fake), ctx), ctx)  # type: ignore[arg-type]


def created(p) -> list[str]:
    return [x.key for x in p.actions if isinstance(x, a.CreateIssue)]


def test_files_the_coming_two_weeks_once():
    fake = Fake()
    first = plan(fake)
    assert created(first) == [
        "meeting-global-2026-11-23", "meeting-amer-team-2026-11-23", "meeting-manager-sync-2026-11-24",
        "meeting-emea-standup-2026-11-30", "meeting-emea-team-2026-11-30", "meeting-amer-team-2026-11-30",
        "meeting-manager-sync-2026-12-01", "meeting-emea-standup-2026-12-07"]
    assert all(x.labels == ("meeting-agenda",) for x in first.actions if isinstance(x, a.CreateIssue))
    assert first.info[0].startswith(
        "filed 8 agenda(s) for 23 Nov–7 Dec: Global Mon 23 (Peer Review), AMER team Mon 23")
    fake.apply(first.actions)
    again = plan(fake)
    assert again.actions == () and again.info[0] == "8 agenda(s) on the board, none to file"
    assert fake.notes_read == []  # no meeting is over yet: no notes read


def test_an_agenda_closed_early_is_not_filed_again_and_an_agenda_by_someone_else_is_no_agenda():
    fake = Fake()
    fake.apply(plan(fake).actions)
    fake.items[0] = replace(fake.items[0], state="closed")
    fake.items[1] = replace(fake.items[1], author="alex.kim")
    assert created(plan(fake)) == ["meeting-amer-team-2026-11-23"]


def test_the_peer_review_proposes_two_requests_by_the_stated_rule():
    def req(iid: int, stage: Stage, arr: int, sa: bool = True) -> Issue:
        r = request(opportunity_id=f"006Ak00000{iid:04d}AAA", stage=stage, net_arr=Decimal(arr))
        return mirrored(r, iid=iid, assignees=("alex.kim",) if sa else (), title=f"request {iid}")

    fake = Fake([req(1, Stage.TECHNICAL_EVALUATION, 10_000), req(2, Stage.PROPOSAL, 90_000),
                 req(3, Stage.NEGOTIATING, 500_000), req(4, Stage.TECHNICAL_EVALUATION, 900_000, sa=False),
                 req(5, Stage.TECHNICAL_EVALUATION, 50_000)])
    (agenda,) = [x for x in plan(fake).actions if isinstance(x, a.CreateIssue) and "global" in x.key]
    assert "1. #2 request 2 (4-Proposal, Net ARR 90,000, presented by `@alex.kim`)" in agenda.description
    assert "1. #5 request 5 (3-Technical Evaluation, Net ARR 50,000" in agenda.description
    assert "#1 request 1" not in agenda.description and "#3 " not in agenda.description


def test_a_holiday_is_skipped_when_so_configured():
    cfg = config()
    skip = cfg.with_section(replace(meetings_settings(cfg), on_holiday="skip"))
    at = datetime(2027, 1, 11, 18, tzinfo=UTC)  # the window holds Mon 18 Jan, Martin Luther King Jr. Day
    moved = created(plan(Fake(), at))
    assert "meeting-amer-team-2027-01-18" in moved
    p = plan(Fake(), at, skip)
    assert "meeting-amer-team-2027-01-18" not in created(p)
    assert "AMER Regional Team Meeting of Mon 18 Jan skipped: Martin Luther King Jr. Day" in p.info


def _filed(now: datetime = NOW) -> tuple[Fake, Issue]:
    fake = Fake()
    fake.apply(plan(fake, now).actions)
    return fake, next(i for i in fake.items if "AMER Regional Team Meeting: Mon 23" in i.title)


def _link(i: Issue, text: str) -> Issue:
    return replace(i, description=i.description.replace("Recording: _paste", f"{text} _paste"))


def test_an_agenda_is_closed_once_the_recording_line_has_a_link():
    fake, amer = _filed()
    after = datetime(2026, 11, 23, 18, tzinfo=UTC)  # AMER's meeting ended at 17:50 UTC
    fake.items[fake.items.index(amer)] = _link(amer, "Recording: https://youtu.be/x")
    p = plan(fake, after)
    assert a.UpdateIssue(amer.iid, state_event="close") in p.actions
    assert amer.iid not in fake.notes_read  # the description had it: no notes read


def test_a_link_in_a_persons_comment_counts_but_not_one_in_the_bots_block_or_note():
    fake, amer = _filed()
    after = datetime(2026, 11, 25, 15, tzinfo=UTC)
    inside = amer.description.replace("### Agenda", "Recording: https://evil.example/x\n### Agenda")
    assert inside != amer.description  # the link is in the bot's block
    fake.items[fake.items.index(amer)] = replace(amer, description=inside)
    fake.notes_by[amer.iid] = [note(1, "Recording: https://youtu.be/bot")]  # by the bot
    assert a.UpdateIssue(amer.iid, state_event="close") not in plan(fake, after).actions
    fake.notes_by[amer.iid].append(note(2, "Thanks!\nRecording: <https://youtu.be/y>", author="maria.garcia"))
    assert a.UpdateIssue(amer.iid, state_event="close") in plan(fake, after).actions


def test_the_organiser_is_reminded_once_a_day_after_and_in_their_business_hours():
    fake, amer = _filed()
    end = datetime(2026, 11, 23, 17, 50, tzinfo=UTC)
    assert not _reminders(plan(fake, end + timedelta(hours=23)), amer.iid)  # too soon
    night = plan(fake, datetime(2026, 11, 25, 3, tzinfo=UTC))  # 22:00 in New York
    assert not _reminders(night, amer.iid)
    waits = f"#{amer.iid}: the recording reminder waits for business hours (Wed 25 Nov, 09:00 EST)"
    assert waits in night.info
    p = plan(fake, datetime(2026, 11, 25, 15, tzinfo=UTC))
    (remind,) = _reminders(p, amer.iid)
    assert remind.iid == amer.iid and remind.body.startswith(REMINDER) and "@maria.garcia" in remind.body
    fake.apply((remind,))
    assert not _reminders(plan(fake, datetime(2026, 11, 26, 15, tzinfo=UTC)), amer.iid)  # only once


def _reminders(p, iid: int) -> list[a.UpsertNote]:
    return [x for x in p.actions if isinstance(x, a.UpsertNote) and x.iid == iid]


def test_keys_name_the_kind_and_the_nominal_date():
    assert parse_key("meeting-emea-standup-2026-11-30") == ("emea-standup", datetime(2026, 11, 30).date())
    assert parse_key("meeting-x") is None and parse_key("digest-EMEA-2026-W48") is None
    assert parse_key("meeting-global-2026-13-01") is None


def test_a_long_triage_backlog_lists_the_oldest_and_counts_the_rest():
    """10,000 waiting requests once made a standup agenda longer than GitLab's description limit."""
    from bots.meetings.listing import TRIAGE_LISTED
    from bots.sources.request import Region
    waiting = [replace(mirrored(request(region=Region.EMEA, opportunity_id=f"0060000000{n:05}",
                                        requested_at=NOW - timedelta(days=40 - n / 10)), iid=n),
                       labels=("sa-request", "triage::new", "region::EMEA"))
               for n in range(1, TRIAGE_LISTED + 6)]
    p = plan(Fake(list(waiting)))
    (standup,) = [x for x in p.actions
                  if isinstance(x, a.CreateIssue) and x.key == "meeting-emea-standup-2026-11-30"]
    listed = [n for n in range(1, TRIAGE_LISTED + 6) if f"- #{n} " in standup.description]
    assert listed == list(range(1, TRIAGE_LISTED + 1))  # the oldest first
    assert "…and 5 more on the board" in standup.description
