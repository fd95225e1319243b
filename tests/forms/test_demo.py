"""Demo data: issues filed from the template text by roster people, which the bot then checks."""

from __future__ import annotations

from datetime import UTC, datetime

from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE, validate
from gitlab_sandbox import Sandbox
from gitlab_sandbox.demo import seed
from gitlab_sandbox.demo_forms import fill_template, seed_demo_forms
from tests.factories import config

NOW = datetime(2026, 11, 17, 15, tzinfo=UTC)


def seeded() -> list[dict]:
    cfg = config()
    sandbox = Sandbox()
    sandbox.clock = lambda: NOW
    seed(sandbox, cfg)
    seed_demo_forms(sandbox, cfg)
    return sandbox.issues(cfg.gitlab.project)


def test_seeds_two_on_site_requests_and_a_pto_issue_by_roster_people():
    cfg = config()
    issues = seeded()
    assert [(i["author"]["username"], i["labels"]) for i in issues] == [
        ("jordan.lee", [ON_SITE_REQUEST.label]), ("alex.kim", [ON_SITE_REQUEST.label]),
        ("alex.kim", [PTO_COVERAGE.label])]
    known = frozenset(p.username for p in cfg.roster)
    today = NOW.date()
    incomplete, complete, pto = (
        validate(form, i["description"], today=today, known_users=known)
        for form, i in zip((ON_SITE_REQUEST, ON_SITE_REQUEST, PTO_COVERAGE), issues, strict=True))
    assert not incomplete.complete and complete.complete
    assert [f.key for f in pto.findings] == ["coverage"]
    assert all("/label" not in i["description"] for i in issues)


def test_fill_template_leaves_unanswered_sections_as_the_template_has_them():
    text = fill_template(ON_SITE_REQUEST, {"agenda": "Day 1: demo", "prerequisites": "ticked"})
    assert "Day 1: demo" in text and "_Replace with the agenda" not in text
    assert "_Replace with the link to the Salesforce opportunity_" in text
    assert text.count("- [x] ") == 2
