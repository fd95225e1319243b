"""The bot's ledger issue: one issue the bot created (key `slo-ledger`), listed with the open issues at
no extra request, where bots keep signed records of their own state between runs (the SLO bot's
reminders and quiet entries, `bots.slo.ledger`; the mirror's closed issues of live requests,
`bots.mirror.closed_known`; the issues whose notes must be read before a proof from their records is
trusted, `bots.notes_recheck`). Only the signed records are trusted: a person may edit, close or
delete the issue, which costs reads, never a wrong write.
"""

from __future__ import annotations

from collections.abc import Iterable

from bots import actions as a
from bots import markers
from bots.model import Issue

KEY = "slo-ledger"  # the issue's key marker (named after its first user)
TITLE = "sa-triage: SLO ledger (the bot's own state)"
ABOUT = ("The SLO bot keeps here which reminders it has just posted, for a few hours each, and which "
         "requests' notes showed no second review or follow-up yet, so that its next runs need not read "
         "those issues' notes again; the mirror keeps which closed issue each live request has, so that "
         "it need not search for them. Editing this issue changes nothing; closing or deleting it costs "
         "only extra reads.")


def create(records: Iterable[tuple[str, str]]) -> a.CreateIssue:
    """The ledger issue with its first signed `records` ((kind, comment)): made by whichever bot needs
    it first; the others' records are added to it by their edits (`DescriptionEdit.records`)."""
    block = markers.owned_block(f"{markers.issue_key_marker(KEY)}\n{ABOUT}")
    comments = "".join(f"{comment}\n" for _, comment in records)
    return a.CreateIssue(KEY, TITLE, f"{block}\n{comments}", ())


def find_issue(issues: Iterable[Issue], bot: str, skip_label: str) -> Issue | None:
    """The ledger among the open issues (those labelled `skip_label`, the requests, are not looked at)."""
    for issue in issues:
        if issue.author != bot or skip_label in issue.labels:
            continue
        if markers.find_issue_key(issue, bot) == KEY:
            return issue
    return None
