"""Plan one form issue: validate it, keep its one status note and its labels in step, remind on PTO."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bots import actions as a
from bots import markers
from bots.calendars import BusinessCalendar
from bots.errors import Problem
from bots.forms import notes, slack
from bots.forms.approvals import Approvals, evaluate, region_of
from bots.forms.pto import reminder_due, reminder_start
from bots.issue_templates import (
    EPHEMERAL_SLACK_CHANNEL,
    ON_SITE_REQUEST,
    PTO_COVERAGE,
    FormDefinition,
    FormResult,
    fingerprint,
    validate,
)
from bots.issue_templates.parse import parse_description
from bots.job import Context
from bots.mentions import mentions
from bots.model import Issue
from bots.quiet_hours import opens_for, waiting

STATE_VERSION = 1
HELD = "held"  # the PTO reminder was due at go-live: recorded, never posted
APPROVED_LABELS = notes.APPROVED_LABELS


@dataclass(frozen=True)
class IssuePlan:
    """The actions for one issue, what to report, and where the form stands."""

    actions: tuple[a.Action, ...]
    problems: tuple[Problem, ...]
    info: tuple[str, ...]
    result: FormResult
    status: str  # "needs-info" | "complete" | "approved"
    held: tuple[tuple[int, str], ...] = ()  # the PTO reminder recorded as held back at go-live


def local_today(now: datetime, calendar: BusinessCalendar | None) -> date:
    """Today in the calendar's time zone (UTC without one)."""
    zone = getattr(calendar, "timezone", None)
    return now.astimezone(ZoneInfo(zone)).date() if zone else now.date()


def _as_of(value: object) -> date | None:
    """The date stored in the note's state, if it is one."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_form(form: FormDefinition, description: str, today: date, known_users: frozenset[str],
               prev: dict[str, Any]) -> tuple[FormResult, str | None]:
    """Validate; a form that was complete keeps its next state while its fields are unchanged.

    Returns the result and the date the current fields were first found complete (None while
    incomplete). Past-date rules are judged as of that date: an on-site whose dates have passed
    since it was approved is not sent back to `needs-info`.
    """
    result = validate(form, description, today=today, known_users=known_users)
    since = _as_of(prev.get("as_of")) if prev.get("complete") is True else None
    if result.complete:
        unchanged = since is not None and prev.get("fp") == fingerprint(result.values)
        return result, (since if unchanged and since else today).isoformat()
    if since is not None and since < today:
        earlier = validate(form, description, today=since, known_users=known_users)
        if earlier.complete and fingerprint(earlier.values) == prev.get("fp"):
            return earlier, since.isoformat()
    return result, None


def _wanted_labels(form: FormDefinition, result: FormResult, approvals: Approvals | None) -> set[str]:
    if not result.complete:
        return {notes.NEEDS_INFO_LABEL}
    if approvals is not None and approvals.approved:
        return {APPROVED_LABELS[form.label]}
    return {form.next_label}


def _label_update(issue: Issue, form: FormDefinition, wanted: set[str]) -> a.UpdateIssue | None:
    managed = {notes.NEEDS_INFO_LABEL, form.next_label}
    if form.label in APPROVED_LABELS:
        managed.add(APPROVED_LABELS[form.label])
    current = set(issue.labels)
    add, remove = tuple(sorted(wanted - current)), tuple(sorted((managed - wanted) & current))
    return a.UpdateIssue(issue.iid, add_labels=add, remove_labels=remove) if add or remove else None


def _region_problems(issue: Issue, approvals: Approvals) -> list[Problem]:
    """Approver roles nobody in the region can give: a configuration problem."""
    return [Problem(f"issue #{issue.iid}", f"region {approvals.region} has no {r.role.value} configured"
                    " in sa-triage.yml: nobody can approve it") for r in approvals.roles if not r.candidates]


def _reminder(issue: Issue, result: FormResult, ctx: Context,
              prev: dict[str, Any]) -> tuple[a.UpsertNote | None, str | None, bool]:
    """The one PTO reminder, when due and not yet posted (nor held back at go-live); or the info line
    saying it waits for the author's business hours (it mentions them). The flag: held back now."""
    if (prev.get("pto_reminder") == HELD
            or markers.find_note(issue.notes, notes.PTO_REMINDER_MARKER, ctx.bot_username) is not None):
        return None, None, False
    cfg = ctx.config
    person = cfg.person(issue.author)
    region = region_of(issue, cfg)
    name = person.region if person and person.region in cfg.regions else region
    calendar = cfg.regions[name].calendar if name else None
    start = reminder_start(result, local_today(ctx.now, calendar), calendar)
    if start is None:
        return None, None, False
    if ctx.hold.holds(_due_at(issue, start, calendar), ctx.now):
        return None, None, True
    opens = opens_for(cfg, (issue.author,), calendar, ctx.now)
    if opens is not None:
        return None, waiting(f"issue #{issue.iid} PTO reminder", opens), False
    body = notes.pto_reminder_note(issue.author, start)
    return a.UpsertNote(issue.iid, notes.PTO_REMINDER_MARKER, body), None, False


def _due_at(issue: Issue, start: date, calendar: BusinessCalendar | None) -> datetime:
    """When the reminder fell due: the start of its day in the author's zone, not before the issue."""
    day = reminder_due(start, calendar)
    return max(issue.created_at, calendar.midnight(day) if calendar else datetime.combine(day, time(0), UTC))


def _note_action(issue: Issue, form: FormDefinition, result: FormResult, approvals: Approvals | None,
                 state: dict[str, Any], ctx: Context) -> tuple[a.UpsertNote | None, str | None]:
    """Post or edit the one status note, unless it already says exactly this; a note that mentions
    people (the author, approvers) waits for the first one's business hours (the info line says so)."""
    note = markers.find_note(issue.notes, notes.FORM_MARKER, ctx.bot_username)
    headings = parse_description(issue.description, (s.match_key for s in form.fields))
    inputs = notes.StatusInputs(form, issue.author, result.findings, no_headings=not headings,
                                approvals=approvals, region_labels=tuple(ctx.config.regions))
    body = notes.status_note(inputs, state, ctx.state_key)
    if note is not None and note.body.strip() == body.strip():
        return None, None
    named = mentions(body)
    who = [*(u for u in (issue.author.lower(),) if u in named), *sorted(named - {issue.author.lower()})]
    region = ctx.config.regions.get(region_of(issue, ctx.config) or "")
    opens = opens_for(ctx.config, who, region.calendar if region else None, ctx.now)
    if opens is not None:
        return None, waiting(f"issue #{issue.iid} status note", opens)
    return a.UpsertNote(issue.iid, notes.FORM_MARKER, body, note.id if note else None), None


def _previous_state(issue: Issue, form: FormDefinition, ctx: Context) -> dict[str, Any]:
    """The hidden state of the bot's status note: signed by the bot, for this form; else {}."""
    note = markers.find_note(issue.notes, notes.FORM_MARKER, ctx.bot_username)
    prev = (markers.read_signed_state(note.body, ctx.state_key) if note else None) or {}
    return prev if prev.get("form") == form.label else {}  # another form's: start afresh


def plan_issue(issue: Issue, form: FormDefinition, ctx: Context, known_users: frozenset[str]) -> IssuePlan:
    """The actions that bring one form issue's status note and labels in step (none when they are)."""
    cfg = ctx.config
    region_name = region_of(issue, cfg)
    region = cfg.regions.get(region_name) if region_name else None
    prev = _previous_state(issue, form, ctx)
    today = local_today(ctx.now, region.calendar if region else None)
    result, as_of = check_form(form, issue.description, today, known_users, prev)
    fp = fingerprint(result.values)
    approvals = None
    state: dict[str, Any] = {"v": STATE_VERSION, "form": form.label, "complete": result.complete,
                             "fp": fp, "as_of": as_of}
    if form is ON_SITE_REQUEST:
        approvals = evaluate(issue.awards, region, prev.get("approvals") or {}, fp)
    elif form is EPHEMERAL_SLACK_CHANNEL:
        approvals = slack.slack_approvals(issue, result, cfg, prev.get("approvals") or {}, fp)
    if approvals is not None:
        state["approvals"] = approvals.record
    wanted = _wanted_labels(form, result, approvals)
    reminder, waited, held = (_reminder(issue, result, ctx, prev) if form is PTO_COVERAGE
                              else (None, None, False))
    if held or (form is PTO_COVERAGE and prev.get("pto_reminder") == HELD):
        state["pto_reminder"] = HELD  # recorded as if posted: never posted for this issue
    note, note_waits = _note_action(issue, form, result, approvals, state, ctx)
    planned = [note, reminder, _label_update(issue, form, wanted)]
    problems: list[Problem] = []
    info: list[str] = [x for x in (waited, note_waits) if x]
    if approvals is not None and form is ON_SITE_REQUEST:
        problems = _region_problems(issue, approvals)
        if approvals.region is None:
            info.append(f"issue #{issue.iid}: on-site request of unknown region (the note asks for a region::"
                        " label)")
    approved = APPROVED_LABELS.get(form.label) in wanted
    status = "needs-info" if not result.complete else ("approved" if approved else "complete")
    return IssuePlan(tuple(x for x in planned if x is not None), tuple(problems), tuple(info), result, status,
                     ((issue.iid, "pto-reminder"),) if held else ())
