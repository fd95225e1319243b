"""The mirrored requests that form issues link to: is the opportunity an ephemeral Slack channel serves
still open, or is the project complete?

A Slack channel form names its opportunity (**Opportunity Link**); the mirror keys each request by
the opportunity's 18-character id, so the request is found on the board by that key
(`bots.request_record.read_request`). The project counts as complete when the request's issue is
closed (the mirror closes it when the opportunity closes or the request is withdrawn) or its record
says Closed Won / Closed Lost.

An SA request filed from the form may name its opportunity too (**Customer SFDC Opportunity Link**):
when that opportunity's request is mirrored and open, the form is triaged there (`form_triage`); only
the open requests are looked at for it (`search_closed=False`).

Cost: nothing for a request with an open issue (the board's one list); one search of the bot's
closed issues by key (in descriptions, verified by the key marker) per linked opportunity that has
no open issue, each at most once per run (none with `search_closed=False`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bots import markers
from bots.board import BoardSnapshot
from bots.issue_templates import EPHEMERAL_SLACK_CHANNEL, FormDefinition, SalesforceRecord, validate
from bots.model import Issue
from bots.request_record import read_request
from bots.sources.sfid import BadId, to_18


@dataclass(frozen=True)
class LinkedRequest:
    """A mirrored request as a form issue sees it."""

    key: str  # the opportunity id (18 characters)
    iid: int
    closed: bool  # the project is complete
    why: str = ""  # what says so: "the request #12 was closed", "the opportunity is Closed Won"
    close_date: date | None = None  # the opportunity's close date, as the mirror recorded it


Links = Mapping[str, LinkedRequest]
NO_LINKS: Links = {}


def opportunity_key(issue: Issue, now: datetime,
                    form: FormDefinition = EPHEMERAL_SLACK_CHANNEL) -> str | None:
    """The 18-character id of the opportunity a form issue (a Slack channel's, unless `form` says)
    links to in its `opportunity` field, if it links to a valid one."""
    return linked_key(validate(form, issue.description, today=now.date(), known_users=frozenset()).values)


def linked_key(values: Mapping[str, object]) -> str | None:
    """The 18-character id in a validated form's `opportunity` field, if it holds a valid one."""
    found = values.get("opportunity")
    if not isinstance(found, SalesforceRecord):
        return None
    try:
        return to_18(found.record_id)
    except BadId:
        return None


def _linked(issue: Issue, bot: str, key: bytes) -> LinkedRequest | None:
    record = read_request(issue, bot, key)
    if record is None:
        return None
    stage = record.stage
    if not issue.is_open:
        why = f"its request #{issue.iid} was closed"
    elif stage is not None and stage.is_closed:
        why = f"the opportunity is {stage.value}"
    else:
        return LinkedRequest(record.key, issue.iid, False, close_date=record.close)
    return LinkedRequest(record.key, issue.iid, True, why, record.close)


def read_links(board: BoardSnapshot, channels: Iterable[Issue], mirror_label: str, key: bytes,
               now: datetime, form: FormDefinition = EPHEMERAL_SLACK_CHANNEL,
               search_closed: bool = True) -> dict[str, LinkedRequest]:
    """The linked request of each form issue (`channels`, filed from `form`), by opportunity key (a key
    without a request is absent); `search_closed=False`: only the open requests, no search."""
    wanted = {k for k in (opportunity_key(i, now, form) for i in channels) if k}
    if not wanted:
        return {}
    bot = board.bot_username
    found: dict[str, LinkedRequest] = {}
    for issue in board.open_with(mirror_label):
        link = _linked(issue, bot, key)
        if link is not None and link.key in wanted:
            found.setdefault(link.key, link)
    for k in sorted(wanted - set(found)) if search_closed else ():
        closed = board.closed(search=k, author_username=bot, **{"in": "description"})
        for issue in sorted(closed, key=lambda i: -i.iid):
            link = _linked(issue, bot, key) if markers.find_issue_key(issue, bot) == k else None
            if link is not None:
                found[k] = link
                break
    return found
