"""The mirror's record of the closed issues of live requests, on the bot's ledger issue.

A request that is live in the sources but whose issue is closed (the team is done with it, or the
bot closed it when the request left the sources) has no open issue, so each run looks its closed
issue up (`bots.mirror.closed_history`): one search per such request, every run, for as long as the
opportunity stays open. The mirror therefore keeps, in a signed record on the ledger issue
(`<!-- sa-triage:mirror-closed {...} sig=... -->`), which closed issue each of them has; the next
runs fetch those with one `iids[]` list per 100 and search only for the others (a new one, or one
whose issue is gone or no longer carries its key).

The record holds only iids, checked again on every read (the issue must be closed, the bot's, with
the key): a stale, lost or forged record costs searches, never a wrong plan. It is written when the
set changes (a request found, one whose issue was reopened or whose request left), never otherwise,
and only in a run over the whole board; the first record creates the ledger issue if no bot has yet
(an install without the SLO bot).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bots import actions as a
from bots import bot_ledger, markers
from bots.mirror.missing import closed_for_absence
from bots.model import Issue

KIND = "mirror-closed"
MAX_ENTRIES = 20_000  # about 30 characters each: far below GitLab's description limit


def read(ledger: Issue | None, key: bytes) -> dict[str, int]:
    """The recorded closed issue of each live request (key -> iid); empty without a usable record."""
    if ledger is None:
        return {}
    data = markers.read_signed_comment(ledger.description, KIND, key) or {}
    found = data.get("k")
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, int) and v > 0}


def to_record(closed: Iterable[Issue], bot: str) -> dict[str, int]:
    """What to record of this run's closed issues of live requests: the lowest iid per key (the one
    the plan takes), and not an issue the plan reopens (it is open from then on)."""
    lowest: dict[str, Issue] = {}
    for issue in sorted(closed, key=lambda i: -i.iid):
        if key := markers.find_issue_key(issue, bot):
            lowest[key] = issue
    return {key: i.iid for key, i in lowest.items() if not closed_for_absence(i, bot)}


def plan(ledger: Issue | None, before: Mapping[str, int], now: Mapping[str, int],
         key: bytes) -> list[a.Action]:
    """The write that records `now` (key -> iid of the closed issues of this run's live requests without
    an open one), when it differs from `before`; without a ledger issue yet, the ledger issue with it
    (none while there is nothing to record)."""
    if dict(now) == dict(before) or (ledger is None and not now):
        return []
    kept = dict(sorted(now.items())[:MAX_ENTRIES])
    comment = markers.signed_comment(KIND, {"v": 1, "k": kept}, key)
    if ledger is None:
        return [bot_ledger.create(((KIND, comment),))]
    return [a.UpdateIssue(ledger.iid, edit=a.DescriptionEdit(records=((KIND, comment),)))]
