"""Every reminder quotes its handbook rule verbatim, and every level has its own note template.

The quotes are checked against passages copied into tests/fixtures/handbook/excerpts.md, and those
passages against the handbook page (the shared one where it is on the machine, else its copy).
"""

import re

import pytest

from bots.render import environment
from bots.slo import rules as registry
from tests.slo.helpers import handbook_excerpts, handbook_text

EXCERPTS = handbook_excerpts()
QUOTING = {lv.key: lv for r in registry.RULES if not r.team_rule for lv in r.levels}  # team rules: no quote
PASSAGES = [(page, passage) for page, passages in EXCERPTS.items() for passage in passages]


def _flat(text: str) -> str:
    """Handbook Markdown as read: links reduced to their text, tags dropped, spaces folded."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", re.sub(r"</?u>", "", text))


@pytest.mark.parametrize("key", sorted(QUOTING))
def test_each_level_quotes_the_handbook_verbatim(key):
    rule = QUOTING[key].rule
    quotes = [rule.format(days=d) for d in (15, 30)] if "{days}" in rule else [rule]
    text = _flat("\n".join(passage for _, passage in PASSAGES))
    for quote in quotes:
        assert _flat(quote) in text, quote


@pytest.mark.parametrize(("page", "passage"), PASSAGES, ids=[p[:40] for _, p in PASSAGES])
def test_the_copied_passages_are_still_in_the_handbook(page, passage):
    assert _flat(passage) in _flat(handbook_text(page)), passage


def test_the_excerpts_cover_both_handbook_pages():
    assert set(EXCERPTS) == {"commercial-sa-engagement-model.md", "commercial-sales-customer-success.md"}


@pytest.mark.parametrize("key", sorted(registry.levels()))
def test_each_level_has_its_own_note_template(key):
    template = environment().from_string(registry.levels()[key].template)
    assert template.render  # it compiles (the golden notes check what it says)
