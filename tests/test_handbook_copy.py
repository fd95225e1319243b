"""The handbook pages copied into tests/fixtures (what the quote checks read on a fresh clone) are the
team's handbook: where the shared handbook is on the machine, the copies must be the same, byte for
byte (update them with `cp ../shared/handbook/*.md tests/fixtures/handbook/pages/`)."""

from tests.slo.helpers import HANDBOOK, PAGES

NAMES = ("commercial-sa-engagement-model.md", "commercial-sales-customer-success.md")


def test_the_copied_pages_are_the_handbook_where_it_is_here():
    for name in NAMES:
        copy = (PAGES / name).read_text(encoding="utf-8")
        assert copy.startswith("---\ntitle: ") and "\n## " in copy, name  # a whole page, not an excerpt
        shared = HANDBOOK / name
        if shared.exists():
            assert copy == shared.read_text(encoding="utf-8"), f"{name}: the copy is out of date"
    assert sorted(p.name for p in PAGES.glob("*.md")) == sorted(NAMES)
