"""Pure decisions about one SA request: its labels, priority, fast-track and what is missing."""

from __future__ import annotations

from datetime import datetime, timedelta

from bots.calendars import BusinessCalendar
from bots.config import Config
from bots.mirror.settings import PrioritySettings, mirror_settings
from bots.sources.request import SARequest, Segment, Stage

MANAGED_PREFIXES = ("region::", "segment::", "stage::", "priority::")
FAST_TRACK = "fast-track"
NEEDS_INFO = "needs-info"
UNKNOWN_REGION = "unknown"

_STAGE_LABELS = {
    Stage.SCOPING: "stage::2-scoping",
    Stage.TECHNICAL_EVALUATION: "stage::3-technical-evaluation",
    Stage.PROPOSAL: "stage::4-proposal",
    Stage.NEGOTIATING: "stage::5-negotiating",
    Stage.AWAITING_SIGNATURE: "stage::6-awaiting-signature",
}
# Handbook, "Segment-Specific Engagement Models": the stages where each segment engages an SA.
ENGAGEMENT_STAGES = {
    Segment.FIRST_ORDER: (Stage.SCOPING, Stage.TECHNICAL_EVALUATION, Stage.PROPOSAL),
    Segment.TERRITORY: (Stage.TECHNICAL_EVALUATION,),
    Segment.NAMED: None,  # any stage
    Segment.SMB: None,  # the models are Mid-Market's: a Small Business request is taken at any stage
}
FIELD_NAMES = {
    "scm": "Current DevOps stack: SCM", "planning": "Current DevOps stack: planning",
    "ci_cd": "Current DevOps stack: CI/CD", "cloud": "Current DevOps stack: cloud vendor(s)",
    "deployment": "Current DevOps stack: deployment technologies",
    "competitors": "Competitive technologies evaluated",
    "attendees": "Attendees with names and titles", "use_cases": "Use cases for GitLab",
    "why_now": "Why now?", "compelling_event": "Compelling event (positive Net ARR)",
    "metrics": "MEDDPPICC: Metrics", "economic_buyer": "MEDDPPICC: Economic buyer",
    "decision_criteria": "MEDDPPICC: Decision criteria",
    "decision_process": "MEDDPPICC: Decision process", "paper_process": "MEDDPPICC: Paper process",
    "identify_pain": "MEDDPPICC: Identified pain", "champion": "MEDDPPICC: Champion",
    "competition": "MEDDPPICC: Competition",
}


def stage_label(stage: Stage) -> str:
    return _STAGE_LABELS.get(stage, "stage::other")


def region_of(req: SARequest, cfg: Config) -> str:
    """The request's region, else the AE's region in the roster, else `unknown`."""
    if req.region is not None and req.region.value in cfg.regions:
        return req.region.value
    person = cfg.person_by_email(req.ae_email)
    if person is not None and person.region:
        return person.region
    return UNKNOWN_REGION


MEETING_BEFORE_REQUEST = ("Meeting time: it is before the request was made; "
                          "correct the meeting date (or the request) in Salesforce")


def request_calendar(req: SARequest, cfg: Config) -> BusinessCalendar | None:
    """The business calendar of the request's region (the first region's when it is unknown)."""
    known = cfg.regions.get(region_of(req, cfg))
    first = next(iter(cfg.regions.values()), None)
    return known.calendar if known else first.calendar if first else None


def short_notice(start: datetime, end: datetime, hours: float,
                 calendar: BusinessCalendar | None) -> float | None:
    """The hours of notice from `start` to `end` when fewer than `hours` (question #3's "less than
    24 hours notice"), else None: clock hours on the region's business days, its weekends and days
    off left out (clock hours without a calendar). Not its opening hours: 24 of those are three
    working days' notice."""
    clock = (end - start) / timedelta(hours=1)
    if clock < hours or calendar is None:
        return clock if clock < hours else None  # notice is never more than clock hours
    # Notice only grows with the end: a fortnight that already holds `hours` settles it without
    # counting every day up to a meeting months away.
    soon = min(end, start + timedelta(days=14))
    notice = calendar.business_day_hours_between(start, soon)
    if notice < hours and soon < end:
        notice = calendar.business_day_hours_between(start, end)
    return notice if notice < hours else None


def meeting_before_request(req: SARequest) -> bool:
    return req.meeting_at is not None and req.meeting_at < req.requested_at


def is_fast_track(req: SARequest, hours: int, calendar: BusinessCalendar | None = None) -> bool:
    """Flagged in Salesforce, or the meeting comes with less than `hours` hours of notice
    (`short_notice`). A meeting before the request is a data problem (see `missing_info`), not a
    fast track."""
    if req.fast_track:
        return True
    if req.meeting_at is None or meeting_before_request(req):
        return False
    return short_notice(req.requested_at, req.meeting_at, hours, calendar) is not None


def priority_points(req: SARequest, p: PrioritySettings, now: datetime, fast_track: bool = False) -> int:
    """Deal size, a named account, a meeting or the close date near, and a fast track (`is_fast_track`)."""
    points = next((pts for floor, pts in p.net_arr_points if req.net_arr >= floor), 0)
    if fast_track:
        points += p.fast_track_points
    if req.named_account:
        points += p.named_account_points
    if req.meeting_at is not None and now <= req.meeting_at <= now + timedelta(days=p.meeting_within_days):
        points += p.meeting_points
    if (req.close_date - now.date()).days <= p.close_within_days:
        points += p.close_points
    return points


REQUIRED_7 = "MEDDPPICC: the required 7 methods applied"
PITCH_DECK = "Custom Pitch Deck (First Order and Territory requests)"
COMPELLING_FLAGGED = ("Compelling event (negative Net ARR, flagged as needing deep technical knowledge "
                      "or a resale)")
# Handbook: "Command Plan and Custom Pitch Deck are being leveraged" (First Order, Territory).
PITCH_DECK_SEGMENTS = (Segment.FIRST_ORDER, Segment.TERRITORY)


def _compelling_event_needed(req: SARequest) -> str | None:
    """Handbook: compelling events "on an opportunity with a positive Net ARR (or negative Net ARR when
    the account needs deep technical knowledge or needs to be resold)"."""
    if req.net_arr > 0:
        return FIELD_NAMES["compelling_event"]
    return COMPELLING_FLAGGED if req.deep_technical_or_resale else None


def missing_info(req: SARequest) -> tuple[str, ...]:
    """What the AE still has to provide (question #1), as field names people recognise.

    A field added later (required 7, pitch deck, the deep-technical flag) is asked for only where the
    source carries it: an export without that column is not asked about it on every request.
    """
    missing = []
    for f in req.missing_command_plan_fields():
        label = _compelling_event_needed(req) if f == "compelling_event" else FIELD_NAMES[f]
        if label:
            missing.append(label)
    missing += [FIELD_NAMES[f] for f in req.missing_meddppicc_fields()]
    if req.required_7 is False:
        missing.append(REQUIRED_7)
    if req.segment in PITCH_DECK_SEGMENTS and req.custom_pitch_deck is not None \
            and not req.custom_pitch_deck.strip():
        missing.append(PITCH_DECK)
    stages = ENGAGEMENT_STAGES[req.segment]
    if stages is not None and req.stage not in stages:
        allowed = " or ".join(s.value for s in stages)
        missing.append(f"Stage {req.stage.value} is outside the {req.segment.value} engagement model "
                       f"(SA requests are for {allowed}): confirm the stage or the need for an SA")
    if meeting_before_request(req):
        missing.append(MEETING_BEFORE_REQUEST)
    return tuple(missing)


def desired_labels(req: SARequest, cfg: Config, now: datetime) -> frozenset[str]:
    s = mirror_settings(cfg)
    fast = is_fast_track(req, s.fast_track_hours, request_calendar(req, cfg))
    points = priority_points(req, s.priority, now, fast)
    labels = {s.label, f"region::{region_of(req, cfg)}", f"segment::{req.segment.value}",
              stage_label(req.stage), f"priority::{s.priority.level(points)}"}
    if fast:
        labels.add(FAST_TRACK)
    if missing_info(req):
        labels.add(NEEDS_INFO)
    return frozenset(labels)


Labels = tuple[str, ...]


def label_changes(current: Labels, desired: frozenset[str],
                  managed_flags: Labels = (FAST_TRACK, NEEDS_INFO)) -> tuple[Labels, Labels]:
    """Labels to add and to remove; only label families the mirror owns are ever removed.

    The old scoped label is removed explicitly: scoped labels are exclusive only on GitLab Premium.
    """
    have = set(current)
    add = tuple(sorted(desired - have))
    owned = {x for x in have if x.startswith(MANAGED_PREFIXES) or x in managed_flags}
    remove = tuple(sorted(owned - desired))
    return add, remove


def priority_due(req: SARequest, p: PrioritySettings, now: datetime,
                 fast_track: bool = False) -> datetime | None:
    """The first moment after `now` at which the request's priority label changes (None: never).

    Points change with time only where the meeting enters or leaves the coming `meeting_within_days`
    and where the close date comes within `close_within_days`; the label changes at the first of
    those moments whose level differs from the level now.
    """
    moments = []
    if req.meeting_at is not None:
        moments += [req.meeting_at - timedelta(days=p.meeting_within_days),
                    req.meeting_at + timedelta(microseconds=1)]
    close_from = req.close_date - timedelta(days=p.close_within_days)
    moments.append(datetime.combine(close_from, datetime.min.time(), now.tzinfo))
    level = p.level(priority_points(req, p, now, fast_track))
    return next((t for t in sorted(moments)
                 if t > now and p.level(priority_points(req, p, t, fast_track)) != level),
                None)
