"""Handbook quotes for the issue-11 fixes, read from the copied excerpts (a fresh clone has no handbook)."""

from __future__ import annotations

from tests.slo.helpers import handbook_excerpts


def quoted(passage: str) -> str:
    """`passage`, once it is checked to be copied verbatim into tests/fixtures/handbook/excerpts.md."""
    found = [p for passages in handbook_excerpts().values() for p in passages if passage in p]
    assert found, f"not in tests/fixtures/handbook/excerpts.md: {passage!r}"
    return passage
