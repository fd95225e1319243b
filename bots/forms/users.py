"""Which `@usernames` named in form fields exist on GitLab: looked up once per run, at read time."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bots.config import Config
from bots.errors import Problem
from bots.issue_templates import FormDefinition, Users, detect_form
from bots.issue_templates.fields import MAX_USERS
from bots.issue_templates.parse import parse_description
from bots.model import Issue

MAX_LOOKUPS = 100  # per run: a hostile description cannot make the bot send thousands of requests
# As `bots.issue_templates.fields` reads them: `@name` not preceded by a word, `@`, `.`, `+` or `-`.
_USER = re.compile(r"(?<![\w@.+\-])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")


def named_users(form: FormDefinition, description: str) -> list[str]:
    """The `@usernames` written in the form's user fields, in order, case-insensitively distinct."""
    keys = [spec.match_key for spec in form.fields if isinstance(spec.type, Users)]
    if not keys:
        return []
    found: dict[str, str] = {}
    sections = parse_description(description, (s.match_key for s in form.fields))
    for key in keys:
        text = sections[key].text if key in sections else ""
        for count, m in enumerate(_USER.finditer(text)):
            if count > MAX_USERS:
                break
            name = m[1].rstrip(".")
            found.setdefault(name.casefold(), name)
    return list(found.values())


def _names(issue: Issue) -> list[str]:
    """The users named in an issue's form, or none if it has no single form or can't be read."""
    form = detect_form(issue.labels)
    try:
        return named_users(form, issue.description) if form else []
    except Exception:  # the planner validates the same text and reports the issue if it fails
        return []


def known_users(issues: Iterable[Issue], cfg: Config, bot_username: str,
                exists: Callable[[str], bool]) -> tuple[frozenset[str], tuple[Problem, ...]]:
    """Roster members (trusted from the config), plus every other named user GitLab knows."""
    known = {p.username for p in cfg.roster} | {bot_username}
    folded = {name.casefold() for name in known}
    asked = 0
    skipped: list[str] = []
    for issue in issues:
        for name in _names(issue):
            if name.casefold() in folded:
                continue
            folded.add(name.casefold())
            if asked >= MAX_LOOKUPS:
                skipped.append(f"#{issue.iid}")
                continue
            asked += 1
            if exists(name):
                known.add(name)
    problems: tuple[Problem, ...] = ()
    if skipped:
        where = ", ".join(sorted(set(skipped)))
        problems = (Problem("forms", f"more than {MAX_LOOKUPS} unknown @usernames to look up; the rest"
                            f" count as unknown this run ({where})"),)
    return frozenset(known), problems
