"""Small helpers shared by the SLO rules: the rule environment, time formatting, names."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bots.mirror.settings import mirror_settings
from bots.quiet_hours import recipient_calendars, recipients_calendar
from bots.slo.model import Check, Level, Status

if TYPE_CHECKING:
    from bots.calendars import BusinessCalendar
    from bots.config import Config
    from bots.slo.settings import RuleSettings, SloSettings

TEAM_ROLES = ("sa", "manager", "demo-architect")
RuleCheck = tuple["Callable[..., tuple[Check, ...]]", "RuleSettings"]  # a rule's check and its settings


@dataclass(eq=False)
class RunMemo:
    """What the rules and the engine would otherwise look up again for every request of a run."""

    # recipients -> the first one's own calendar (None: none of them has one)
    own_calendar: dict[tuple[str, ...], BusinessCalendar | None] = field(default_factory=dict)
    # (settings, registered rules, each rule's check with its settings): see `engine.evaluate`
    rules: tuple[object, object, tuple[RuleCheck, ...]] | None = None


@dataclass(frozen=True)
class RuleEnv:
    """What rules need besides the facts: who the bot is and who counts as the SA team."""

    bot: str
    team_members: frozenset[str]  # roster SAs, managers and demo architects (second pair, follow-up)
    fast_track_hours: int = 24
    premium: bool = False
    key: bytes = field(default=b"", compare=False, repr=False)  # signs the SLO record
    # the business calendar of each roster member's, team's and manager's region
    calendars: dict[str, BusinessCalendar] = field(default_factory=dict, compare=False, repr=False)
    board_lists: tuple[str, ...] = ()  # the triage board's list labels, in order
    # look-ups every request repeats, once per run (a copy made with `replace` starts a new one)
    memo: RunMemo = field(init=False, default_factory=RunMemo, compare=False, repr=False)

    @classmethod
    def of(cls, cfg: Config, bot: str, key: bytes) -> RuleEnv:
        members = frozenset(p.username for p in cfg.roster if p.role in TEAM_ROLES)
        return cls(bot, members, mirror_settings(cfg).fast_track_hours, cfg.gitlab.premium, key,
                   recipient_calendars(cfg), cfg.board.lists)

    def recipients_calendar(self, recipients: tuple[str, ...],
                            fallback: BusinessCalendar | None) -> BusinessCalendar | None:
        """Business hours that count for a note: the first recipient's own region, else the request's."""
        known = self.memo.own_calendar  # by recipients: a board's requests share a few teams and SAs
        if recipients not in known:
            known[recipients] = recipients_calendar(self.calendars, recipients, None)
        own = known[recipients]
        return fallback if own is None else own


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()



def local_midnight(calendar: BusinessCalendar, day: date) -> datetime:
    """The start of `day` in the calendar's zone."""
    return calendar.midnight(day)


def names(usernames: Iterable[str]) -> str:
    """`@a`, `@b` in code spans: shown, but nobody is notified (for resolved notes and explanations)."""
    return ", ".join(f"`@{u}`" for u in usernames) or "nobody"


def off(level: Level, why: str) -> Check:
    return Check(level, Status.NOT_APPLICABLE, why)


def due_or_pending(now: datetime, due: datetime) -> Status:
    return Status.DUE if now >= due else Status.PENDING


def unique(items: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for x in items if x))


def first_chance(c: Check, s: SloSettings, env: RuleEnv) -> datetime:
    """When the bot could first post level `c`: its due time, or the recipients' business hours
    opening after it when notes wait for them."""
    assert c.due is not None
    cal = env.recipients_calendar(c.recipients, c.calendar)
    if not s.business_hours_only or cal is None:
        return c.due
    return cal.next_opening(c.due)


def closed_until(c: Check, s: SloSettings, env: RuleEnv, now: datetime) -> str | None:
    """None if a note may go out now, else when the recipients' business hours open (their local time).

    The first recipient's own region counts (roster, team or manager), else the request's region.
    """
    cal = env.recipients_calendar(c.recipients, c.calendar)
    if not s.business_hours_only or cal is None or cal.is_open(now):
        return None
    return cal.format_local(cal.next_opening(now))
