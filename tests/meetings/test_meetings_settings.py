"""`meetings:` in sa-triage.yml: the handbook's meetings as defaults, and located errors."""

from __future__ import annotations

from datetime import date, time

import pytest

from bots.errors import ConfigError, ConfigErrors
from bots.jobs import parse_config
from bots.meetings.settings import DEFAULT_MEETINGS, MeetingsSettings, meetings_settings
from tests.factories import ROOT

SHIPPED = (ROOT / "sa-triage.yml").read_text()
BARE = SHIPPED.split("\nmeetings:")[0]


def _parse(extra: str) -> MeetingsSettings:
    return meetings_settings(parse_config(BARE + "\n" + extra, "sa-triage.yml", ROOT))


def _error(extra: str) -> str:
    with pytest.raises((ConfigError, ConfigErrors)) as e:
        _parse(extra)
    return str(e.value)


def test_the_shipped_section_says_what_the_defaults_are():
    assert _parse("") == MeetingsSettings() == meetings_settings(parse_config(SHIPPED, "sa-triage.yml", ROOT))


def test_a_meeting_can_be_moved_retimed_or_turned_off():
    s = _parse('meetings: {lead_days: 7, meetings: {emea-standup: {weekday: tuesday, anchor: 2026-01-06, '
               'time: "10:15"}, manager-sync: {enabled: false}}}')
    standup = s.meeting("emea-standup")
    assert s.lead_days == 7 and standup is not None and (standup.weekday, standup.at) == (1, time(10, 15))
    assert standup.anchor == date(2026, 1, 6) and not s.meeting("manager-sync").enabled  # type: ignore[union-attr]


@pytest.mark.parametrize(("extra", "message"), [
    ("meetings: {meetings: {global: {anchor: 2026-01-06}}}",
     "meetings.meetings.global.anchor: 2026-01-06 is a tuesday, not a monday"),
    ('meetings: {meetings: {global: {time: "4pm"}}}', "meetings.meetings.global.time: expected a quoted"),
    ("meetings: {meetings: {amer-team: {region: APAC}}}",
     "meetings.meetings.amer-team.region: unknown region"),
    ("meetings: {on_holiday: cancel}", "meetings.on_holiday: expected one of move, skip"),
    ("meetings: {label: agenda}", "meetings.label: label 'agenda' is not declared under labels"),
    ("meetings: {meetings: {weekly-sync: {}}}", "meetings.meetings.weekly-sync: unknown key"),
    ("meetings: {peer_review_outcomes_url: 'javascript:alert(1)'}", "expected an https:// link"),
])
def test_bad_values_are_named_by_their_key_path(extra, message):
    assert message in _error(extra)


def test_a_config_without_a_region_has_no_default_meetings_of_it():
    one_region = BARE.replace("  EMEA:\n", "  XEMEA:\n")
    assert "XEMEA" in one_region
    text = one_region.replace("region: EMEA", "region: XEMEA").replace("region::EMEA", "region::XEMEA")
    text = text.replace('EMEA: "#sa-commercial-emea-support"', 'XEMEA: "#sa-commercial-emea-support"')
    cfg = parse_config(text.replace("regions: [EMEA]", "regions: [XEMEA]"), "sa-triage.yml", ROOT)
    s = meetings_settings(cfg)
    assert [m.kind for m in s.meetings if m.enabled] == ["amer-team"]
    assert len(s.meetings) == len(DEFAULT_MEETINGS)
