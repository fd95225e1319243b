"""Six weeks of the team's work before the demo's "now", played against the sandbox.

The Salesforce export grows as requests arrive (and says when opportunities close; one request leaves
it for a business day, deleted and restored; one moves on two stages, a "changed" note each); the
real bots run at five times a business day (the digest on Mondays) with `--now` and the sandbox's
clock set to that time; between runs, roster people act through the REST API with their own tokens,
at their own times: SAs take requests (GitLab's system note dates the assignment), move them along
the board, document follow-ups and close one duplicate; the manager and the ASM approve an on-site
request with a 👍; an SA files a PTO issue.
"""

from __future__ import annotations

import csv
import heapq
import io
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import gitlab

from bots import app
from bots.config import Config
from bots.issue_templates import ON_SITE_REQUEST, PTO_COVERAGE
from bots.output import Output

from .demo_forms import _on_site_answers, _pick, fill_template
from .demo_timeline import (
    SEED,
    WEEKS,
    Fate,
    fates,
    generated_rows,
    gone_and_dismissed,
    parse_time,
    progressed,
)

TICKS_UTC = (8, 11, 14, 17, 20)
EXPORT = Path("bots/data/sample_requests.csv")
TokenOf = Callable[[str], str]


@dataclass
class History:
    """What the simulation did, for the demo's summary."""

    runs: int = 0
    failed_runs: int = 0
    arrived: int = 0
    triaged: int = 0
    late: int = 0  # triaged after a business day (the SLO bot pinged first)
    closed: int = 0
    approvals: int = 0
    deferred: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # opportunities left out of the export for a while
    dismissed: list[str] = field(default_factory=list)  # opportunities whose issue their SA closed
    progressed: list[str] = field(default_factory=list)  # opportunities whose stage moved on, twice
    proven_notes: int = 0  # "changed" notes posted on the issue's record alone (its notes not read)


def ticks(start: datetime, end: datetime) -> list[datetime]:
    """The bots' run times: five a business day, in UTC, from `start` to before `end`."""
    out, day = [], start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day < end:
        if day.weekday() < 5:
            out += [t for h in TICKS_UTC if start <= (t := day.replace(hour=h)) < end]
        day += timedelta(days=1)
    return out


def export_at(rows: Sequence[dict[str, str]], closed: Mapping[str, datetime], at: datetime,
              gone: Mapping[str, tuple[datetime, datetime]] | None = None,
              stages: Mapping[str, tuple[tuple[datetime, str], ...]] | None = None) -> str:
    """The export as Salesforce would give it at `at`: requests made by then, stages and closed stages
    as of then, without those `gone` then (deleted, not yet restored)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        entered = parse_time(row["SA Request Date"])
        window = (gone or {}).get(row["Opportunity ID"])
        if (entered is not None and entered > at) or (window and window[0] <= at < window[1]):
            continue
        when = closed.get(row["Opportunity ID"])
        moved = [stage for t, stage in (stages or {}).get(row["Opportunity ID"], ()) if t <= at]
        stage = "Closed Won" if when and when <= at else (moved[-1] if moved else row["Stage"])
        writer.writerow({**row, "Stage": stage})
    return buf.getvalue()


class Watched(Output):
    """The bots' output, counting the notes the gateway posted on a record's proof."""

    def __init__(self, out: Output) -> None:
        super().__init__(out.stream, ci=out.ci, redact=out.redact)
        self.proven = 0

    def line(self, text: str = "") -> None:
        self.proven += "sa-triage:changed" in text and "posted (new by the issue's record" in text
        super().line(text)


class Team:
    """Roster people acting through the REST API, each with their own token."""

    def __init__(self, url: str, project: str, token_of: TokenOf, sandbox: Any) -> None:
        self.url, self.project, self.token_of, self.sandbox = url, project, token_of, sandbox
        self._clients: dict[str, Any] = {}

    def project_as(self, username: str) -> Any:
        if username not in self._clients:
            gl = gitlab.Gitlab(self.url, private_token=self.token_of(username))
            self._clients[username] = gl.projects.get(self.project, lazy=True)
        return self._clients[username]

    def find(self, opportunity: str) -> dict[str, Any] | None:
        """The open mirrored issue of this opportunity, once the mirror has filed it."""
        id15 = opportunity[:15]
        return next((i for i in self.sandbox.issues(self.project)
                     if i["state"] == "opened" and "sa-request" in i["labels"]
                     and id15 in (i["description"] or "")), None)

    def update(self, username: str, iid: int, **data: Any) -> None:
        self.project_as(username).issues.update(iid, data)

    def approve(self, username: str, iid: int) -> None:
        self.project_as(username).issues.get(iid, lazy=True).awardemojis.create({"name": "thumbsup"})


def _events(fs: Sequence[Fate], cfg: Config, start: datetime) -> list[tuple[datetime, int, str, Any]]:
    out: list[tuple[datetime, int, str, Any]] = []
    for n, f in enumerate(fs):
        for at, kind in ((f.triaged, "triage"), (f.engaged, "engage"), (f.followed_up, "follow-up"),
                         (f.dismissed, "dismiss")):
            if at is not None:
                out.append((at, n, kind, f))
    sa, ae = _pick(cfg, "sa", "EMEA"), _pick(cfg, "ae", "EMEA")
    filed = start + timedelta(days=8, hours=10)
    out += [(filed, -1, "onsite", (sa, ae)), (filed + timedelta(days=1, hours=2), -2, "approve", None),
            (start + timedelta(days=15, hours=11), -3, "pto", sa)]
    return out


class Simulation:
    def __init__(self, sandbox: Any, cfg: Config, team: Team, checkout: Path, env: Mapping[str, str],
                 set_clock: Callable[[datetime], None], out: Output) -> None:
        self.sandbox, self.cfg, self.team, self.checkout = sandbox, cfg, team, checkout
        self.env, self.set_clock, self.out = env, set_clock, out
        self.history = History()
        self.onsite_iid: int | None = None

    def run(self, now: datetime, weeks: int = WEEKS) -> History:
        rng = random.Random(SEED)
        export = self.checkout / EXPORT
        rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
        start = (now - timedelta(weeks=weeks)).replace(hour=0, minute=0)
        rows += generated_rows(next(r for r in rows if r["Opportunity ID"]), start, now, rng)
        fs = gone_and_dismissed(fates(rows, self.cfg.roster, now, rng), start, now)
        fs = progressed(fs, rows, start, now)
        closed = {f.opportunity: f.closed for f in fs if f.closed}
        gone = {f.opportunity: f.gone for f in fs if f.gone}
        stages = {f.opportunity: f.stages for f in fs if f.stages}
        self.history.progressed = list(stages)
        self.history.gone = [f.opportunity for f in fs if f.gone]
        self.history.dismissed = [f.opportunity for f in fs if f.dismissed]
        self.history.arrived = sum(1 for f in fs if f.entered >= start)
        queue = [(at, n, kind, f) for at, n, kind, f in _events(fs, self.cfg, start) if at < now]
        queue += [(t, 10**6, "tick", None) for t in ticks(start, now)]
        heapq.heapify(queue)
        while queue:
            at, n, kind, item = heapq.heappop(queue)
            self.set_clock(at)
            if kind == "tick":
                export.write_text(export_at(rows, closed, at, gone, stages), encoding="utf-8")
                self._bots(at)
            elif not self._act(at, kind, item):
                later = [t for t, _, k, _ in queue if k == "tick" and t > at]
                if later:  # not on the board yet: done right after the next mirror run
                    heapq.heappush(queue, (min(later) + timedelta(minutes=10), n, kind, item))
        export.write_text(export_at(rows, closed, now, gone, stages), encoding="utf-8")
        self.history.closed = sum(1 for t in closed.values() if t < now)
        return self.history

    def _bots(self, at: datetime) -> None:
        monday_morning = at.weekday() == 0 and at.hour == TICKS_UTC[0]
        names = ["mirror", "forms", "slo", "suggest"] + (["digest"] if monday_morning else [])
        watched = Watched(self.out)
        code = app.execute(str(self.checkout / "sa-triage.yml"), app.select_jobs(names), env=self.env,
                           out=watched, now=at.isoformat())
        self.history.proven_notes += watched.proven
        self.history.runs += 1
        self.history.failed_runs += code not in (0, 1)  # 1: the sample export's bad rows, expected

    def _act(self, at: datetime, kind: str, item: Any) -> bool:
        """Do one person's step; False when its issue is not on the board yet."""
        if kind in ("onsite", "approve", "pto"):
            self._forms(at, kind, item)
            return True
        f: Fate = item
        issue = self.team.find(f.opportunity)
        if issue is None:
            return False
        assert f.sa is not None
        if kind == "triage":
            user = self.sandbox.store.user_by_username(f.sa)
            target = "triage::in-review" if f.review_first else "triage::assigned"
            self.team.update(f.sa, issue["iid"], assignee_ids=[user["id"]], add_labels=target,
                             remove_labels="triage::new")
            self.history.triaged += 1
            self.history.late += (at - f.entered) > timedelta(hours=30)
        elif kind == "dismiss":
            self.team.update(f.sa, issue["iid"], state_event="close")
        elif kind == "engage":
            self.team.update(f.sa, issue["iid"], add_labels="triage::engaged",
                             remove_labels="triage::in-review,triage::assigned")
        else:
            self.team.update(f.sa, issue["iid"], add_labels="follow-up-documented")
        return True

    def _forms(self, at: datetime, kind: str, item: Any) -> None:
        project = self.team.project
        if kind == "onsite":
            sa, ae = item
            answers = _on_site_answers(sa, ae, at.date())
            made = self.sandbox.add_issue(project, "On-site: Fernhill Games architecture workshop",
                                          author=sa.username, labels=[ON_SITE_REQUEST.label],
                                          description=fill_template(ON_SITE_REQUEST, answers))
            self.onsite_iid = made["iid"]
        elif kind == "approve" and self.onsite_iid is not None:
            region = self.cfg.regions["EMEA"]
            for who in (*region.managers[:1], *region.area_sales_managers[:1]):
                self.team.approve(who, self.onsite_iid)
                self.history.approvals += 1
        elif kind == "pto":
            cover = next(p for p in self.cfg.roster if p.role == "sa" and p.region == item.region
                         and p.username != item.username)
            first = at.date() + timedelta(days=(7 - at.weekday()) % 7 or 7)
            answers = {"dates": f"{first.isoformat()} to {(first + timedelta(days=4)).isoformat()}",
                       "coverage": f"@{cover.username}", "active_customers": "None", "announced": "ticked"}
            text = fill_template(PTO_COVERAGE, answers)
            self.sandbox.add_issue(project, f"PTO: {item.name}", author=item.username,
                                   labels=[PTO_COVERAGE.label], description=text)


def simulate(sandbox: Any, cfg: Config, *, url: str, project: str, token_of: TokenOf, checkout: Path,
             env: Mapping[str, str], set_clock: Callable[[datetime], None], now: datetime,
             out: Output, weeks: int = WEEKS) -> History:
    """Play `weeks` weeks before `now` (bots' output to `out`); the export in `checkout` ends as of `now`."""
    team = Team(url, project, token_of, sandbox)
    return Simulation(sandbox, cfg, team, checkout, env, set_clock, out).run(now, weeks)

