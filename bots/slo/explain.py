"""Explain, for one issue, where each SLO stands: clock start, due time (local), state, and why. Pure."""

from __future__ import annotations

from datetime import datetime

from bots import actions as a
from bots.calendars import when
from bots.config import Config
from bots.model import Issue, Note
from bots.slo.common import RuleEnv
from bots.slo.engine import plan_issue
from bots.slo.facts import from_issue
from bots.slo.form_issues import plan_form_issue, rule_for
from bots.slo.model import Check, Status
from bots.slo.settings import slo_settings

_WIDTH = 19


def _reminder(c: Check, open_before: set[str], actions: tuple[a.Action, ...], info: tuple[str, ...]) -> str:
    key = c.level.key
    notes = [x for x in actions if isinstance(x, a.UpsertNote) and x.marker == c.level.marker]
    if notes:
        return "the next run edits it to say resolved" if key in open_before else "the next run posts it"
    if any(f" {key}: due, waiting" in i for i in info):
        return next(i.split(": ", 1)[1] for i in info if f" {key}: due, waiting" in i)
    if key in open_before:
        return "posted, open"
    if c.active and c.superseded_by:
        return f"skipped: {c.superseded_by} is due"
    return "—"


def _lines(c: Check, reminder: str) -> list[str]:
    cal = c.calendar
    head = f"  {c.level.key:<{_WIDTH}} {c.status.value.upper()}"
    out = [head + (f"  (label {c.level.label})" if c.active else "")]
    if c.clock_start is not None and cal is not None:
        out.append(f"  {'':<{_WIDTH}} clock start  {when(cal, c.clock_start)}")
    if c.due is not None and cal is not None:
        out.append(f"  {'':<{_WIDTH}} due          {when(cal, c.due)}")
    out.append(f"  {'':<{_WIDTH}} why          {c.why}")
    if reminder != "—":
        out.append(f"  {'':<{_WIDTH}} reminder     {reminder}")
    return out


def explain_issue(issue: Issue, notes: tuple[Note, ...], cfg: Config, bot: str, key: bytes,
                  now: datetime) -> list[str]:
    """Readable lines for `sa-triage explain ISSUE` (the same evaluation the `slo` bot plans with)."""
    s = slo_settings(cfg)
    title = f"#{issue.iid} {issue.title} ({issue.state})"
    form_rule = rule_for(issue, s)
    if form_rule is not None:
        channel = plan_form_issue(issue, cfg, s, now)
        posted = {c.level.key for c in channel.checks if c.level.label in issue.labels}
        lines = [title, f"  {form_rule.title}"]
        for c in channel.checks:
            lines += _lines(c, _reminder(c, posted, channel.actions, channel.info))
        return lines
    f = from_issue(issue, cfg, s, key, bot)
    if f is None:
        return [title, "  not an SA request mirrored by the bot (no signed state): no SLO applies"]
    env = RuleEnv.of(cfg, bot, key)
    plan = plan_issue(f.with_notes(notes), s, env, now)
    cal = f.calendar
    hours = f"{cal.open_time:%H:%M}–{cal.close_time:%H:%M}"
    lines = [title, f"  region {f.region} ({cal.timezone}, business hours {hours}, "
                    f"{'open' if cal.is_open(now) else 'closed'} at {when(cal, now)})",
             f"  request received {when(cal, f.entered)} (Salesforce, from the mirror's signed state)"]
    r = plan.record
    if r.triaged_at and r.triage_hours is not None:
        lines.append(f"  time to triage: {r.triage_hours:.1f} business hours (triaged "
                     f"{when(cal, datetime.fromisoformat(r.triaged_at))} by {r.triaged_by})")
    for c in plan.checks:
        lines += _lines(c, _reminder(c, set(f.record.open), plan.actions, plan.info))
    unknown = [c.level.key for c in plan.checks if c.status is Status.UNKNOWN]
    if unknown:
        lines.append(f"  undecided without notes: {', '.join(unknown)}")
    return lines
