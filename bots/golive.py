"""A quiet go-live: reminders already due when the bots start are recorded as held back, never posted.

`sa-triage run --baseline` holds back every reminder due at the run's `now`; `go_live:` in
`sa-triage.yml` (a date, read as 00:00 UTC, or an ISO-8601 time with its zone) holds back those due
before that moment, on every run. Each bot records a held-back reminder in its own signed state
as if it had posted it, so it is never posted later for that request; it still shows (labels,
digest, `explain`) and clears as usual. A reminder that falls due after go-live pings as ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from bots.config import ConfigSection, Declared
from bots.schema import Node

KEY = "go_live"


@dataclass(frozen=True)
class GoLive:
    """`go_live:` of the config (None: not set)."""

    at: datetime | None = None


@dataclass(frozen=True)
class Hold:
    """What a run holds back: reminders due before `before` (None: nothing is held back)."""

    before: datetime | None = None

    @property
    def active(self) -> bool:
        return self.before is not None

    def holds(self, due: datetime | None, now: datetime) -> bool:
        """Whether a reminder that is due now (its due time `due`, when known) is held back."""
        return self.before is not None and (due or now) <= self.before


NO_HOLD = Hold()


def hold_for(go_live: GoLive, now: datetime, baseline: bool) -> Hold:
    """The run's hold: up to `now` with `--baseline`, up to `go_live:` while it is later."""
    moments = [t for t in (now if baseline else None, go_live.at) if t is not None]
    return Hold(max(moments) if moments else None)


def held_line(held: Iterable[tuple[int, str]]) -> str:
    """`held back 3 reminder(s) on 2 request(s)`, for a bot's output (held: issue and reminder pairs)."""
    items = set(held)
    return f"held back {len(items)} reminder(s) on {len({iid for iid, _ in items})} request(s)"


def held_json(held: Iterable[tuple[int, str]]) -> dict[str, Any]:
    """The same for the `--json` report, with each held-back reminder."""
    items = sorted(set(held))
    return {"reminders": len(items), "requests": len({iid for iid, _ in items}),
            "items": [{"issue": iid, "reminder": key} for iid, key in items]}


def parse_go_live(node: Node) -> GoLive:
    value = node.value
    if value is None:
        return GoLive()
    if isinstance(value, datetime):
        at = value
    elif isinstance(value, date):
        at = datetime.combine(value, time(0), tzinfo=UTC)
    elif isinstance(value, str):
        try:
            at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise node.error(f"expected a date (2026-11-23) or an ISO-8601 time with zone, got {value!r}") \
                from None
        if len(value.strip()) == 10:
            at = at.replace(tzinfo=UTC)
    else:
        raise node.error(f"expected a date (2026-11-23) or an ISO-8601 time with zone, got {value!r}")
    if at.tzinfo is None:
        raise node.error(f"give a time zone, e.g. {at.isoformat()}Z")
    return GoLive(at.astimezone(UTC))


def _read(root: Node, declared: Declared) -> GoLive:
    return parse_go_live(root.child(KEY))


SECTION = ConfigSection((KEY,), GoLive, _read)
