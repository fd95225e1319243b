"""`forms`: check issues filed from the templates, count on-site approvals, remind about PTO coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from bots import actions as a
from bots.board import BoardSnapshot
from bots.errors import Problem
from bots.forms.plan import plan_issue
from bots.forms.users import known_users
from bots.golive import held_line
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, FORMS, ON_SITE_REQUEST, detect_form
from bots.job import Context, Plan
from bots.model import Issue


@dataclass(frozen=True)
class FormsSnapshot:
    issues: tuple[Issue, ...]  # open form issues, with their notes (and awards, for the forms approved by 👍)
    known_users: frozenset[str]  # usernames that exist on GitLab, for the `@username` fields
    problems: tuple[Problem, ...] = ()


def read_form_issues(board: BoardSnapshot) -> tuple[Issue, ...]:
    """Open issues carrying a form label, with their notes (and awards, for on-site requests and
    ephemeral Slack channels: the forms approved by 👍)."""
    labels = {form.label for form in FORMS}
    approved_by_award = {ON_SITE_REQUEST.label, EPHEMERAL_SLACK_CHANNEL.label}
    out = []
    for issue in board.open_issues():
        if labels.isdisjoint(issue.labels):
            continue
        awarded = not approved_by_award.isdisjoint(issue.labels)
        out.append(replace(issue, notes=board.notes(issue.iid),
                           awards=board.awards(issue.iid) if awarded else ()))
    return tuple(out)


class FormsJob:
    name = "forms"
    summary = "check issues filed from templates, on-site approvals and PTO coverage"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> FormsSnapshot:
        issues = read_form_issues(board)
        known, problems = known_users(issues, ctx.config, ctx.bot_username, board.user_exists)
        return FormsSnapshot(issues, known, problems)

    def plan(self, snap: FormsSnapshot, ctx: Context) -> Plan:
        actions: list[a.Action] = []
        problems = list(snap.problems)
        info: list[str] = []
        tally: Counter[str] = Counter()
        held: list[tuple[int, str]] = []
        for issue in snap.issues:
            form = detect_form(issue.labels)
            place = f"issue #{issue.iid}"
            if form is None:
                labels = ", ".join(x for x in issue.labels if x.startswith("form::"))
                problems.append(Problem(place, f"carries several form labels ({labels}): keep one"))
                continue
            try:
                planned = plan_issue(issue, form, ctx, snap.known_users)
            except Exception as e:  # one bad issue must not stop the run: report it and go on
                problems.append(Problem(place, f"could not be checked ({type(e).__name__})"))
                continue
            actions.extend(planned.actions)
            problems.extend(planned.problems)
            info.extend(planned.info)
            held.extend(planned.held)
            tally[planned.status] += 1
        counts = ", ".join(f"{tally[k]} {k}" for k in ("needs-info", "complete", "approved"))
        info.insert(0, f"{len(snap.issues)} open form issue(s): {counts}")
        if held:
            info.append(held_line(held))
        return Plan(tuple(actions), tuple(problems), tuple(info), held=tuple(held))
