"""The five SA-to-SA handoff steps, and reading which boxes are ticked in the bot's checklist note.

Handbook (Commercial Sales - Customer Success, "SA to SA (new accounts)"): "Update SA name on account
team in Salesforce"; "Ensure any account notes, tech stack discoveries, technical briefs or running
call notes are linked to Salesforce and shared with the new SA"; "Introduce new SA live on a client
call"; "If a POV is pending or active, update the POV record in Salesforce as required"; "Ensure any
current action items are identified via an issue on the Commercial SA Triage board".

GitLab lets people tick the task boxes of a note they cannot otherwise edit, so a box's state is the
only input read from the note: a step counts as ticked when its own line, with exactly the text the
bot wrote, carries `[x]`. Any other text in the note is never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STEPS: tuple[tuple[str, str], ...] = (
    ("salesforce", "Update the SA name on the account team in Salesforce"),
    ("notes", "Link the account notes, tech stack discoveries, technical briefs and running call notes "
              "in Salesforce, and share them with the new SA"),
    ("introduce", "Introduce the new SA live on a client call"),
    ("pov", "If a POV is pending or active, update the POV record in Salesforce"),
    ("action_items", "List the current action items as issues on the triage board"),
)


def _line(text: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*[-*+] \[([ xX])\] {re.escape(text)}[ \t]*$", re.M)


_PATTERNS = tuple((key, _line(text)) for key, text in STEPS)


def ticked(body: str) -> frozenset[str]:
    """The keys of the steps whose own line in `body` is ticked."""
    out = set()
    for key, pattern in _PATTERNS:
        m = pattern.search(body)
        if m and m.group(1) in "xX":
            out.add(key)
    return frozenset(out)


def open_steps(done: Iterable[str]) -> tuple[str, ...]:
    """The texts of the steps not yet ticked, in order."""
    have = set(done)
    return tuple(text for key, text in STEPS if key not in have)
