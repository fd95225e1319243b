"""Test factories: every argument has a default, so a test states only the fact it is about."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from bots import config as config_mod
from bots import markers
from bots.job import Context
from bots.jobs import load_config
from bots.model import Issue, Note
from bots.sources.request import (
    Attendee,
    CommandPlan,
    Meddppicc,
    MeetingType,
    Region,
    RequestStatus,
    SARequest,
    Segment,
    Stage,
    Subscription,
)
from gitlab_sandbox.demo import copy_checkout as copy_repo  # noqa: F401 - re-exported for tests

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)  # a Tuesday
BOT = "sa-triage-bot"
KEY = markers.state_key("glpat-test-token")


@cache
def config() -> config_mod.Config:
    return load_config(ROOT / "sa-triage.yml")


def context(now: datetime = NOW, cfg: config_mod.Config | None = None) -> Context:
    return Context(cfg or config(), now, BOT, ROOT, {}, KEY)


COMPLETE_PLAN = CommandPlan(
    scm="GitHub Enterprise", planning="Jira", ci_cd="Jenkins", cloud="AWS", deployment="EKS",
    competitors="GitHub Actions", attendees=(Attendee("Ada Park", "VP Engineering"),),
    use_cases="CI/CD consolidation", why_now="Jenkins licence renewal", compelling_event="Renewal 2027-01")
COMPLETE_MEDDPPICC = Meddppicc(*(f"known {i}" for i in range(8)))


def request(**overrides: Any) -> SARequest:
    base: dict[str, Any] = dict(
        opportunity_id="006Ak000001AbCdIAK", opportunity_url="https://acme.my.salesforce.com/006Ak000001AbCdIAK",
        account="Northwind Logistics", opportunity_name="Northwind — CI/CD consolidation",
        ae_name="Jordan Lee", ae_email="jordan.lee@example.com", region=Region.AMER,
        segment=Segment.NAMED, stage=Stage.TECHNICAL_EVALUATION, close_date=date(2027, 2, 26),
        net_arr=Decimal("42000"), subscription=Subscription.SAAS,
        requested_at=datetime(2026, 11, 16, 16, 0, tzinfo=UTC),
        meeting_at=datetime(2026, 11, 20, 17, 0, tzinfo=UTC), meeting_type=MeetingType.DEMO,
        fast_track=False, status=RequestStatus.OPEN, command_plan=COMPLETE_PLAN,
        meddppicc=COMPLETE_MEDDPPICC, sa_judgment=None, named_account=False)
    base.update(overrides)
    return SARequest(**base)


def replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)


def issue(iid: int = 1, **overrides: Any) -> Issue:
    base: dict[str, Any] = dict(
        iid=iid, title=f"issue {iid}", description="", labels=(), state="opened", author=BOT,
        assignees=(), created_at=NOW, updated_at=NOW, web_url=f"http://gitlab.test/-/issues/{iid}")
    base.update(overrides)
    return Issue(**base)


def note(id_: int = 1, body: str = "", author: str = BOT, **overrides: Any) -> Note:
    base: dict[str, Any] = dict(id=id_, author=author, body=body, created_at=NOW, updated_at=NOW)
    base.update(overrides)
    return Note(**base)
