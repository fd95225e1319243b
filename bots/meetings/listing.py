"""The requests an agenda lists, from the board's open issues and their signed request records.

Peer Review (handbook: "Two opportunities are reviewed during the session (10 minutes each)"): the
bot proposes the two open mirrored requests in 3-Technical Evaluation or 4-Proposal that have an SA
assigned (someone to present), the largest Net ARR first, then the oldest request (`agenda.REVIEW_RULE`).
The team may swap one; the proposal is made once, when the agenda is filed.

Weekly standup ("triage any open SA Requests"): the region's open mirrored requests still in the first
board list (`triage::new`) with the region's label, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from bots.calendars import BusinessCalendar, when
from bots.meetings.agenda import Listed
from bots.model import Issue
from bots.request_record import RequestRecord, read_request
from bots.sources.request import Stage

REVIEW_STAGES = frozenset({Stage.TECHNICAL_EVALUATION, Stage.PROPOSAL})


def _records(issues: Iterable[Issue], bot: str, key: bytes) -> list[tuple[Issue, RequestRecord]]:
    out = []
    for issue in issues:
        record = read_request(issue, bot, key)
        if record is not None:
            out.append((issue, record))
    return out


def _names(usernames: Iterable[str]) -> str:
    return ", ".join(f"`@{u}`" for u in usernames if u and "`" not in u) or "nobody"


def peer_reviews(issues: Iterable[Issue], bot: str, key: bytes, count: int = 2) -> tuple[Listed, ...]:
    """The `count` requests the Peer Review agenda proposes (module docstring: the rule)."""
    fits = [(i, r) for i, r in _records(issues, bot, key) if r.stage in REVIEW_STAGES and i.assignees]
    fits.sort(key=lambda x: (-(x[1].net_arr or Decimal(0)), x[1].entered, x[0].iid))
    return tuple(Listed(i.iid, i.title, f"{r.stage.value if r.stage else '—'}, Net ARR "
                        f"{r.net_arr or 0:,.0f}, presented by {_names(i.assignees)}")
                 for i, r in fits[:count])


# An agenda lists the oldest this many and counts the rest: a long backlog must neither outgrow
# GitLab's description limit (1,048,576 characters: 10,000 requests did) nor cost a re-render of
# every request each run.
TRIAGE_LISTED = 30


def waiting_in_triage(issues: Iterable[Issue], labels: tuple[str, ...], bot: str, key: bytes,
                      calendar: BusinessCalendar) -> tuple[tuple[Listed, ...], int]:
    """The region's requests waiting in triage (every one of `labels`), the oldest `TRIAGE_LISTED`
    first, and how many more there are."""
    fits = [(i, r) for i, r in _records(issues, bot, key) if all(x in i.labels for x in labels)]
    fits.sort(key=lambda x: (x[1].entered, x[0].iid))
    shown = tuple(Listed(i.iid, i.title, f"received {when(calendar, r.entered)}")
                  for i, r in fits[:TRIAGE_LISTED])
    return shown, max(0, len(fits) - TRIAGE_LISTED)
