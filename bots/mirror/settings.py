"""Mirror settings from `sa-triage.yml` (`mirror:` and `priority:`), each with a default."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bots.config import Config, ConfigSection, Declared
from bots.schema import Node


@dataclass(frozen=True)
class PrioritySettings:
    """Points from deal size, named accounts and urgency; thresholds turn points into priority::1..3."""

    net_arr_points: tuple[tuple[Decimal, int], ...] = (
        (Decimal(100_000), 3), (Decimal(50_000), 2), (Decimal(20_000), 1))
    named_account_points: int = 2
    meeting_within_days: int = 3
    meeting_points: int = 2
    close_within_days: int = 30
    close_points: int = 1
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
    mirror.keys({"label", "fast_track_hours", "on_closed", "missing_runs", "missing_guard_percent"})
    on_closed = mirror.child("on_closed").get(str, "close")
    if on_closed not in ("close", "keep"):
        raise mirror.child("on_closed").error(f"expected 'close' or 'keep', got {on_closed!r}")
    hours = mirror.child("fast_track_hours").get(int, 24)
    if hours <= 0:
        raise mirror.child("fast_track_hours").error(f"must be positive, got {hours}")
    runs = mirror.child("missing_runs").get(int, 3)
    if runs <= 0:
        raise mirror.child("missing_runs").error(f"must be positive, got {runs}")
    guard = mirror.child("missing_guard_percent").bounded(20, 1, 100)
    return MirrorSettings(mirror.child("label").get(str, "sa-request"), hours, on_closed,
                          _priority(priority), runs, guard)


def _priority(node: Node) -> PrioritySettings:
    d = PrioritySettings()
    node.keys({"net_arr_points", "named_account_points", "meeting_within_days", "meeting_points",
               "close_within_days", "close_points", "priority_1_at", "priority_2_at"})
    tiers = d.net_arr_points
    if node.child("net_arr_points").value is not None:
        parsed = []
        for item in node.child("net_arr_points").elements():
            item.keys({"min", "points"})
            parsed.append((Decimal(str(item.child("min").get(float, required=True))),
                           item.child("points").get(int, required=True)))
        tiers = tuple(sorted(parsed, reverse=True))
    ints = {name: node.child(name).get(int, getattr(d, name)) for name in (
        "named_account_points", "meeting_within_days", "meeting_points", "close_within_days",
        "close_points", "priority_1_at", "priority_2_at")}
    if ints["priority_2_at"] > ints["priority_1_at"]:
        raise node.child("priority_2_at").error("must not exceed priority_1_at")
    return PrioritySettings(net_arr_points=tiers, **ints)


def _read(root: Node, declared: Declared) -> MirrorSettings:
    return parse_mirror(root.child("mirror"), root.child("priority"))


SECTION = ConfigSection(("mirror", "priority"), MirrorSettings, _read)
