"""SLO settings from `sa-triage.yml` (`slo:`): a default for every key, errors that name the key path."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bots.schema import Node
from bots.sources.request import Segment, Stage


@dataclass(frozen=True)
class TriageSettings:
    enabled: bool = True
    business_days: int = 1  # handbook: triage within one business day
    escalate_after_business_days: int = 1  # after the breach, before the manager is asked


@dataclass(frozen=True)
class TechEvalSettings:
    enabled: bool = True
    days_before_close: tuple[tuple[Segment, int], ...] = (
        (Segment.FIRST_ORDER, 15), (Segment.NAMED, 30), (Segment.TERRITORY, 30))
    warn_business_days: int = 5
    complete_after_stage: int = 3  # the evaluation is done once the stage is past 3

    def days_for(self, segment: Segment) -> int:
        return dict(self.days_before_close)[segment]


@dataclass(frozen=True)
class MeetingPrepSettings:
    enabled: bool = True
    deadline_business_days: int = 1  # agenda and attendees this long before the meeting
    remind_business_days: int = 2  # the AE is reminded this long before the meeting
    agenda_heading: str = "Agenda"  # a section people write in the issue description


@dataclass(frozen=True)
class LeadTimeSettings:
    enabled: bool = True  # the hours come from mirror.fast_track_hours


@dataclass(frozen=True)
class SecondReviewSettings:
    enabled: bool = True
    business_days: int = 1
    skip_labels: tuple[str, ...] = ("direct-assignment",)
    done_labels: tuple[str, ...] = ("second-review-done",)


@dataclass(frozen=True)
class JudgmentSettings:
    enabled: bool = True
    regions: tuple[str, ...] = ("EMEA",)
    net_arr_above: Decimal = Decimal(50_000)
    min_stage: int = 3
    business_days: int = 1  # after assignment, before the SA is reminded


@dataclass(frozen=True)
class FollowUpSettings:
    enabled: bool = True
    business_days: int = 1
    heading: str = "Follow-up"  # a note by the SA with this Markdown heading documents the meeting
    done_labels: tuple[str, ...] = ("follow-up-documented",)


@dataclass(frozen=True)
class CsmSettings:
    enabled: bool = True
    stages: tuple[Stage, ...] = (Stage.NEGOTIATING, Stage.AWAITING_SIGNATURE)
    done_labels: tuple[str, ...] = ("csm-introduced",)


@dataclass(frozen=True)
class SlackChannelSettings:
    enabled: bool = True
    label: str = "form::ephemeral-slack-channel"
    heads_up_days: int = 80
    overdue_days: int = 90


@dataclass(frozen=True)
class SloSettings:
    business_hours_only: bool = True  # notes that mention people wait for the recipients' hours
    triage: TriageSettings = TriageSettings()
    tech_eval: TechEvalSettings = TechEvalSettings()
    meeting_prep: MeetingPrepSettings = MeetingPrepSettings()
    lead_time: LeadTimeSettings = LeadTimeSettings()
    second_review: SecondReviewSettings = SecondReviewSettings()
    judgment: JudgmentSettings = JudgmentSettings()
    follow_up: FollowUpSettings = FollowUpSettings()
    csm_transition: CsmSettings = CsmSettings()
    slack_channel: SlackChannelSettings = SlackChannelSettings()

    def labels_used(self) -> set[str]:
        """Labels the settings name (they must be declared under `labels:`)."""
        return {*self.second_review.skip_labels, *self.second_review.done_labels,
                *self.follow_up.done_labels, *self.csm_transition.done_labels, self.slack_channel.label}


def _days(node: Node, default: int, *, minimum: int = 0) -> int:
    value = node.get(int, default)
    if value < minimum:
        raise node.error(f"must be at least {minimum}")
    return value


def _labels(node: Node, default: tuple[str, ...], declared: set[str] | None) -> tuple[str, ...]:
    if node.value is None:
        return default
    names = node.strings()
    for i, name in enumerate(names):
        if declared is not None and name not in declared:
            raise node.child(i).error(f"label {name!r} is not declared under labels")
    return names


def parse_slo(node: Node, *, labels: set[str] | None = None, regions: set[str] | None = None) -> SloSettings:
    """`slo:` as typed settings; `labels`/`regions`, when given, are checked against what is declared."""
    d = SloSettings()
    node.keys({"business_hours_only", "triage", "tech_eval", "meeting_prep", "lead_time", "second_review",
               "judgment", "follow_up", "csm_transition", "slack_channel"})
    return SloSettings(
        business_hours_only=node.child("business_hours_only").get(bool, d.business_hours_only),
        triage=_triage(node.child("triage")),
        tech_eval=_tech_eval(node.child("tech_eval")),
        meeting_prep=_meeting_prep(node.child("meeting_prep")),
        lead_time=LeadTimeSettings(_enabled(node.child("lead_time"), set())),
        second_review=_second_review(node.child("second_review"), labels),
        judgment=_judgment(node.child("judgment"), regions),
        follow_up=_follow_up(node.child("follow_up"), labels),
        csm_transition=_csm(node.child("csm_transition"), labels),
        slack_channel=_slack(node.child("slack_channel"), labels),
    )


def _enabled(node: Node, keys: set[str]) -> bool:
    node.keys(keys | {"enabled"})
    return node.child("enabled").get(bool, True)


def _triage(node: Node) -> TriageSettings:
    d = TriageSettings()
    return TriageSettings(_enabled(node, {"business_days", "escalate_after_business_days"}),
                          _days(node.child("business_days"), d.business_days, minimum=1),
                          _days(node.child("escalate_after_business_days"), d.escalate_after_business_days,
                                minimum=1))


def _tech_eval(node: Node) -> TechEvalSettings:
    d = TechEvalSettings()
    enabled = _enabled(node, {"days_before_close", "warn_business_days", "complete_after_stage"})
    days = dict(d.days_before_close)
    per_segment = node.child("days_before_close")
    per_segment.keys({s.value for s in Segment})
    for segment in Segment:
        days[segment] = _days(per_segment.child(segment.value), days[segment])
    stage = node.child("complete_after_stage").get(int, d.complete_after_stage)
    if not 1 <= stage <= 7:
        raise node.child("complete_after_stage").error("expected a stage number from 1 to 7")
    return TechEvalSettings(enabled, tuple((s, days[s]) for s in Segment),
                            _days(node.child("warn_business_days"), d.warn_business_days), stage)


def _meeting_prep(node: Node) -> MeetingPrepSettings:
    d = MeetingPrepSettings()
    enabled = _enabled(node, {"deadline_business_days", "remind_business_days", "agenda_heading"})
    deadline = _days(node.child("deadline_business_days"), d.deadline_business_days)
    remind = _days(node.child("remind_business_days"), d.remind_business_days)
    if remind < deadline:
        raise node.child("remind_business_days").error("must not be less than deadline_business_days")
    heading = node.child("agenda_heading").get(str, d.agenda_heading).strip()
    if not heading:
        raise node.child("agenda_heading").error("must not be empty")
    return MeetingPrepSettings(enabled, deadline, remind, heading)


def _second_review(node: Node, declared: set[str] | None) -> SecondReviewSettings:
    d = SecondReviewSettings()
    enabled = _enabled(node, {"business_days", "skip_labels", "done_labels"})
    return SecondReviewSettings(enabled, _days(node.child("business_days"), d.business_days, minimum=1),
                                _labels(node.child("skip_labels"), d.skip_labels, declared),
                                _labels(node.child("done_labels"), d.done_labels, declared))


def _judgment(node: Node, known_regions: set[str] | None) -> JudgmentSettings:
    d = JudgmentSettings()
    enabled = _enabled(node, {"regions", "net_arr_above", "min_stage", "business_days"})
    regions = node.child("regions").strings() if node.child("regions").value is not None else d.regions
    for i, region in enumerate(regions):
        if known_regions is not None and region not in known_regions:
            raise node.child("regions").child(i).error(f"unknown region {region!r}")
    above = Decimal(str(node.child("net_arr_above").get(float, float(d.net_arr_above))))
    stage = node.child("min_stage").get(int, d.min_stage)
    if not 0 <= stage <= 7:
        raise node.child("min_stage").error("expected a stage number from 0 to 7")
    grace = _days(node.child("business_days"), d.business_days)
    return JudgmentSettings(enabled, regions, above, stage, grace)


def _follow_up(node: Node, declared: set[str] | None) -> FollowUpSettings:
    d = FollowUpSettings()
    enabled = _enabled(node, {"business_days", "heading", "done_labels"})
    heading = node.child("heading").get(str, d.heading).strip()
    if not heading:
        raise node.child("heading").error("must not be empty")
    return FollowUpSettings(enabled, _days(node.child("business_days"), d.business_days, minimum=1), heading,
                            _labels(node.child("done_labels"), d.done_labels, declared))


def _csm(node: Node, declared: set[str] | None) -> CsmSettings:
    d = CsmSettings()
    enabled = _enabled(node, {"stages", "done_labels"})
    stages = d.stages
    if node.child("stages").value is not None:
        parsed = []
        for item in node.child("stages").elements():
            stage = Stage.from_text(item.get(str, required=True))
            if stage is None:
                raise item.error(f"unknown stage {item.value!r}")
            parsed.append(stage)
        stages = tuple(parsed)
    return CsmSettings(enabled, stages, _labels(node.child("done_labels"), d.done_labels, declared))


def _slack(node: Node, declared: set[str] | None) -> SlackChannelSettings:
    d = SlackChannelSettings()
    enabled = _enabled(node, {"label", "heads_up_days", "overdue_days"})
    label = node.child("label").get(str, d.label)
    if declared is not None and label not in declared:
        raise node.child("label").error(f"label {label!r} is not declared under labels")
    heads_up = _days(node.child("heads_up_days"), d.heads_up_days, minimum=1)
    overdue = _days(node.child("overdue_days"), d.overdue_days, minimum=1)
    if heads_up >= overdue:
        raise node.child("heads_up_days").error("must be less than overdue_days")
    return SlackChannelSettings(enabled, label, heads_up, overdue)
