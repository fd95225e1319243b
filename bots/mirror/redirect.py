"""Async Slack support: one note pointing an early-stage or narrowly scoped request to the region's channel.

Handbook ("Async Slack support"): "In some cases SA support might be required in early stage or not
fully qualified opportunities. Slack can be used for answering narrowlly-scoped technical questions
[...]" and "Avoid using these Slack channels for cases that require technical discovery and solutioning.
These have to be handled via standard SA Request process."

How the mirror reads it (pure; `reason` decides, the planners only add the wait and the receipt):

- A request qualifies when the AE marks it a narrowly scoped question in Salesforce (`narrow_scope`),
  or its stage is earlier than its segment's engagement model ("Segment-Specific Engagement Models":
  First Order 2-Scoping to 4-Proposal, Territory 3-Technical Evaluation; Named any stage): an early
  stage. A stage after the model (First Order at 5-Negotiating) is no early-stage opportunity: it is
  asked about like any stage outside the model (`decide.missing_info`), not pointed to Slack.
- It never qualifies when it needs technical discovery or solutioning: the AE asks for a meeting of a
  type the standard process serves (`async_slack.engaged_meeting_types`; by default Discovery, Demo,
  Technical Deep Dive and Workshop: triage step 7's "discovery calls, demonstrations, or technical
  deep dives", and hands-on workshops), or flags it as needing deep technical knowledge or a resale
  (`deep_technical_or_resale`). A Reverse AMA or no meeting type does not by itself need either.
  The opportunity stage `1-Discovery` is an early stage, not a request for technical discovery.
- The note is a suggestion, not a decision: the issue stays on the board and the team can still take
  it. It goes out once (hidden marker), mentions the AE and so waits for the AE's business hours (else
  the request region's), like the needs-info note. The label is its receipt: added once the note is
  posted, so a note that waited is planned again by a later run that finds no label.
- Once the team has assigned the issue, nothing more is posted or labelled; the label goes when the
  request no longer qualifies (its stage moved into the model, a discovery meeting was asked for). A
  person who removes the label from an unassigned request that still qualifies sees it come back (the
  note is not posted twice): assign the issue to take it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bots import actions as a
from bots import markers
from bots.job import Context
from bots.mirror.decide import ENGAGEMENT_STAGES, request_calendar
from bots.mirror.redirect_settings import AsyncSlackSettings, async_slack_settings
from bots.mirror.render import is_salesforce_url, mention
from bots.model import Issue
from bots.quiet_hours import opens_for, waiting
from bots.render import render, trusted
from bots.sources.request import RequestStatus, SARequest, Segment

MARKER = markers.note_marker("async-slack")
# What qualifies, as a version: only a request labelled `async-slack` can change when fewer requests
# qualify, so the fast path covers it in those issues' digests alone (`fastpath.flag_part`). Bump it
# with a change to `reason`; a change that makes more requests qualify needs PLAN_VERSION instead.
QUALIFIES_VERSION = "2"  # 2: early stages only, not those after the model
SEGMENT_NAMES = {Segment.FIRST_ORDER: "Mid-Market First Order", Segment.NAMED: "Mid-Market Named",
                 Segment.TERRITORY: "Mid-Market Territory", Segment.SMB: "Small Business"}


def needs_discovery_or_solutioning(req: SARequest, s: AsyncSlackSettings) -> bool:
    """The AE asks for a discovery, demo, deep-dive or workshop meeting, or flags deep technical needs."""
    return req.meeting_type in s.engaged_meeting_types or req.deep_technical_or_resale is True


def reason(req: SARequest, s: AsyncSlackSettings) -> str | None:
    """Why async Slack support may serve the request (a phrase for the note), or None: it may not."""
    if not s.enabled or not s.channels or needs_discovery_or_solutioning(req, s):
        return None
    if req.stage.is_closed or req.status is RequestStatus.WITHDRAWN:
        return None  # off the board anyway
    if req.narrow_scope:
        return "is marked in Salesforce as a narrowly scoped question"
    stages = ENGAGEMENT_STAGES[req.segment]
    if stages is not None and req.stage.order < min(x.order for x in stages):
        allowed = " or ".join(x.value for x in stages)
        return (f"is at stage {req.stage.value}, earlier than the {SEGMENT_NAMES[req.segment]} "
                f"engagement model ({allowed})")
    return None


def channels(region: str, s: AsyncSlackSettings) -> tuple[tuple[str, str], ...]:
    """The region's channel; every configured channel when the region has none (or is unknown)."""
    own = s.channel(region)
    return ((region, own),) if own else s.channels


def note(req: SARequest, why: str, region: str, ae_username: str | None, s: AsyncSlackSettings) -> str:
    """The note's text, with its hidden marker."""
    url = req.opportunity_url or ""
    body = render(
        "async_slack.md.j2", addressee=trusted(mention(ae_username)), reason=why,
        # Channel names are checked against a strict pattern when the config is read.
        channels=[(name, trusted(f"`{channel}`")) for name, channel in channels(region, s)],
        sfdc=trusted(url) if is_salesforce_url(url) else req.opportunity_id,
        subscription={"saas": "SaaS", "self-managed": "Self-Managed"}.get(
            req.subscription.value if req.subscription else "", ""),
    ).strip()
    return markers.with_marker(MARKER, body)


@dataclass(frozen=True)
class Redirect:
    """What the mirror adds for one request: the note (with its marker), label changes, info lines."""

    note: str | None = None
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    info: tuple[str, ...] = ()

    def notes(self, iid: int) -> list[a.Action]:
        return [a.UpsertNote(iid, MARKER, self.note)] if self.note else []


def _wait(req: SARequest, ctx: Context, ae_username: str | None, where: str) -> str | None:
    """The info line when the note must wait for the AE's business hours (else the region's), or None."""
    opens = opens_for(ctx.config, (ae_username,), request_calendar(req, ctx.config), ctx.now)
    return None if opens is None else waiting(f"{where} async-slack note", opens)


def plan(req: SARequest, issue: Issue | None, ctx: Context, region: str, ae_username: str | None) -> Redirect:
    """The redirect for a new (`issue` None) or open mirrored request; its label is the note's receipt."""
    s = async_slack_settings(ctx.config)
    why = reason(req, s)
    labelled = issue is not None and s.label in issue.labels
    if why is None:
        return Redirect(remove=(s.label,)) if labelled else Redirect()
    if labelled or (issue is not None and issue.assignees):
        return Redirect()  # posted already, or the team took it
    where = f"#{issue.iid}" if issue is not None else f"new request {req.opportunity_id}"
    held = _wait(req, ctx, ae_username, where)
    if held is not None:
        return Redirect(info=(held,))
    return Redirect(note(req, why, region, ae_username, s), add=(s.label,))
