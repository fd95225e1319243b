"""Suggestion test helpers: a roster of our own, mirrored requests, assigned work and PTO issues."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from bots import actions as a
from bots.config import Config, Person
from bots.forms.pto import away_windows
from bots.issue_templates import PTO_COVERAGE
from bots.job import Context, Plan
from bots.model import Issue
from bots.sources.request import CommandPlan, Region
from bots.suggest.job import SuggestJob, SuggestSnapshot, is_waiting
from bots.suggest.settings import SuggestSettings
from tests.factories import NOW, config, context, issue, request
from tests.issue_templates.helpers import fill
from tests.slo.helpers import mirrored

EMEA_PLAN = CommandPlan(scm="Bitbucket Data Center", planning="Jira", ci_cd="Jenkins", cloud="AWS",
                        deployment="EKS with Helm", competitors="GitHub", use_cases="CI/CD consolidation")


def sa(username: str, region: str = "EMEA", skills: tuple[str, ...] = (), capacity: int = 5,
       languages: tuple[str, ...] = ("english",), role: str = "sa") -> Person:
    return Person(username=username, name=username.replace(".", " ").title(), role=role, region=region,
                  skills=skills, languages=languages, capacity=capacity)


def cfg(*people: Person, settings: SuggestSettings | None = None) -> Config:
    """The project config with only `people` on the roster (and `suggestions` settings, if given)."""
    base = dataclasses.replace(config(), roster=tuple(people))
    return base.with_section(settings) if settings is not None else base


def ctx_for(conf: Config, now: datetime = NOW) -> Context:
    return context(now=now, cfg=conf)


def emea_request(**overrides: Any) -> Issue:
    """A mirrored EMEA request waiting in triage (meeting Fri 20 Nov 17:00 UTC by default)."""
    iid = overrides.pop("iid", 1)
    fields = {k: overrides.pop(k) for k in ("labels", "assignees", "notes", "state") if k in overrides}
    base: dict[str, Any] = {"region": Region.EMEA, "command_plan": EMEA_PLAN}
    base.update(overrides)
    made = mirrored(request(**base), iid=iid)
    return dataclasses.replace(made, **fields)


def assigned(iid: int, *users: str) -> Issue:
    """Someone's open work: an sa-request issue assigned to `users`."""
    return issue(iid, labels=("sa-request", "triage::engaged"), assignees=users)


def pto(author: str, dates: str, iid: int = 900) -> Issue:
    """A PTO coverage issue filed by `author` for `dates` (e.g. "2026-11-19 to 2026-11-23")."""
    return issue(iid, author=author, labels=(PTO_COVERAGE.label,),
                 description=fill(PTO_COVERAGE, dates=dates, coverage="@carol"))


def snapshot(requests: tuple[Issue, ...], ptos: tuple[Issue, ...], ctx: Context) -> SuggestSnapshot:
    """What `SuggestJob.read` would gather from a GitLab holding these issues."""
    known = frozenset(p.username for p in ctx.config.roster)
    away = away_windows(ptos, ctx.now.date(), known)
    return SuggestSnapshot(requests, tuple(i for i in requests if is_waiting(i, ctx)), away)


def plan(requests: tuple[Issue, ...], ctx: Context, ptos: tuple[Issue, ...] = ()) -> Plan:
    return SuggestJob().plan(snapshot(requests, ptos, ctx), ctx)


def note_body(requests: tuple[Issue, ...], ctx: Context, ptos: tuple[Issue, ...] = ()) -> str:
    """The single note planned for the first waiting request."""
    (action,) = [x for x in plan(requests, ctx, ptos).actions if isinstance(x, a.UpsertNote)]
    return action.body


def order(body: str) -> list[str]:
    """Usernames of the numbered candidates, in order."""
    import re

    return re.findall(r"^\d+\. `@([^`]+)`", body, re.M)


def stretch_of(body: str) -> str | None:
    import re

    m = re.search(r"^\*\*Stretch, a learning opportunity\*\*.*?`@([^`]+)`", body, re.M)
    return m.group(1) if m else None
