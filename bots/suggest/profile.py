"""What a mirrored request needs, read from its issue: region, meeting, Command Plan text, language.

Region, meeting and the Command Plan text come from the request record the mirror signed
(`bots.request_record`; a record of the first release has no plan, so its block's table is read). A
language is needed when a `language::<name>` label is set, or when the plan asks for a language the
roster speaks ("German-speaking", "in French").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bots import markers
from bots.model import Issue
from bots.request_record import read_plan, read_request
from bots.sanitize import WORD_JOINER
from bots.suggest.skills import PLAN_FIELDS

LANGUAGE_LABEL = "language::"
_ROW = re.compile(r"^\| \*\*(?P<label>[^*|]+)\*\* \| (?P<value>.*) \|$", re.M)
_TABLE_LABELS = {"SCM": "scm", "Planning": "planning", "CI/CD": "ci_cd", "Cloud": "cloud",
                 "Deployment": "deployment", "Competitors evaluated": "competitors", "Use cases": "use_cases",
                 "Why now": "why_now", "Compelling event": "compelling_event"}
# The plan fields a suggestion depends on: skills (PLAN_FIELDS) and the wording of the request.
_WANTED = frozenset({k for k, _ in PLAN_FIELDS} | {"why_now", "compelling_event"})


@dataclass(frozen=True)
class RequestProfile:
    iid: int
    region: str  # "AMER", "EMEA" or "unknown"
    meeting: datetime | None
    plan: tuple[tuple[str, str], ...]  # Command Plan field -> text
    languages: tuple[str, ...]  # lower case; () when none is needed

    @property
    def plan_text(self) -> dict[str, str]:
        return dict(self.plan)


def plan_from_block(block: str) -> dict[str, str]:
    """The Command Plan table of the mirror's block, unescaped ("—" is blank)."""
    out: dict[str, str] = {}
    for m in _ROW.finditer(block):
        key = _TABLE_LABELS.get(m.group("label").strip())
        if key and key not in out:
            value = re.sub(r"\\(.)", r"\1", m.group("value").replace(WORD_JOINER, "")).strip()
            out[key] = "" if value == "—" else value
    return out


def needed_languages(labels: Iterable[str], plan: dict[str, str], spoken: Iterable[str]) -> tuple[str, ...]:
    """Languages the request asks for: `language::` labels or the plan's words (English is assumed)."""
    found = [x[len(LANGUAGE_LABEL):].strip().lower() for x in labels if x.startswith(LANGUAGE_LABEL)]
    text = " ".join(plan.values()).lower()
    for lang in sorted(set(spoken) - {"english"}):
        # Each wording names the language: a plan without the word (most plans) is not searched.
        if lang in text and _asks_for(lang).search(text):
            found.append(lang)
    return tuple(dict.fromkeys(x for x in found if x))


@functools.cache  # a handful of roster languages per process
def _asks_for(lang: str) -> re.Pattern[str]:
    word = re.escape(lang)
    return re.compile(rf"\b{word}[- ]speak|\bin {word}\b|\b{word} only\b")


def profile_of(issue: Issue, key: bytes, spoken: Iterable[str], bot: str) -> RequestProfile | None:
    """The request's profile, or None when it is not a request the bot mirrored."""
    r = read_request(issue, bot, key)
    if r is None:
        return None
    # A record signed by the first release has no plan: read the table its block shows.
    plan = read_plan(issue, bot, key)
    if plan is None:
        plan = plan_from_block(markers.current_block(issue.description) or "")
    plan_items = tuple((k, plan[k]) for k in sorted(plan) if k in _WANTED and plan[k])
    return RequestProfile(iid=issue.iid, region=r.region, meeting=r.meeting, plan=plan_items,
                          languages=needed_languages(issue.labels, plan, spoken))
