"""The forms bot end to end: an on-site request filed, completed, approved by wrong then right people."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import gitlab
import pytest

from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE
from bots.issue_templates.salesforce import checksum
from gitlab_sandbox.demo import BOT_USERNAME, user_token
from gitlab_sandbox.demo_forms import DEMO_OPPORTUNITY, fill_template, seed_demo_forms

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
AUTHOR = "jordan.lee"  # AMER account executive
ALLOWED_MENTIONS = {"@jordan.lee", "@maria.garcia", "@tom.becker"}


def as_user(env, username: str):
    """The project as `username` sees it through python-gitlab, with their own token."""
    gl = gitlab.Gitlab(env.url, private_token=user_token(username))
    return gl.projects.get(PROJECT)


def answers() -> dict[str, str]:
    start = (datetime.now(UTC) + timedelta(days=30)).date()
    return {
        "opportunity": f"https://gitlab.my.salesforce.com/{DEMO_OPPORTUNITY}{checksum(DEMO_OPPORTUNITY)}",
        "estimated_cost": "USD 2,400",
        "attendees": "@alex.kim (SA) and @jordan.lee (AE)",
        "engagement_summary": "Discovery and a demo in October.",
        "stakeholders": "CTO and the platform team.",
        "proposed_dates": f"{start.isoformat()} to {(start + timedelta(days=1)).isoformat()}",
        "agenda": "#### Day 1\nDemo\n#### Day 2\nWorkshop",
        "outstanding": "None",
        "prerequisites": "ticked",
    }


def bot_notes(env, iid: int) -> list[dict]:
    return [n for n in env.sandbox.notes(PROJECT, iid) if n["author"]["username"] == BOT_USERNAME
            and not n["system"]]


def labels(env, iid: int) -> set[str]:
    return set(env.sandbox.issue(PROJECT, iid)["labels"])


def writes_by_route(env) -> Counter:
    return Counter({k: v for k, v in env.sandbox.log.by_route().items() if not k.startswith("GET")})


def run_twice(env, iid: int) -> dict:
    """Run the bot, check one note and no bot quick action or stray mention, then a re-run writes nothing."""
    result = env.run("run", "forms")
    assert result.code == 0, result.text
    (note,) = bot_notes(env, iid)
    bot_actions = [q for q in env.sandbox.log.quick_actions if q["user"] == BOT_USERNAME]
    assert bot_actions == []
    mentioned = {m["mention"] for m in env.sandbox.log.mentions if m["user"] == BOT_USERNAME}
    assert mentioned <= ALLOWED_MENTIONS, mentioned
    before = env.writes()
    again = env.run("run", "forms")
    assert again.code == 0, again.text
    assert env.writes() == before, writes_by_route(env)
    assert bot_notes(env, iid) == [note]
    return note


def test_on_site_request_from_filing_to_approval(env):
    assert env.run("setup").code == 0
    template = (env.repo / "templates" / "issue_templates" / ON_SITE_REQUEST.file_name).read_text()
    author = as_user(env, AUTHOR)
    issue = author.issues.create({"title": "On-site: Acme", "description": template})
    iid = issue.iid
    assert labels(env, iid) == {ON_SITE_REQUEST.label}  # the template's own /label quick action

    note = run_twice(env, iid)
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "needs-info"}
    assert note["body"].count("\n- **") == 9 and "@jordan.lee" in note["body"]

    issue.description = fill_template(ON_SITE_REQUEST, answers())
    issue.save()
    complete = run_twice(env, iid)
    assert complete["id"] == note["id"]
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "onsite::awaiting-approval"}
    assert "waiting for a 👍 from @maria.garcia" in complete["body"]

    for wrong in ("alex.kim", "anna.schmidt"):  # an SA, and the other region's manager
        as_user(env, wrong).issues.get(iid).awardemojis.create({"name": "thumbsup"})
    ignored = run_twice(env, iid)
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "onsite::awaiting-approval"}
    assert "does not count (seen from alex.kim, anna.schmidt)" in ignored["body"]
    assert "waiting for a 👍 from @maria.garcia" in ignored["body"]

    as_user(env, "maria.garcia").issues.get(iid).awardemojis.create({"name": "thumbsup"})
    half = run_twice(env, iid)
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "onsite::awaiting-approval"}
    assert "approved by @maria.garcia" in half["body"] and "waiting for a 👍 from @tom.becker" in half["body"]

    as_user(env, "tom.becker").issues.get(iid).awardemojis.create({"name": "thumbsup"})
    approved = run_twice(env, iid)
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "onsite::approved"}
    assert "**Approved.**" in approved["body"]

    issue = author.issues.get(iid)
    issue.description = fill_template(ON_SITE_REQUEST, {**answers(), "estimated_cost": "USD 4,800"})
    issue.save()
    stale = run_twice(env, iid)
    assert labels(env, iid) == {ON_SITE_REQUEST.label, "onsite::awaiting-approval"}
    assert "**stale approval**: @maria.garcia" in stale["body"] and stale["id"] == note["id"]
    mentioned = {m["mention"] for m in env.sandbox.log.mentions if m["user"] == BOT_USERNAME}
    assert "@jordan.lee" in mentioned and mentioned <= ALLOWED_MENTIONS


def test_demo_forms_are_checked_and_the_pto_author_reminded(env):
    from bots.jobs import load_config
    from tests.e2e.conftest import BUSINESS_HOURS

    env.sandbox.clock = lambda: datetime.fromisoformat(BUSINESS_HOURS)  # the runs' now, as in the demo
    seed_demo_forms(env.sandbox, load_config(env.config))  # as the demo does: before setup
    assert env.run("setup").code == 0
    result = env.run("run", "forms")
    assert result.code == 0, result.text
    assert "4 open form issue(s): 2 needs-info, 2 complete, 0 approved" in result.out
    by_title = {i["title"]: i for i in env.sandbox.issues(PROJECT)}
    filed = by_title["SA request: Fabrikam Retail (outside Salesforce)"]  # complete: ready for triage
    assert set(filed["labels"]) == {"form::sa-request", "sa-request::ready-for-triage"}
    pto = next(i for t, i in by_title.items() if t.startswith("PTO"))
    assert set(pto["labels"]) == {PTO_COVERAGE.label, "needs-info"}
    bodies = [n["body"] for n in bot_notes(env, pto["iid"])]
    assert len(bodies) == 2 and any("**Reminder** @alex.kim" in b for b in bodies)
    before = env.writes()
    assert env.run("run", "forms").code == 0
    assert env.writes() == before
    # filed at 14:00 on the business day before: overdue for triage now (15:00), not yet escalated
    assert env.run("run", "slo").code == 0
    (breach,) = [n["body"] for n in bot_notes(env, filed["iid"]) if "sa-triage:slo" in n["body"]]
    assert breach.startswith("<!-- sa-triage:slo form-triage-breached") and "@commercial-sa-emea" in breach
