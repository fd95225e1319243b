"""Which `@usernames` in form fields are looked up, and the cap on lookups per run."""

from __future__ import annotations

from bots.forms.users import MAX_LOOKUPS, known_users, named_users
from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE
from tests.factories import BOT, config
from tests.forms.helpers import form_issue
from tests.issue_templates.helpers import fill


def test_only_user_fields_are_read():
    text = fill(ON_SITE_REQUEST, attendees="@alice, @Bob and @alice.", engagement_summary="@mallory said hi")
    assert named_users(ON_SITE_REQUEST, text) == ["alice", "Bob"]
    assert named_users(ON_SITE_REQUEST, "") == []


def test_roster_names_are_trusted_others_asked_once():
    asked: list[str] = []

    def exists(name: str) -> bool:
        asked.append(name)
        return name == "alice"

    issues = [form_issue(description=fill(ON_SITE_REQUEST, attendees="@alice @ALEX.KIM @ghost")),
              form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, coverage="@Alice"), iid=2)]
    known, problems = known_users(issues, config(), BOT, exists)
    assert asked == ["alice", "ghost"] and problems == ()
    assert "alice" in known and "ghost" not in known and "alex.kim" in known


def test_lookups_are_capped_per_run():
    issues = [form_issue(description=fill(ON_SITE_REQUEST, attendees=" ".join(
        f"@u{i}x{j}" for j in range(40))), iid=i) for i in range(1, 5)]
    known, problems = known_users(issues, config(), BOT, lambda name: True)
    assert len(known - {p.username for p in config().roster} - {BOT}) == MAX_LOOKUPS
    assert len(problems) == 1 and "#3, #4" in problems[0].message
