"""Explain, for one issue, where each SLO stands: clock start, due time (local), state, and why. Pure.

`explain` decides (the same evaluation the `slo` bot plans with); `explain_issue` words it for people,
`explain_json` gives it to machines (`sa-triage explain ISSUE --json`; the schema is in the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bots import actions as a
from bots.calendars import BusinessCalendar, when
from bots.config import Config
from bots.model import Issue, Note
from bots.slo import rules as registry
from bots.slo.common import RuleEnv
from bots.slo.engine import plan_issue
from bots.slo.facts import Facts, from_issue
from bots.slo.form_issues import plan_form_issue, posted_levels, rule_for
from bots.slo.model import Check, Status
from bots.slo.record import Record
from bots.slo.settings import slo_settings

SCHEMA = "sa-triage/explain/1"
_WIDTH = 19


@dataclass(frozen=True)
class Reminder:
    """Where one level's reminder note stands: a stable `state` for machines, and its wording."""

    state: str  # none | to-post | waiting | posted | held-back | to-clear | skipped
    text: str


@dataclass(frozen=True)
class Explanation:
    issue: Issue
    now: datetime
    kind: str  # "request" (mirrored SA request), "form" (a form rule follows it) or "none"
    checks: tuple[tuple[Check, Reminder], ...] = ()
    facts: Facts | None = None
    record: Record | None = None
    form_title: str = ""


def _reminder(c: Check, open_before: set[str], held: set[str], actions: tuple[a.Action, ...],
              info: tuple[str, ...]) -> Reminder:
    key = c.level.key
    if any(isinstance(x, a.UpsertNote) and x.marker == c.level.marker for x in actions):
        return (Reminder("to-clear", "the next run edits it to say resolved") if key in open_before
                else Reminder("to-post", "the next run posts it"))
    waiting = [i.split(": ", 1)[1] for i in info if f" {key}: due, waiting" in i]
    if waiting:
        return Reminder("waiting", waiting[0])
    if key in held:
        return Reminder("held-back", "held back at go-live: recorded, never posted")
    if key in open_before:
        return Reminder("posted", "posted, open")
    if c.active and c.superseded_by:
        return Reminder("skipped", f"skipped: {c.superseded_by} is due")
    return Reminder("none", "—")


def explain(issue: Issue, notes: tuple[Note, ...], cfg: Config, bot: str, key: bytes,
            now: datetime) -> Explanation:
    s = slo_settings(cfg)
    form_rule = rule_for(issue, s)
    if form_rule is not None:
        channel = plan_form_issue(issue, cfg, s, now, notes=lambda: notes, bot=bot)
        posted = {k for k, shown in posted_levels(form_rule, issue.labels).items() if shown}
        checks = tuple((c, _reminder(c, posted, set(), channel.actions, channel.info))
                       for c in channel.checks)
        return Explanation(issue, now, "form", checks, form_title=form_rule.title)
    f = from_issue(issue, cfg, s, key, bot)
    if f is None:
        return Explanation(issue, now, "none")
    plan = plan_issue(f.with_notes(notes), s, RuleEnv.of(cfg, bot, key), now)
    held = {c.level.key for c in plan.checks if c.active} & set(plan.record.held)
    checks = tuple((c, _reminder(c, set(plan.before), held, plan.actions, plan.info)) for c in plan.checks)
    return Explanation(issue, now, "request", checks, f, plan.record)


def _lines(c: Check, reminder: Reminder) -> list[str]:
    cal = c.calendar
    head = f"  {c.level.key:<{_WIDTH}} {c.status.value.upper()}"
    out = [head + (f"  (label {c.level.label})" if c.active else "")]
    if c.clock_start is not None and cal is not None:
        out.append(f"  {'':<{_WIDTH}} clock start  {when(cal, c.clock_start)}")
    if c.due is not None and cal is not None:
        out.append(f"  {'':<{_WIDTH}} due          {when(cal, c.due)}")
    out.append(f"  {'':<{_WIDTH}} why          {c.why}")
    if reminder.state != "none":
        out.append(f"  {'':<{_WIDTH}} reminder     {reminder.text}")
    return out


def explain_issue(issue: Issue, notes: tuple[Note, ...], cfg: Config, bot: str, key: bytes,
                  now: datetime) -> list[str]:
    """Readable lines for `sa-triage explain ISSUE` (the same evaluation the `slo` bot plans with)."""
    e = explain(issue, notes, cfg, bot, key, now)
    lines = [f"#{issue.iid} {issue.title} ({issue.state})"]
    if e.kind == "none":
        return [*lines, "  not an SA request mirrored by the bot (no signed state): no SLO applies"]
    if e.kind == "form":
        lines.append(f"  {e.form_title}")
    if e.facts is not None:
        cal = e.facts.calendar
        hours = f"{cal.open_time:%H:%M}–{cal.close_time:%H:%M}"
        lines += [f"  region {e.facts.region} ({cal.timezone}, business hours {hours}, "
                  f"{'open' if cal.is_open(now) else 'closed'} at {when(cal, now)})",
                  f"  request received {when(cal, e.facts.entered)} "
                  "(Salesforce, from the mirror's signed state)"]
        r = e.record
        if r is not None and r.triaged_at and r.triage_hours is not None:
            lines.append(f"  time to triage: {r.triage_hours:.1f} business hours (triaged "
                         f"{when(cal, datetime.fromisoformat(r.triaged_at))} by {r.triaged_by})")
    for c, reminder in e.checks:
        lines += _lines(c, reminder)
    unknown = [c.level.key for c, _ in e.checks if c.status is Status.UNKNOWN]
    if unknown:
        lines.append(f"  undecided without notes: {', '.join(unknown)}")
    return lines


def local_iso(cal: BusinessCalendar | None, at: datetime | None) -> str | None:
    """ISO 8601 with the zone's offset, in the calendar's local time (UTC without a calendar)."""
    if at is None:
        return None
    return at.astimezone(ZoneInfo(cal.timezone) if cal is not None else None).isoformat()


def _slo_json(c: Check, reminder: Reminder, rule_of: dict[str, str]) -> dict[str, Any]:
    cal = c.calendar
    return {"level": c.level.key, "rule": rule_of.get(c.level.key), "handbook": c.level.rule or None,
            "state": c.status.name.lower(), "label": c.level.label, "active": c.active,
            "clock_start": local_iso(cal, c.clock_start), "due": local_iso(cal, c.due),
            "due_local": when(cal, c.due) if c.due is not None else None,
            "timezone": cal.timezone if cal is not None else None, "why": c.why,
            "reminder": reminder.state, "reminder_text": reminder.text}


def explain_json(issue: Issue, notes: tuple[Note, ...], cfg: Config, bot: str, key: bytes,
                 now: datetime) -> dict[str, Any]:
    """The explanation as JSON-ready data (`sa-triage explain ISSUE --json`; schema: SCHEMA, README)."""
    e = explain(issue, notes, cfg, bot, key, now)
    rule_of = {lv.key: r.key for r in registry.RULES for lv in r.levels}
    out: dict[str, Any] = {
        "schema": SCHEMA, "now": now.isoformat(),
        "issue": {"iid": issue.iid, "title": issue.title, "state": issue.state, "web_url": issue.web_url},
        "kind": e.kind, "region": None, "received": None, "time_to_triage": None,
        "slos": [_slo_json(c, r, rule_of) for c, r in e.checks]}
    if e.facts is not None:
        cal = e.facts.calendar
        out["region"] = {"name": e.facts.region, "timezone": cal.timezone, "open": cal.is_open(now)}
        out["received"] = local_iso(cal, e.facts.entered)
        r = e.record
        if r is not None and r.triaged_at and r.triage_hours is not None:
            out["time_to_triage"] = {"business_hours": r.triage_hours, "by": r.triaged_by,
                                     "triaged_at": local_iso(cal, datetime.fromisoformat(r.triaged_at))}
    return out
