"""Shared by the meetings tests: the handbook passages (tests/fixtures) and the shipped config's calendars."""

from __future__ import annotations

from bots.meetings.settings import MeetingsSettings, meetings_settings
from tests.factories import ROOT, config

PASSAGES = ROOT / "tests" / "fixtures" / "handbook" / "meetings.md"
PAGE = "commercial-sa-engagement-model.md"


def passages() -> list[str]:
    lines = PASSAGES.read_text(encoding="utf-8").split("\n\n", 2)[2].splitlines()
    return [x.removeprefix("- ").strip() for x in lines if x.strip()]


def quoted(text: str) -> bool:
    return any(text in p for p in passages())


def settings() -> MeetingsSettings:
    return meetings_settings(config())


def spec(kind: str):
    found = settings().meeting(kind)
    assert found is not None
    return found


def calendar(region: str):
    return config().regions[region].calendar
