"""Digest test data: a region's week made of real mirrored issues, SLO records and PTO issues."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bots import actions as a
from bots.config import Config
from bots.digest.job import DigestJob, DigestSnapshot
from bots.digest.settings import DigestSettings
from bots.forms.pto import away_windows
from bots.job import Context, Plan
from bots.model import Issue
from bots.slo import record as rec
from bots.slo.settings import slo_settings
from bots.sources.request import MeetingType, Region, Segment, Stage
from tests.factories import BOT, KEY, config, context, request
from tests.slo.helpers import mirrored
from tests.suggest.helpers import pto

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday morning: the digest of W48 is due


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def _opp(iid: int) -> str:
    return f"006Ak00000{iid:05d}AAA"


ACCOUNTS = {1: ("Bluefin Freight", "Platform consolidation"), 2: ("Cedar Ridge Health", "DevSecOps upgrade"),
            3: ("Wildflower Media", "CI/CD demo"), 4: ("Northwind Logistics", "Jenkins migration"),
            5: ("Quarry Labs", "GitHub migration"), 6: ("Summit Outdoor", "Cloud native pipelines"),
            7: ("Atlas Robotics", "SCM consolidation"), 8: ("Harbor Analytics", "Security scanning")}


THURSDAY = datetime(2026, 11, 19, 10, tzinfo=UTC)


def req_issue(iid: int, *, region: Region | None = Region.EMEA, requested: datetime = THURSDAY,
              board: str = "triage::new", assignees: tuple[str, ...] = (), state: str = "opened",
              triaged: datetime | None = None, labels: tuple[str, ...] = (), **fields: Any) -> Issue:
    """A mirrored request (real mirror text), moved to `board`, with an SLO record if `triaged`."""
    account, opportunity = ACCOUNTS.get(iid, (f"Account {iid}", "Platform evaluation"))
    base: dict[str, Any] = dict(opportunity_id=_opp(iid), account=account, opportunity_name=opportunity,
                                region=region,
                                requested_at=requested, meeting_at=None, meeting_type=None,
                                ae_email="lukas.weber@example.com" if region is Region.EMEA
                                else "jordan.lee@example.com")
    base.update(fields)
    made = mirrored(request(**base), iid=iid)
    kept = tuple(x for x in made.labels if not x.startswith("triage::"))
    issue = dataclasses.replace(made, labels=tuple(sorted({*kept, board, *labels})), assignees=assignees,
                                state=state, web_url=f"https://gitlab.example.com/commercial/triage/-/issues/{iid}")
    if triaged is not None:
        issue = with_record(issue, triaged)
    return issue


def with_record(issue: Issue, triaged: datetime, cfg: Config | None = None) -> Issue:
    """The issue with the SLO bot's record of its triage (business hours as the engine computes them)."""
    from bots.slo.facts import from_issue

    conf = cfg or config()
    f = from_issue(issue, conf, slo_settings(conf), KEY, BOT)
    assert f is not None
    cal = f.calendar
    record = rec.Record(triaged_at=triaged.isoformat(), triaged_by="assignment",
                        triage_hours=round(max(0.0, cal.business_hours_between(f.entered, triaged)), 2),
                        triage_due=cal.due(f.entered, slo_settings(conf).triage.business_days).isoformat())
    return dataclasses.replace(issue, description=rec.write(issue.description, record, KEY))


def history(start_iid: int, region: Region = Region.EMEA) -> list[Issue]:
    """Requests triaged in each of the five weeks W43..W47: closed ones, faster some weeks than others."""
    out = []
    monday = date(2026, 10, 19)  # W43
    for week, hours in enumerate(((2, 5), (3, 30), (1, 2, 26), (4,), (1, 6, 28))):
        for n, h in enumerate(hours):
            received = datetime.combine(monday + timedelta(weeks=week, days=n % 4), datetime.min.time(),
                                        tzinfo=UTC).replace(hour=9)
            iid = start_iid + week * 10 + n
            out.append(req_issue(iid, region=region, requested=received, board="triage::engaged",
                                 assignees=("marco.bianchi",), state="closed", stage=Stage.PROPOSAL,
                                 triaged=received + timedelta(hours=h if h < 8 else h + 16)))
    return out


def busy_week(hostile: bool = True) -> tuple[tuple[Issue, ...], tuple[Issue, ...]]:
    """EMEA (and a little AMER) as of NOW: every section of the digest has something to show
    (and, if `hostile`, one account name full of markup, mentions and quick actions)."""
    evil = {"account": "Evil <b>@all</b> | /close"} if hostile else {}
    issues = [
        req_issue(1, requested=utc(2026, 11, 19, 10), meeting_at=utc(2026, 11, 25, 14),
                  meeting_type=MeetingType.DEMO, labels=("slo::triage-breached",)),
        req_issue(2, requested=utc(2026, 11, 20, 11)),
        req_issue(3, requested=utc(2026, 11, 22, 18), meeting_at=utc(2026, 11, 23, 15),
                  meeting_type=MeetingType.TECHNICAL_DEEP_DIVE, board="triage::assigned",
                  assignees=("lena.fischer",), triaged=utc(2026, 11, 23, 8, 30)),
        req_issue(4, requested=utc(2026, 11, 2, 9), board="triage::engaged", assignees=("marco.bianchi",),
                  segment=Segment.NAMED, stage=Stage.TECHNICAL_EVALUATION, close_date=date(2026, 12, 28),
                  net_arr=Decimal("80000"), triaged=utc(2026, 11, 2, 15)),
        req_issue(5, requested=utc(2026, 11, 3, 9), board="triage::engaged", assignees=("lena.fischer",),
                  segment=Segment.FIRST_ORDER, stage=Stage.SCOPING, close_date=date(2026, 12, 1),
                  meeting_at=utc(2026, 11, 26, 10), triaged=utc(2026, 11, 3, 12)),
        req_issue(6, region=Region.AMER, requested=utc(2026, 11, 18, 15), board="triage::in-review",
                  assignees=("alex.kim",), triaged=utc(2026, 11, 18, 20)),
        req_issue(7, region=None, requested=utc(2026, 11, 22, 10), ae_email="nobody@example.com"),
        req_issue(8, **evil, requested=utc(2026, 11, 16, 10),
                  meeting_at=utc(2026, 11, 24, 9), meeting_type=MeetingType.DISCOVERY,
                  board="triage::in-review", assignees=("sophie.martin", "outside.helper"),
                  triaged=utc(2026, 11, 17, 9)),
        *history(100),
    ]
    ptos = (pto("sophie.martin", "2026-11-24 to 2026-11-25"),
            pto("alex.kim", "2026-12-01 to 2026-12-04", 901))
    return tuple(issues), ptos


def ctx_with(settings: DigestSettings | None = None, now: datetime = NOW) -> Context:
    cfg = config() if settings is None else config().with_section(settings)
    return context(now=now, cfg=cfg)


def snapshot(issues: tuple[Issue, ...], ptos: tuple[Issue, ...], digests: tuple[Issue, ...],
             ctx: Context) -> DigestSnapshot:
    known = frozenset(p.username for p in ctx.config.roster)
    return DigestSnapshot(issues, digests, away_windows(ptos, ctx.now.date(), known))


def plan(issues: tuple[Issue, ...], ptos: tuple[Issue, ...] = (), digests: tuple[Issue, ...] = (),
         ctx: Context | None = None) -> Plan:
    ctx = ctx or ctx_with()
    return DigestJob().plan(snapshot(issues, ptos, digests, ctx), ctx)


def created(p: Plan) -> dict[str, a.CreateIssue]:
    """Digest issues planned, by key."""
    return {x.key: x for x in p.actions if isinstance(x, a.CreateIssue)}


def as_issue(create: a.CreateIssue, iid: int, author: str, state: str = "opened") -> Issue:
    return Issue(iid=iid, title=create.title, description=create.description, labels=create.labels,
                 state=state, author=author, assignees=(), created_at=NOW, updated_at=NOW)
