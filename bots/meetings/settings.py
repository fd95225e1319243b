"""Meetings settings from `sa-triage.yml` (`meetings:`): the handbook's meetings as defaults.

Handbook ("Team Meetings"): Global Team Meeting bi-weekly, every other Monday, 50 minutes; AMER
regional meeting weekly on Monday and EMEA every other Monday, 50 minutes; Manager Sync weekly, 25
minutes; EMEA weekly standup, 25 minutes. The handbook gives no weekday for the Manager Sync and the
standup, no times and no first dates: those defaults are ours (Tuesday for the Manager Sync, Monday
for the standup, "the week" starting on Monday), each one a key to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import partial

from bots.config import Config, ConfigSection, Declared
from bots.labels import LabelSpec
from bots.schema import Node

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ON_HOLIDAY = ("move", "skip")
KINDS = ("global", "amer-team", "emea-team", "manager-sync", "emea-standup")
LABEL = LabelSpec("meeting-agenda", "#7F8C8D", "Agenda of a team meeting (managed by sa-triage)")
OUTCOMES_URL = "https://drive.google.com/drive/folders/1Ye6Ks5aHMhVFEsDXbqvglzJMI4Kb_S5s"
PLAYLIST_URL = "https://www.youtube.com/playlist?list=PL05JrBw4t0Ko87g05LlHroe7eLPzCPJUY"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class MeetingSpec:
    kind: str
    title: str
    region: str  # whose time zone, holidays and business hours the meeting keeps
    weekday: int = 0  # 0 = Monday
    every_weeks: int = 1  # 2 = every other week, counted from `anchor`
    anchor: date = date(2026, 1, 5)  # a first date on `weekday` (every other week needs one)
    at: time = time(16, 0)  # local time in the region
    minutes: int = 50
    organisers: tuple[str, ...] = ()  # () = the region's managers (reminded of the recording link)
    enabled: bool = True


DEFAULT_MEETINGS = (
    # The Global meeting alternates with the EMEA regional one (its anchor is a week later).
    MeetingSpec("global", "Global Team Meeting", "EMEA", every_weeks=2, at=time(16, 0)),
    MeetingSpec("amer-team", "AMER Regional Team Meeting", "AMER", at=time(12, 0)),
    MeetingSpec("emea-team", "EMEA Regional Team Meeting", "EMEA", every_weeks=2, anchor=date(2026, 1, 12),
                at=time(14, 0)),
    MeetingSpec("manager-sync", "Manager Sync", "EMEA", weekday=1, anchor=date(2026, 1, 6), at=time(15, 0),
                minutes=25),
    MeetingSpec("emea-standup", "EMEA Weekly Standup", "EMEA", at=time(9, 30), minutes=25),
)


@dataclass(frozen=True)
class MeetingsSettings:
    enabled: bool = True
    lead_days: int = 14  # an agenda is filed this many days ahead: the coming two weeks are on the board
    label: str = LABEL.name
    on_holiday: str = "move"  # a meeting day that is a holiday: move to the next business day, or skip
    remind_after_hours: int = 24  # no recording link this long after the meeting: remind once
    quarter_start_month: int = 2  # GitLab's fiscal year starts in February (Q1: Feb-Apr)
    demo_jam_slots: int = 2  # ~5 min demo + ~5 min feedback each, in the 15-25 minute second half
    demo_jam_playlist_url: str = PLAYLIST_URL
    peer_review_outcomes_url: str = OUTCOMES_URL
    meetings: tuple[MeetingSpec, ...] = field(default=DEFAULT_MEETINGS)

    def meeting(self, kind: str) -> MeetingSpec | None:
        return next((m for m in self.meetings if m.kind == kind), None)


def meetings_settings(cfg: Config) -> MeetingsSettings:
    return cfg.section(MeetingsSettings)


_KEYS = {"enabled", "lead_days", "label", "on_holiday", "remind_after_hours", "quarter_start_month",
         "demo_jam_slots", "demo_jam_playlist_url", "peer_review_outcomes_url", "meetings"}
_MEETING_KEYS = {"enabled", "title", "region", "weekday", "every_weeks", "anchor", "time", "minutes",
                 "organisers"}


def parse_meetings(node: Node, declared: Declared) -> MeetingsSettings:
    """`meetings:` → settings; errors name the key path; unknown keys are errors."""
    d = MeetingsSettings()
    node.keys(_KEYS)

    def url(key: str) -> str:
        default: str = getattr(d, key)
        return node.field(key, partial(_url, default=default), default)

    return MeetingsSettings(
        enabled=node.typed("enabled", bool, d.enabled),
        lead_days=node.ranged("lead_days", d.lead_days, 1, 60),
        label=node.field("label", partial(_label, labels=declared.labels), d.label),
        on_holiday=node.field("on_holiday", _on_holiday, d.on_holiday),
        remind_after_hours=node.ranged("remind_after_hours", d.remind_after_hours, 0, 24 * 14),
        quarter_start_month=node.ranged("quarter_start_month", d.quarter_start_month, 1, 12),
        demo_jam_slots=node.ranged("demo_jam_slots", d.demo_jam_slots, 1, 5),
        demo_jam_playlist_url=url("demo_jam_playlist_url"),
        peer_review_outcomes_url=url("peer_review_outcomes_url"),
        meetings=node.field("meetings", partial(_meetings, declared=declared), d.meetings))


def _label(node: Node, labels: frozenset[str]) -> str:
    label = node.get(str, MeetingsSettings.label).strip()
    if label not in labels:
        raise node.error(f"label {label!r} is not declared under labels")
    return label


def _on_holiday(node: Node) -> str:
    on_holiday = node.get(str, MeetingsSettings.on_holiday)
    if on_holiday not in ON_HOLIDAY:
        raise node.error(f"expected one of {', '.join(ON_HOLIDAY)}, got {on_holiday!r}")
    return on_holiday


def _meetings(node: Node, declared: Declared) -> tuple[MeetingSpec, ...]:
    node.keys(set(KINDS))
    return tuple(node.field(m.kind, partial(_meeting, d=m, declared=declared), m) for m in DEFAULT_MEETINGS)


def _meeting(node: Node, d: MeetingSpec, declared: Declared) -> MeetingSpec:
    node.keys(_MEETING_KEYS)
    if node.value is None and d.region not in declared.regions:
        return replace(d, enabled=False)  # a default meeting of a region this config does not have
    weekday = node.field("weekday", partial(_weekday, default=d.weekday), d.weekday)
    anchor = node.field("anchor", partial(_date, default=d.anchor), d.anchor)
    if node.fine("weekday", "anchor") and anchor.weekday() != weekday:
        node.child("anchor").reject(f"{anchor.isoformat()} is a {WEEKDAYS[anchor.weekday()]}, "
                                    f"not a {WEEKDAYS[weekday]}")
    return replace(d, title=node.typed("title", str, d.title).strip() or d.title,
                   region=node.field("region", partial(_region, default=d.region, regions=declared.regions),
                                     d.region),
                   weekday=weekday, anchor=anchor,
                   every_weeks=node.ranged("every_weeks", d.every_weeks, 1, 4),
                   at=node.field("time", partial(_time, default=d.at), d.at),
                   organisers=node.field("organisers", lambda n: n.strings(), ()),
                   minutes=node.ranged("minutes", d.minutes, 5, 240),
                   enabled=node.typed("enabled", bool, d.enabled))


def _region(node: Node, default: str, regions: frozenset[str]) -> str:
    region = node.get(str, default)
    if region not in regions:
        raise node.error(f"unknown region {region!r}")
    return region


def _weekday(node: Node, default: int) -> int:
    day = node.get(str, WEEKDAYS[default]).strip().lower()
    if day not in WEEKDAYS:
        raise node.error(f"expected a weekday name like 'monday', got {day!r}")
    return WEEKDAYS.index(day)


def _date(node: Node, default: date) -> date:
    if node.value is None:
        return default
    if isinstance(node.value, date):
        return node.value
    try:
        return date.fromisoformat(node.get(str))
    except ValueError:
        raise node.error(f"expected a date like 2026-01-05, got {node.value!r}") from None


def _time(node: Node, default: time) -> time:
    if node.value is None:
        return default
    m = _TIME.match(str(node.value)) if isinstance(node.value, str) else None
    if not m:
        raise node.error(f'expected a quoted 24-hour time like "16:00", got {node.value!r}')
    return time(int(m.group(1)), int(m.group(2)))


def _url(node: Node, default: str) -> str:
    value = node.get(str, default).strip()
    if not value.startswith("https://"):
        raise node.error(f"expected an https:// link, got {value!r}")
    return value


def _read(root: Node, declared: Declared) -> MeetingsSettings:
    return parse_meetings(root.child("meetings"), declared)


def _labels() -> tuple[LabelSpec, ...]:
    return (LABEL,)


SECTION = ConfigSection(("meetings",), MeetingsSettings, _read, labels=_labels)
