"""`mirror`: one issue per SA request on the triage board, kept in step with Salesforce, and labelled.

The job reads the board's open requests and the sources (`read`), then plans each request
(`bots.mirror.request_plan`), the requests the sources no longer return (`bots.mirror.missing`) and,
for live requests without an open issue, their closed issue (`bots.mirror.closed_history`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bots import actions as a
from bots import bot_ledger, markers
from bots.board import BoardSnapshot
from bots.errors import Problem
from bots.job import Context, Plan
from bots.mirror import closed_known, fastpath
from bots.mirror.closed_history import closed_issues
from bots.mirror.missing import Counting, Missing, back, plan_missing, read_missing
from bots.mirror.request_plan import closed_reason, plan_with_info
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.sources.request import SARequest


@dataclass(frozen=True)
class MirrorSnapshot:
    requests: tuple[SARequest, ...]
    problems: tuple[Problem, ...]
    issues: tuple[Issue, ...]  # the bot's open issues, and the closed ones of requests without one
    missing: tuple[Missing, ...] = ()  # open issues whose request the sources no longer return
    counting: Counting = field(default_factory=Counting)
    digests: Mapping[str, str] = field(default_factory=dict)  # key -> raw digest of its row
    unchanged: frozenset[str] = frozenset()  # keys of rows as the mirror last wrote them: not planned
    # The bot's ledger issue and its record of live requests' closed issues (`closed_known`), kept
    # up to date only by a run over the whole board (only it knows every live request).
    ledger: Issue | None = None
    known: Mapping[str, int] = field(default_factory=dict)
    whole: bool = False


class MirrorJob:
    name = "mirror"
    summary = "mirror SA requests onto the triage board and label them"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> MirrorSnapshot:
        from bots.sources.config import read_all

        cfg = ctx.config
        if cfg.sources is None:
            return MirrorSnapshot((), (Problem(cfg.file, "sources: none configured"),), ())
        keyed: dict[str, Issue] = {}  # key -> its lowest open issue (the one `plan` plans on)
        issues = []
        for issue in board.open_issues():
            key = markers.find_issue_key(issue, board.bot_username)
            if key:
                issues.append(issue)
                keyed.setdefault(key, issue)
        skip = fastpath.Unchanged(keyed, cfg, ctx.now, ctx.state_key)
        result = read_all(cfg.sources, cfg.base_dir, ctx.env, cfg.file, skip)
        mirrored = set(keyed)
        orphans = {r.opportunity_id for r in result.requests
                   if r.opportunity_id not in mirrored and closed_reason(r) is None}
        missing, counting, problems = read_missing(issues, result, ctx, board.bot_username)
        ledger = bot_ledger.find_issue(board.open_issues(), board.bot_username, mirror_settings(cfg).label)
        known = closed_known.read(ledger, ctx.state_key)
        issues.extend(closed_issues(board, orphans, known))
        return MirrorSnapshot(tuple(result.requests), (*result.problems, *problems), tuple(issues),
                              missing, counting, result.digests, result.unchanged, ledger, known,
                              board.whole)

    def plan(self, snap: MirrorSnapshot, ctx: Context) -> Plan:
        by_key: dict[str, Issue] = {}
        for issue in sorted(snap.issues, key=lambda i: i.iid) if snap.requests else ():  # unchanged: none
            key = markers.find_issue_key(issue, ctx.bot_username)
            if key:
                by_key.setdefault(key, issue)
        out: list[a.Action] = []
        info: list[str] = []
        for req in snap.requests:
            mine = by_key.get(req.opportunity_id)
            actions, said = plan_with_info(req, mine, ctx, snap.digests.get(req.opportunity_id))
            out.extend(actions)
            info.extend(said)
            if mine is not None and mine.is_open and closed_reason(req) is None:
                out.extend(back(mine, ctx))  # a request back in the source: its count reset
        for m in snap.missing:
            found = m.verdict.request if m.verdict else None
            if found is not None and closed_reason(found):  # closed in Salesforce: as any closed one
                out.extend(plan_with_info(found, m.issue, ctx)[0])
            else:
                out.extend(plan_missing(m, ctx, snap.counting))
        if snap.whole:
            now = closed_known.to_record((i for i in snap.issues if not i.is_open), ctx.bot_username)
            out.extend(closed_known.plan(snap.ledger, snap.known, now, ctx.state_key))
        return Plan(tuple(out), snap.problems, tuple(info), proves_notes=True,
                    ledger=snap.ledger)
