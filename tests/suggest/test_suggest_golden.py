"""The suggestion note, compared with its golden file (`UPDATE_GOLDEN=1` rewrites them).

The golden files live next to these tests (tests/suggest/golden/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bots.suggest.settings import SuggestSettings
from tests.golden_files import check
from tests.suggest.helpers import assigned, cfg, ctx_for, emea_request, note_body, pto, sa

GOLDEN = Path(__file__).parent / "golden"
TEAM = (sa("lena.fischer", skills=("security", "kubernetes", "atlassian-migration"), capacity=6,
           languages=("english", "german")),
        sa("marco.bianchi", skills=("ci-cd", "aws", "github-migration"), capacity=2,
           languages=("english", "italian")),
        sa("sophie.martin", skills=("scm", "azure"), capacity=4, languages=("english", "french")),
        sa("nina.park", skills=("aws",), capacity=5), sa("omar.ali", skills=("ci-cd",), capacity=5),
        sa("tom.new", capacity=3), sa("alex.kim", region="AMER", skills=("ci-cd", "aws")))


def _everything() -> str:
    """Stack match, one SA away over the meeting, one at capacity, a stretch candidate."""
    work = (assigned(50, "marco.bianchi"), assigned(51, "marco.bianchi"), assigned(52, "lena.fischer"))
    return note_body((emea_request(), *work), ctx_for(cfg(*TEAM)),
                     (pto("sophie.martin", "2026-11-20 to 2026-11-24"),))


def _german() -> str:
    req = emea_request(labels=("language::German", "sa-request", "triage::new"), meeting_at=None,
                       meeting_type=None)
    return note_body((req,), ctx_for(cfg(*TEAM)))


def _nobody_speaks() -> str:
    req = emea_request(labels=("language::Japanese", "sa-request", "triage::new"))
    return note_body((req,), ctx_for(cfg(*TEAM[:5], settings=SuggestSettings(stretch=False))))


SCENARIOS: dict[str, Callable[[], str]] = {
    "emea-skills-pto-capacity-stretch": _everything,
    "emea-german-no-meeting": _german,
    "emea-language-nobody-speaks": _nobody_speaks,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_note_matches_its_golden_file(name: str) -> None:
    body = SCENARIOS[name]()
    check(GOLDEN, name, body)


def test_every_golden_file_belongs_to_a_scenario() -> None:
    assert {p.name for p in GOLDEN.glob("*.md")} == {f"{n}.md" for n in SCENARIOS}
