"""The bot's ledger issue: one issue the bot created (key `slo-ledger`), listed with the open issues at
no extra request, where bots keep signed records of their own state between runs (the SLO bot's
reminders and quiet entries, `bots.slo.ledger`; the mirror's closed issues of live requests,
`bots.mirror.closed_known`). Only the signed records are trusted: a person may edit, close or
delete the issue, which costs reads, never a wrong write.
"""

from __future__ import annotations

from collections.abc import Iterable

from bots import markers
from bots.model import Issue

KEY = "slo-ledger"  # the issue's key marker (named after its first user)


def find_issue(issues: Iterable[Issue], bot: str, skip_label: str) -> Issue | None:
    """The ledger among the open issues (those labelled `skip_label`, the requests, are not looked at)."""
    for issue in issues:
        if issue.author != bot or skip_label in issue.labels:
            continue
        if markers.find_issue_key(issue, bot) == KEY:
            return issue
    return None
