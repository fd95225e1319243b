"""The digest issue's Markdown, compared with its golden file (`UPDATE_GOLDEN=1` rewrites them)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bots import actions as a
from bots import markers
from bots.digest import closed
from bots.digest.settings import DigestSettings
from bots.model import Issue
from tests.digest.helpers import busy_week, created, ctx_with, plan
from tests.factories import ROOT
from tests.golden_files import check

GOLDEN = ROOT / "tests" / "golden" / "digest"
LIVE_MENTION = re.compile(r"(?<![\w`])@(?=[\w.\-/])")


def _busy(key: str, settings: DigestSettings | None = None) -> Callable[[], a.CreateIssue]:
    def make() -> a.CreateIssue:
        issues, ptos = busy_week()
        return created(plan(issues, ptos, ctx=ctx_with(settings)))[key]
    return make


def _empty() -> a.CreateIssue:
    return created(plan(()))["digest-EMEA-2026-W47"]


SCENARIOS: dict[str, Callable[[], a.CreateIssue]] = {
    "emea-week": _busy("digest-EMEA-2026-W47"),
    "amer-week": _busy("digest-AMER-2026-W47"),
    "emea-pinned": _busy("digest-EMEA", DigestSettings(mode="pinned-issue")),
    "emea-nothing-open": _empty,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_digest_matches_its_golden_file(name: str) -> None:
    create = SCENARIOS[name]()
    # The golden file is what people read: the hidden record of closed requests is tested on its own.
    shown = markers.put_signed_comment(create.description, closed.KIND, "")
    text = f"# {create.title}\n\nlabels: {', '.join(create.labels)}\n\n{shown}"
    check(GOLDEN, name, text)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_digest_mentions_nobody_and_runs_no_quick_action(name: str) -> None:
    body = SCENARIOS[name]().description
    assert not LIVE_MENTION.findall(re.sub(r"`[^`\n]*`", "", body))
    assert not [line for line in body.split("\n") if line.lstrip().startswith("/")]
    assert "<b>" not in body


def test_every_golden_file_belongs_to_a_scenario() -> None:
    assert {p.name for p in GOLDEN.glob("*.md")} == {f"{n}.md" for n in SCENARIOS}


def test_the_digest_is_deterministic_for_a_given_state_and_time() -> None:
    assert _busy("digest-EMEA-2026-W47")() == _busy("digest-EMEA-2026-W47")()
    issues, ptos = busy_week()
    shuffled: tuple[Issue, ...] = tuple(reversed(issues))
    assert created(plan(shuffled, ptos)) == created(plan(issues, ptos))
