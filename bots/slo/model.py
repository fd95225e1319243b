"""The vocabulary of the SLO engine: reminder levels, their states, and one evaluated check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bots import markers


class Status(StrEnum):
    """Where one reminder level of one issue stands at one moment."""

    NOT_APPLICABLE = "not applicable"  # the SLO does not cover this issue (now)
    PENDING = "pending"  # the clock runs; the level is not reached yet
    MET = "met"  # the objective is met: nothing to remind (and an open reminder clears)
    DUE = "due"  # the level is reached: the reminder should be showing
    UNKNOWN = "unknown"  # deciding needs the notes, which were not read


@dataclass(frozen=True)
class Level:
    """One reminder level: its note marker, its label, its template and the handbook rule it enforces."""

    key: str
    label: str
    template: str
    rule: str  # quoted verbatim from the handbook
    severity: int  # higher is worse: on GitLab Premium only the worst `slo::` label can stay

    @property
    def marker(self) -> str:
        return markers.note_marker("slo", self.key)


@dataclass(frozen=True)
class Check:
    """One level evaluated for one issue: enough to decide, to explain, and to write the note."""

    level: Level
    status: Status
    why: str  # one sentence, for `explain` and for a "no longer applies" note
    clock_start: datetime | None = None
    due: datetime | None = None
    calendar: Any = None  # the recipients' bots.calendars.BusinessCalendar
    recipients: tuple[str, ...] = ()  # usernames or group paths to mention
    context: Mapping[str, Any] = field(default_factory=dict)  # template values (strings are escaped)
    resolution: str = ""  # when MET: how it was met, for the resolved note
    superseded_by: str | None = None  # a later level of the same SLO; if that one is due, skip this
    remember: tuple[tuple[str, Any], ...] = ()  # record fields to set, so the notes need not be read again

    @property
    def active(self) -> bool:
        return self.status is Status.DUE


TRIAGE_RULE = "If it comes in at 4pm, the Team has until 4pm the next day to triage."
TECH_EVAL_RULE = ("The goal is to complete the `3-Technical Evaluation` prior to {days} days of the "
                  "Close Date.")
SLACK_RULE = "the channel should be closed within 90 days and/or at project completion."
LEVELS: dict[str, Level] = {x.key: x for x in (
    Level("triage-breached", "slo::triage-breached", "slo_triage.md.j2", TRIAGE_RULE, 90),
    Level("triage-escalated", "slo::triage-escalated", "slo_triage.md.j2", TRIAGE_RULE, 100),
    Level("fast-track", "slo::fast-track-notified", "slo_lead_time.md.j2",
          "a 'Fast Track' process that allows the AE to both mark the request record in Salesforce "
          "(for future metrics) and notify the Team", 50),
    Level("tech-eval-at-risk", "slo::tech-eval-at-risk", "slo_tech_eval.md.j2", TECH_EVAL_RULE, 60),
    Level("tech-eval-breached", "slo::tech-eval-breached", "slo_tech_eval.md.j2", TECH_EVAL_RULE, 80),
    Level("meeting-prep", "slo::meeting-prep-missing", "slo_meeting_prep.md.j2",
          "Agenda and list of attendees should be provided in advance", 40),
    Level("second-review", "slo::second-review-reminded", "slo_second_review.md.j2",
          "Once an opportunity is assigned, the assigned team member is enouraged collaborate with another "
          "team member or a reporting manager to review the plan, verify goals, and identify next steps.",
          10),
    Level("judgment", "slo::judgment-missing", "slo_judgment.md.j2",
          "Solutions Architects are required to fill out in their judgment on all opportunities meeting "
          "these criteria", 30),
    Level("follow-up", "slo::follow-up-missing", "slo_follow_up.md.j2",
          "Post-engagement, the SA documents the outcomes, next steps, and any relevant information in "
          "Salesforce and the Customers & Prospects Google Drive folder.", 20),
    Level("csm-transition", "slo::csm-transition", "slo_csm.md.j2",
          "the Solutions Architect and Account Executive ought to begin introducing the customer to a "
          "Customer Success Manager", 25),
    Level("slack-heads-up", "slo::slack-channel-expiring", "slo_slack_channel.md.j2", SLACK_RULE, 35),
    Level("slack-overdue", "slo::slack-channel-overdue", "slo_slack_channel.md.j2", SLACK_RULE, 70),
)}


def level(key: str) -> Level:
    return LEVELS[key]


def slo_labels() -> frozenset[str]:
    """Every label the SLO engine manages (and only these does it ever remove)."""
    return frozenset(x.label for x in LEVELS.values())
