"""Every reminder quotes its handbook rule verbatim, and every level has its own template."""

import re

import pytest

from bots.render import environment
from bots.slo.model import LEVELS
from tests.slo.helpers import handbook_text

TEXT = handbook_text()


def _flat(text: str) -> str:
    """Handbook Markdown as read: links reduced to their text, tags dropped, spaces folded."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", re.sub(r"</?u>", "", text))


@pytest.mark.skipif(not TEXT, reason="the shared handbook is not on this machine")
@pytest.mark.parametrize("key", sorted(LEVELS))
def test_each_level_quotes_the_handbook_verbatim(key):
    rule = LEVELS[key].rule
    quotes = [rule.format(days=d) for d in (15, 30)] if "{days}" in rule else [rule]
    for quote in quotes:
        assert _flat(quote) in _flat(TEXT), quote


@pytest.mark.parametrize("key", sorted(LEVELS))
def test_each_level_has_its_own_slo_template(key):
    name = LEVELS[key].template
    assert name.startswith("slo_") and environment().get_template(name)
