"""`slo`: remind people when a handbook service-level objective slips, once per level, and clear it.

Cost per run (besides the runner's user and project requests): one paged list of the open
`sa-request` issues, one paged list of the open Slack-channel form issues, and one paged notes list
per issue that needs its notes: triage or assignment seen for the first time (its time comes from
GitLab's system note), a second-pair-of-eyes or follow-up check that is due and not yet settled, or
a reminder that must be edited to say resolved. Everything else is decided from the issue list
alone (labels, assignees, the mirror's signed state and the SLO bot's signed record).
"""

from __future__ import annotations

from dataclasses import dataclass

from bots import actions as a
from bots.board import BoardSnapshot
from bots.job import Context, Plan
from bots.model import Issue
from bots.slo.common import RuleEnv
from bots.slo.engine import needs_notes, plan_issue
from bots.slo.facts import Facts, from_issue
from bots.slo.slack_channel import plan_channel


@dataclass(frozen=True)
class SloSnapshot:
    requests: tuple[Facts, ...]  # with notes where the engine needs them
    unsigned: tuple[int, ...]  # sa-request issues without the mirror's signed state (ignored)
    channels: tuple[Issue, ...]  # open ephemeral Slack channel requests
    notes_read: int = 0


class SloJob:
    name = "slo"
    summary = "SLO reminders: triage, tech eval, meetings, second review, judgment, follow-up, CSM, Slack"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> SloSnapshot:
        cfg, s = ctx.config, ctx.config.slo
        env = RuleEnv.of(cfg, ctx.bot_username, ctx.state_key)
        requests: list[Facts] = []
        unsigned: list[int] = []
        read = 0
        for issue in board.open_with(cfg.mirror.label):
            f = from_issue(issue, cfg, s, ctx.state_key, ctx.bot_username)
            if f is None:
                unsigned.append(issue.iid)
                continue
            if needs_notes(f, s, env, ctx.now):
                f = f.with_notes(board.notes(issue.iid))
                read += 1
            requests.append(f)
        channels: tuple[Issue, ...] = ()
        if s.slack_channel.enabled:
            channels = board.open_with(s.slack_channel.label)
        return SloSnapshot(tuple(requests), tuple(unsigned), channels, read)

    def plan(self, snap: SloSnapshot, ctx: Context) -> Plan:
        cfg, s = ctx.config, ctx.config.slo
        env = RuleEnv.of(cfg, ctx.bot_username, ctx.state_key)
        actions: list[a.Action] = []
        info: list[str] = []
        for f in snap.requests:
            p = plan_issue(f, s, env, ctx.now)
            actions.extend(p.actions)
            info.extend(p.info)
        for issue in snap.channels:
            c = plan_channel(issue, cfg, s, ctx.now)
            actions.extend(c.actions)
            info.extend(c.info)
        if snap.unsigned:
            skipped = ", ".join(f"#{i}" for i in snap.unsigned)
            info.append(f"skipped {len(snap.unsigned)} sa-request issue(s) without the mirror's signed "
                        f"state: {skipped}")
        info.append(f"checked {len(snap.requests)} request(s) and {len(snap.channels)} Slack channel(s); "
                    f"read the notes of {snap.notes_read}")
        return Plan(tuple(actions), (), tuple(info))
