"""Mirror settings from `sa-triage.yml` (`mirror:` and `priority:`), each with a default."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node


@dataclass(frozen=True)
class PrioritySettings:
    """Points from deal size, named accounts and urgency; thresholds turn points into priority::1..3.

    Handbook (triage step 5): "Requests are prioritized based on factors such as deal size, strategic
    importance, and urgency. Fast-track prioritization is available for time-sensitive requests."
    """

    net_arr_points: tuple[tuple[Decimal, int], ...] = (
        (Decimal(100_000), 3), (Decimal(50_000), 2), (Decimal(20_000), 1))
    named_account_points: int = 2
    meeting_within_days: int = 3
    meeting_points: int = 2
    close_within_days: int = 30
    close_points: int = 1
    # A fast track (less than 24 hours' notice) is prioritised. Not in the fast path's config digest
    # (repr=False): only a fast track's plan depends on it, so only the records of issues labelled
    # `fast-track` cover it (`fastpath.flag_part`), and a change leaves every other one in force.
    fast_track_points: int = field(default=3, repr=False)
    priority_1_at: int = 5
    priority_2_at: int = 3

    def level(self, points: int) -> int:
        return 1 if points >= self.priority_1_at else 2 if points >= self.priority_2_at else 3


@dataclass(frozen=True)
class MirrorSettings:
    label: str = "sa-request"
    fast_track_hours: int = 24
    on_closed: str = "close"  # "close": the issue is closed; "keep": it stays open, off the board lists
    priority: PrioritySettings = PrioritySettings()
    # An export's request absent from this many runs in a row is taken for gone (bots/mirror/missing.py).
    missing_runs: int = 3
    # More than this share (percent) of the export's mirrored requests missing in one run, and at least
    # missing.GUARD_FLOOR of them: the export looks truncated, so none is counted (100: no guard).
    # Not in the fast path's config digest (repr=False): it plans no row that is present, and with it
    # every record written before it existed would have gone the slow way until its issue's next write.
    missing_guard_percent: int = field(default=20, repr=False)


def mirror_settings(cfg: Config) -> MirrorSettings:
    return cfg.section(MirrorSettings)


def parse_mirror(mirror: Node, priority: Node) -> MirrorSettings:
    d = MirrorSettings()
    mirror.keys({"label", "fast_track_hours", "on_closed", "missing_runs", "missing_guard_percent"})
    return MirrorSettings(
        label=mirror.typed("label", str, d.label),
        fast_track_hours=mirror.field("fast_track_hours", partial(_positive, default=d.fast_track_hours),
                                      d.fast_track_hours),
        on_closed=mirror.field("on_closed", _on_closed, d.on_closed),
        priority=priority.collect(partial(_priority, priority), d.priority),
        missing_runs=mirror.field("missing_runs", partial(_positive, default=d.missing_runs), d.missing_runs),
        missing_guard_percent=mirror.ranged("missing_guard_percent", d.missing_guard_percent, 1, 100))


def _on_closed(node: Node) -> str:
    on_closed = node.get(str, "close")
    if on_closed not in ("close", "keep"):
        raise node.error(f"expected 'close' or 'keep', got {on_closed!r}")
    return on_closed


def _positive(node: Node, default: int) -> int:
    value = node.get(int, default)
    if value <= 0:
        raise node.error(f"must be positive, got {value}")
    return value


def _priority(node: Node) -> PrioritySettings:
    d = PrioritySettings()
    node.keys({"net_arr_points", "named_account_points", "meeting_within_days", "meeting_points",
               "close_within_days", "close_points", "fast_track_points", "priority_1_at", "priority_2_at"})
    tiers = node.field("net_arr_points", _tiers, d.net_arr_points)
    ints = {name: node.typed(name, int, getattr(d, name)) for name in (
        "named_account_points", "meeting_within_days", "meeting_points", "close_within_days",
        "close_points", "fast_track_points", "priority_1_at", "priority_2_at")}
    if node.fine("priority_1_at", "priority_2_at") and ints["priority_2_at"] > ints["priority_1_at"]:
        node.child("priority_2_at").reject("must not exceed priority_1_at")
    return PrioritySettings(net_arr_points=tiers, **ints)


def _tiers(node: Node) -> tuple[tuple[Decimal, int], ...]:
    if node.value is None:
        return PrioritySettings().net_arr_points
    parsed = []
    for item in node.elements():
        item.keys({"min", "points"})
        least = item.field("min", lambda n: Decimal(str(n.get(float, required=True))), None)
        points = item.field("points", lambda n: n.get(int, required=True), None)
        if least is not None and points is not None:
            parsed.append((least, points))
    return tuple(sorted(parsed, reverse=True))


def _read(root: Node, declared: Declared) -> MirrorSettings:
    return parse_mirror(root.child("mirror"), root.child("priority"))


SECTION = ConfigSection(("mirror", "priority"), MirrorSettings, _read)
