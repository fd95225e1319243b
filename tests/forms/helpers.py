"""Shared test data for the forms bot: form issues, awards, and a tiny GitLab that applies plans."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bots import actions as a
from bots import markers
from bots.forms import notes
from bots.forms.plan import IssuePlan, plan_issue
from bots.issue_templates import ON_SITE_REQUEST, FormDefinition, detect_form
from bots.job import Context
from bots.model import Award, Issue, Note
from tests.factories import BOT, NOW, config, context
from tests.issue_templates.helpers import KNOWN_USERS, fill

AUTHOR = "jordan.lee"  # an AMER account executive on the roster
KNOWN = KNOWN_USERS | {p.username for p in config().roster}


def form_issue(form: FormDefinition = ON_SITE_REQUEST, description: str | None = None, *, iid: int = 1,
               labels: tuple[str, ...] | None = None, author: str = AUTHOR,
               awards: tuple[Award, ...] = (), notes_: tuple[Note, ...] = ()) -> Issue:
    """An open issue filed from `form` (every field valid unless `description` is given)."""
    text = fill(form) if description is None else description
    return Issue(iid=iid, title=f"{form.name} {iid}", description=text,
                 labels=(form.label,) if labels is None else labels, state="opened", author=author,
                 assignees=(), created_at=NOW, updated_at=NOW, notes=notes_, awards=awards)


def thumbs(*users: str, start: int = 100, name: str = "thumbsup") -> tuple[Award, ...]:
    """One award per user, with distinct ids."""
    return tuple(Award(start + i, name, user, NOW) for i, user in enumerate(users))


def plan(issue: Issue, ctx: Context | None = None, known: frozenset[str] = KNOWN) -> IssuePlan:
    form = detect_form(issue.labels)
    assert form is not None
    return plan_issue(issue, form, ctx or context(), known)


def apply(issue: Issue, actions: tuple[a.Action, ...], author: str = BOT) -> Issue:
    """The issue as GitLab would hold it after the gateway carried out `actions`."""
    labels, notes_ = set(issue.labels), list(issue.notes)
    for action in actions:
        if isinstance(action, a.UpsertNote):
            current = markers.find_note(notes_, action.marker, author)
            if current is None:
                next_id = max((n.id for n in notes_), default=0) + 1
                notes_.append(Note(next_id, author, action.body, NOW, NOW))
            else:
                notes_[notes_.index(current)] = replace(current, body=action.body)
        elif isinstance(action, a.UpdateIssue):
            labels = (labels - set(action.remove_labels)) | set(action.add_labels)
        else:  # pragma: no cover - the forms bot plans nothing else
            raise AssertionError(action)
    return replace(issue, labels=tuple(sorted(labels)), notes=tuple(notes_))


def settle(issue: Issue, ctx: Context | None = None, **kw: Any) -> tuple[Issue, IssuePlan]:
    """Plan, apply, and check that planning again changes nothing (idempotence)."""
    first = plan(issue, ctx, **kw)
    after = apply(issue, first.actions)
    assert plan(after, ctx, **kw).actions == (), "a second run must plan nothing"
    return after, first


def status(issue: Issue) -> Note:
    """The bot's one status note (fails unless there is exactly one)."""
    found = [n for n in issue.notes if n.author == BOT and n.body.startswith(notes.FORM_MARKER)]
    assert len(found) == 1, found
    return found[0]


def without_section(description: str, heading: str) -> str:
    """`description` without the section under `### heading`."""
    start = description.index(f"### {heading}\n")
    end = description.find("\n### ", start + 1)
    return description[:start] + (description[end + 1:] if end >= 0 else "")


def reordered(description: str) -> str:
    """The same sections, last first."""
    head, *sections = description.split("\n### ")
    return "\n### ".join([head, *reversed([s.rstrip("\n") + "\n" for s in sections])])
