"""`slo`: remind people when a handbook service-level objective slips, once per level, and clear it.

Cost per run (besides the runner's user and project requests): one paged list of the open
`sa-request` issues, one paged list of the open Slack-channel form issues, one search of the bot's
closed issues per opportunity a channel not yet due links to that has no open request
(`bots.slo.linked`; an SA request form's link is looked up among the open requests only), and one
paged notes list
per issue that needs its notes: triage or assignment seen for the first time (its time comes from
GitLab's system note), a second-pair-of-eyes or follow-up check that is due and not yet settled
(unless the ledger vouches that the issue is unchanged since its notes showed neither), or
reminders whose labels are out of step with the levels due, or whose first chance to post is recent
and not vouched for by the bot's ledger (`engine.notes_decide`: the bot's reminder notes say which
levels are open; `bots.slo.ledger`: which of them it posted lately). Everything else is
decided from the issue list alone (labels, assignees, the mirror's signed state and the SLO bot's
signed record).

Each request is planned while it is read, so its rules are evaluated once: that plan says whether
the notes are needed, and only then is the issue planned again, with them (`engine.plan_reading`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial

from bots import actions as a
from bots.board import BoardSnapshot
from bots.golive import held_line
from bots.issue_templates import SA_REQUEST
from bots.job import Context, Plan, Then
from bots.mirror.settings import mirror_settings
from bots.model import Issue
from bots.slo import ledger
from bots.slo import record as rec
from bots.slo.common import RuleEnv
from bots.slo.engine import IssuePlan, evidence_basis, plan_reading, shown
from bots.slo.facts import from_issue
from bots.slo.form_issues import FormIssuePlan, counted, plan_form_issue, rule_for, watched
from bots.slo.ledger import Quiet
from bots.slo.linked import Links, read_links
from bots.slo.rules import form_triage, slack_channel
from bots.slo.settings import slo_settings


@dataclass(frozen=True)
class SloSnapshot:
    requests: tuple[IssuePlan, ...]  # each request planned once (with its notes where the engine needs them)
    unsigned: tuple[int, ...]  # sa-request issues without the mirror's signed state (ignored)
    channels: tuple[Issue, ...]  # open issues filed from a form an SLO rule follows (channels, SA requests)
    forms: tuple[FormIssuePlan, ...] = ()  # each of `channels` planned once (with its notes to clear)
    notes_read: int = 0
    closed: int = 0  # of `requests`, those just closed whose open reminders are settled
    links: Links = field(default_factory=dict)  # the requests the channels' forms link to, by opportunity
    ledger: ledger.Ledger = field(default_factory=ledger.Ledger)
    whole: bool = True  # a snapshot of the whole board (a one-issue run keeps no ledger)
    quiet: Quiet | None = None  # what the notes read (or vouched for) said of rules' evidence


CLOSED_WINDOW = timedelta(days=7)
NOTHING = IssuePlan((), (), (), rec.EMPTY)  # a request's plan when there is nothing to do, read or keep


class SloJob:
    name = "slo"
    summary = "SLO reminders: triage, tech eval, meetings, second review, judgment, follow-up, CSM, Slack"
    converge = False

    def read(self, board: BoardSnapshot, ctx: Context) -> SloSnapshot:
        cfg, s = ctx.config, slo_settings(ctx.config)
        env = RuleEnv.of(cfg, ctx.bot_username, ctx.state_key)
        requests: list[IssuePlan] = []
        unsigned: list[int] = []
        settled = 0  # just-closed requests whose open reminders are settled
        label = mirror_settings(cfg).label
        # Requests closed in the last days (the mirror closes them): their open reminders are
        # edited to say they no longer apply. One small list; older ones were settled then.
        since = (ctx.now - CLOSED_WINDOW).isoformat()
        closed = [i for i in board.closed(labels=label, updated_after=since) if i.author == ctx.bot_username]
        book = ledger.find(board.open_issues(), ctx.bot_username, ctx.state_key, label)
        basis = evidence_basis(s, env)
        learnt: dict[int, ledger.Stamp] = {}
        kept: set[int] = set()
        for issue in (*board.open_with(label), *closed):
            f = board.derived(from_issue, issue, cfg, s, ctx.state_key, ctx.bot_username)
            if f is None or (not issue.is_open and not shown(f)):  # closed, nothing showing: settled
                if f is None and issue.is_open:
                    unsigned.append(issue.iid)
                continue
            settled += not issue.is_open
            if book.entries and (confirmed := book.confirmed(issue.iid, ctx.now)):
                f = replace(f, confirmed=confirmed)
            if issue.is_open and book.quiet(issue, basis):
                f = replace(f, quiet=True)
                kept.add(issue.iid)
            p = plan_reading(f, s, env, ctx.now, partial(board.notes, issue.iid), ctx.hold)
            if p.evidence and not p.actions and issue.is_open and _unchanged_since_listed(board, issue):
                learnt[issue.iid] = ledger.stamp(issue)
            # Only what `plan` uses is kept: a board of 20,000 would otherwise hold every check; and
            # the many requests with nothing to do share one plan (336 B each otherwise).
            if p.actions or p.info or p.needs_notes or p.with_notes or p.held or p.posts:
                requests.append(IssuePlan(p.actions, p.info, (), rec.EMPTY, p.needs_notes, p.with_notes,
                                          p.held, posts=p.posts))
            else:
                requests.append(NOTHING)
        labels = set(watched(s))
        channels = tuple(i for i in board.open_issues() if not labels.isdisjoint(i.labels))
        # The request a channel links to decides only until the channel is due (its last level posted).
        undecided = [c for c in channels if rule_for(c, s) is slack_channel.RULE
                     and slack_channel.OVERDUE.label not in c.labels]
        links = read_links(board, undecided, label, ctx.state_key, ctx.now)
        # An SA request form whose opportunity's request is mirrored and open is triaged there.
        filed = [c for c in channels if rule_for(c, s) is form_triage.RULE]
        links = {**links, **read_links(board, filed, label, ctx.state_key, ctx.now, SA_REQUEST,
                                       search_closed=False)}
        forms = tuple(plan_form_issue(i, cfg, s, ctx.now, ctx.hold, links, partial(board.notes, i.iid),
                                      ctx.bot_username) for i in channels)
        read = sum(p.with_notes for p in requests) + sum(p.with_notes for p in forms)
        quiet = Quiet(basis, learnt, frozenset(kept)) if board.whole else None
        return SloSnapshot(tuple(requests), tuple(unsigned), channels, forms, read, settled, links, book,
                           board.whole, quiet)

    def plan(self, snap: SloSnapshot, ctx: Context) -> Plan:
        s = slo_settings(ctx.config)
        actions: list[a.Action] = []
        info: list[str] = []
        held: list[tuple[int, str]] = []
        for p in snap.requests:  # planned while reading: the notes read depend on the plan
            actions.extend(p.actions)
            info.extend(p.info)
            held.extend(p.held)
        for c in snap.forms:
            actions.extend(c.actions)
            info.extend(c.info)
            held.extend(c.held)
        if snap.unsigned:
            skipped = ", ".join(f"#{i}" for i in snap.unsigned)
            info.append(f"skipped {len(snap.unsigned)} sa-request issue(s) without the mirror's signed "
                        f"state: {skipped}")
        live = f"{len(snap.requests) - snap.closed} request(s)" + (
            f" (+{snap.closed} just closed, reminders settled)" if snap.closed else "")
        *first, last = (live, *counted(snap.channels, s))
        checked = f"{', '.join(first)} and {last}" if first else last
        kept = len(snap.quiet.kept) if snap.quiet else 0
        info.append(f"checked {checked}; read the notes of {snap.notes_read}" + (
            f" (not those of {kept} unchanged since they showed no review or follow-up)" if kept else ""))
        if ctx.hold.active:
            info.append(held_line(held) + " (go-live: recorded, not posted)")
        then = self._then(snap, ctx)
        if then is None and snap.quiet is not None:  # nothing posted: what the notes said, at once
            actions.extend(ledger.plan(snap.ledger, (), ctx.now, ctx.state_key, snap.quiet))
        return Plan(tuple(actions), (), tuple(info), tuple(held), then)

    @staticmethod
    def _then(snap: SloSnapshot, ctx: Context) -> Then | None:
        """After the plan is applied: record in the ledger the reminders that went out (posted without
        an error; a run that dies before this only reads more notes next time)."""
        posts = {(iid, marker): (level, until)
                 for x in snap.requests for iid, marker, level, until in x.posts}
        if not posts or not snap.whole:
            return None

        def then(done: tuple[a.Action, ...]) -> tuple[a.Action, ...]:
            went = [(x.iid, *posts[x.iid, x.marker]) for x in done
                    if isinstance(x, a.UpsertNote) and (x.iid, x.marker) in posts]
            return tuple(ledger.plan(snap.ledger, went, ctx.now, ctx.state_key, snap.quiet))
        return then


def _unchanged_since_listed(board: BoardSnapshot, issue: Issue) -> bool:
    """The notes read are those the listing counted: none was added or removed in between (an edit
    in between moves `updated_at` past the listing's, so the entry simply will not hold)."""
    return sum(not x.system for x in board.notes(issue.iid)) == issue.user_notes_count
