"""Handoffs filed as SA Handoff issues: the same checklist, posted once on the handoff issue.

The issue (template `SA Handoff`, label `form::sa-handoff`) names the outgoing SA (**Previous SA**),
the incoming SA (**New SA**), both on the team roster, and the Salesforce account or opportunity
(**Account or Opportunity Link**). An opportunity link names the mirrored request by its key; an
account link names no request, and the checklist is still posted (the handbook's handoff is of
accounts).

One handoff model (`bots.handoff.plan`): the issue's handoff is a `Handoff` whose checklist, ticks,
reminder and "done" are those of a request's, with `on` set to the issue. Its lifecycle is read
from the bot's own notes on the issue (the checklist note's time, the reminder and the done note,
found by marker), so a person-written issue's description is never edited. The request's record
notes the issue (`plan._claim`): if the request already posted this handoff (same outgoing and
incoming SAs) the issue gets no second checklist, and if the assignment follows, the request
posts none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bots import actions as a
from bots.handoff import notes as n
from bots.handoff.plan import Env, Filed, Seen, progress
from bots.handoff.record import Handoff, Record
from bots.issue_templates import SA_HANDOFF, SalesforceRecord, validate
from bots.markers import find_note
from bots.model import Issue, Note
from bots.sources.sfid import BadId, to_18

NUMBER = 1  # the issue's one handoff: its notes' markers are `handoff 1`, `handoff-reminder 1`, ...


def _users(value: object) -> tuple[str, ...]:
    return tuple(sorted(str(x) for x in value)) if isinstance(value, tuple) else ()


def _key(value: object) -> str | None:
    if not isinstance(value, SalesforceRecord) or value.kind != "Opportunity":
        return None
    try:
        return to_18(value.record_id)
    except BadId:
        return None


def read_filed(issue: Issue, team: frozenset[str], now: datetime, notes: Iterable[Note] = ()) -> Filed | None:
    """The handoff an SA Handoff issue files, or None when it does not name two different team SAs."""
    result = validate(SA_HANDOFF, issue.description, today=now.date(), known_users=team)
    out, inc = _users(result.values.get("previous_sa")), _users(result.values.get("new_sa"))
    if not out or not inc or set(out) & set(inc) or not set(out + inc) <= team:
        return None
    return Filed(issue, _key(result.values.get("account_link")), out, inc, tuple(notes))


def _handoff(f: Filed, bot: str) -> Handoff:
    """The issue's handoff as its bot notes say: posted (when), reminded, done."""
    posted = find_note(f.notes, n.checklist_marker(NUMBER), bot)
    reminded = find_note(f.notes, n.reminder_marker(NUMBER), bot) is not None
    done = find_note(f.notes, n.done_marker(NUMBER), bot) is not None
    return Handoff(NUMBER, f.outgoing, f.incoming, posted.created_at if posted else None, reminded, done,
                   on=f.issue.iid)


def plan_filed(f: Filed, request: Record | None, request_iid: int | None,
               env: Env) -> tuple[list[a.Action], list[str]]:
    """The checklist, reminder and done note on the handoff issue, unless the request tracks it."""
    last = request.last if request else None
    if last is not None and f.same(last) and last.on != f.issue.iid:
        where = f"#{last.on}" if last.on is not None else f"its request #{request_iid}"
        return [], [f"#{f.issue.iid}: SA handoff already tracked on {where}; no second checklist"]
    h = _handoff(f, env.bot)
    if h.done:
        return [], []
    _, actions, info = progress(Seen(f.issue, (), None, f.notes), h, env)
    return actions, info
