"""SLO test helpers: mirrored issues made by the real mirror, and a small in-memory GitLab that applies
plans the way the gateway does (notes re-checked by marker; labels added and removed; descriptions set)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bots import actions as a
from bots import markers
from bots.mirror.request_plan import plan_request
from bots.model import Issue, Note
from bots.slo.common import RuleEnv
from bots.slo.engine import IssuePlan, plan_issue, plan_reading
from bots.slo.facts import Facts, from_issue
from bots.slo.model import Check
from bots.slo.settings import SloSettings, slo_settings
from bots.sources.request import SARequest
from tests.factories import BOT, KEY, NOW, ROOT, config, context, request

# shared/ sits beside the checkout on developer machines and in CI; a bare clone has none.
HANDBOOK = ROOT.parent / "shared" / "handbook"
EXCERPTS = ROOT / "tests" / "fixtures" / "handbook" / "excerpts.md"  # what the tests need, for a bare clone
ZONES = {"AMER": "America/New_York", "EMEA": "Europe/London"}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def local(region: str, *parts: int) -> datetime:
    """A wall-clock time in the region's zone, as an aware UTC instant."""
    return datetime(*parts, tzinfo=ZoneInfo(ZONES[region])).astimezone(UTC)  # type: ignore[misc]


def fmt(region: str, at: datetime | None) -> str | None:
    return None if at is None else config().regions[region].calendar.format_local(at)


PAGES = ROOT / "tests" / "fixtures" / "handbook" / "pages"  # the two pages, copied whole


def handbook_text(name: str) -> str:
    """One handbook page: the shared copy where it is on this machine, else its copy in tests/fixtures
    (`tests/test_handbook_copy.py` keeps the two the same)."""
    path = HANDBOOK / name
    return (path if path.exists() else PAGES / name).read_text(encoding="utf-8")


def handbook_excerpts() -> dict[str, list[str]]:
    """The passages the SLOs quote, copied verbatim into tests/fixtures: handbook page -> its passages."""
    out: dict[str, list[str]] = {}
    page: list[str] | None = None
    for line in EXCERPTS.read_text().splitlines():
        if line.startswith("## "):
            page = out.setdefault(line[3:].strip(), [])
        elif page is not None and line.strip():
            page.append(line.strip())
    return out


def env() -> RuleEnv:
    return RuleEnv.of(config(), BOT, KEY)


def mirrored(req: SARequest | None = None, iid: int = 1, **issue_fields: Any) -> Issue:
    """The issue the mirror creates for `req` (labels as GitLab returns them), with `issue_fields` set."""
    req = req or request()
    (create,) = plan_request(req, None, context())
    assert isinstance(create, a.CreateIssue)
    base: dict[str, Any] = dict(iid=iid, title=create.title, description=create.description,
                                labels=tuple(sorted(create.labels)), state="opened", author=BOT,
                                assignees=(), created_at=NOW, updated_at=NOW)
    base.update(issue_fields)
    return Issue(**base)


def facts(issue: Issue, notes: tuple[Note, ...] | None = None, settings: SloSettings | None = None) -> Facts:
    f = from_issue(issue, config(), settings or slo_settings(config()), KEY, BOT)
    assert f is not None
    return f if notes is None else f.with_notes(notes)


def checks_at(issue: Issue, now: datetime, notes: tuple[Note, ...] | None = (),
              settings: SloSettings | None = None) -> dict[str, Check]:
    """Every level's check for `issue` at `now` (notes: () means read and empty; None means not read)."""
    s = settings or slo_settings(config())
    plan = plan_issue(facts(issue, notes, s), s, env(), now)
    return {c.level.key: c for c in plan.checks}


def system(id_: int, body: str, at: datetime, author: str = "anna.schmidt") -> Note:
    return Note(id_, author, body, at, at, system=True)


def comment(id_: int, body: str, at: datetime, author: str) -> Note:
    return Note(id_, author, body, at, at)


@dataclass
class FakeGitLab:
    """One issue and its notes; applies actions like the gateway and counts writes and posts."""

    issue: Issue
    notes: list[Note] = field(default_factory=list)
    writes: int = 0
    posts: int = 0  # SLO notes posted (edits are not posts)
    reads: int = 0
    crash_after: int | None = None  # stop applying after this many actions (a run that dies)

    def note_tuple(self) -> tuple[Note, ...]:
        return tuple(self.notes)

    def bot_notes(self) -> dict[str, Note]:
        """The SLO bot's notes by marker line."""
        return {n.body.split("\n", 1)[0]: n for n in self.notes
                if n.author == BOT and not n.system and n.body.startswith("<!-- sa-triage:slo ")}

    def salesforce(self, req: SARequest, now: datetime) -> None:
        """Salesforce changed: apply what the real mirror plans for this issue (block, labels, notes)."""
        for action in plan_request(req, self.issue, context(now)):
            self.apply(action, now)

    def plan(self, now: datetime) -> IssuePlan:
        """As the job plans: the rules evaluated once, and again with the notes only when they are needed."""
        plan = plan_reading(facts(self.issue), slo_settings(config()), env(), now, self.note_tuple)
        self.reads += plan.with_notes
        return plan

    def run(self, now: datetime) -> IssuePlan:
        plan = self.plan(now)
        for i, action in enumerate(plan.actions):
            if self.crash_after is not None and i >= self.crash_after:
                break
            self.apply(action, now)
        return plan

    def apply(self, action: a.Action, now: datetime) -> None:
        if isinstance(action, a.UpsertNote):
            current = markers.find_note(self.notes, action.marker, BOT)
            if current is None:
                self.notes.append(Note(len(self.notes) + 1000, BOT, action.body, now, now))
                self.writes += 1
                self.posts += action.marker.startswith("<!-- sa-triage:slo ")
            elif current.body.strip() != action.body.strip():
                self.notes[self.notes.index(current)] = replace(current, body=action.body, updated_at=now)
                self.writes += 1
        elif isinstance(action, a.UpdateIssue):
            labels = [x for x in self.issue.labels if x not in action.remove_labels]
            labels += [x for x in action.add_labels if x not in labels]
            self.issue = replace(self.issue, labels=tuple(sorted(labels)),
                                 description=action.edit.apply(self.issue.description) if action.edit
                                 else self.issue.description)
            self.writes += 1
        else:  # pragma: no cover - the SLO engine plans nothing else
            raise AssertionError(action)
        self.touch(now)

    def touch(self, at: datetime | None = None) -> None:
        """As GitLab does on every change of the issue or of a note of it: `updated_at` moves (GitLab's
        Note `after_save :touch_noteable`); `user_notes_count` counts the notes that are not system notes."""
        later = self.issue.updated_at + timedelta(milliseconds=1)
        self.issue = replace(self.issue, updated_at=max(at, later) if at else later,
                             user_notes_count=sum(not n.system for n in self.notes))

    def assign(self, username: str, at: datetime, by: str = "anna.schmidt") -> None:
        self.issue = replace(self.issue, assignees=(*self.issue.assignees, username))
        self.notes.append(system(len(self.notes) + 1, f"assigned to @{username}", at, by))
        self.touch(at)

    def comment(self, body: str, at: datetime, author: str) -> None:
        self.notes.append(comment(len(self.notes) + 1, body, at, author))
        self.touch(at)

    def edit_comment(self, note_id: int, body: str, at: datetime) -> None:
        (note,) = [n for n in self.notes if n.id == note_id]
        self.notes[self.notes.index(note)] = replace(note, body=body, updated_at=at)
        self.touch(at)

    def relabel(self, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> None:
        labels = [x for x in self.issue.labels if x not in remove] + list(add)
        self.issue = replace(self.issue, labels=tuple(sorted(set(labels))))
        self.touch()


def context_at(now: datetime) -> Any:
    return context(now)
