"""The gateway's read side: connection, snapshots as plain values (the run lock's label: lock_labels.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import cache
from typing import Any

import gitlab
import requests
from gitlab.v4.objects import Project

from bots.errors import GitLabAccessError, SaTriageError
from bots.gateway.access import TokenAccess, token_access
from bots.gateway.convert import issue_from_json, note_from_json, parse_time
from bots.gateway.fresh import FreshIssues
from bots.gateway.lock_labels import LockLabels
from bots.gateway.session import PacedSession, RequestCounter
from bots.markers import compact, find_issue_key
from bots.model import Award, Board, BoardList, Issue, Label, Note, Schedule, User
from bots.pacing import WritePacer


class GatewayReads(LockLabels):
    """Connection, request counting and reads of one project (the write side is in writes.py)."""

    def __init__(self, url: str, token: str, project: str, *, timeout: float = 30.0,
                 pacer: WritePacer | None = None, sleep: Any = time.sleep,
                 read_only: bool = False) -> None:
        self._sleep = sleep
        self.url = url.rstrip("/")
        self.counter = RequestCounter()
        self.pacer = pacer or WritePacer()
        session = PacedSession(self.pacer, read_only)
        session.hooks["response"].append(self.counter.hook)
        self._gl = gitlab.Gitlab(self.url, private_token=token, timeout=timeout, per_page=100,
                                 retry_transient_errors=True, session=session,
                                 user_agent="sa-triage")
        self._project_ref = project
        self._project: Project | None = None
        self.bot: User | None = None
        self.last_apply_writes = 0
        self._max_iid_seen = 0
        self._created_keys: dict[str, int] | None = None
        self._touched: list[dict[str, Any]] = []
        self.boilerplate: tuple[str, ...] = ()  # bot text outside its blocks, left out of snapshots
        # This run holds the run lock: no other run writes, so notes read from now on stay as read
        # but for this run's own writes (`_known_notes`, the re-check before a note write).
        self.exclusive = False
        self._known_notes: dict[int, tuple[Note, ...]] = {}
        # Under the lock, a plan's issues are read again in batches before their writes (fresh.py);
        # the key checks the ledger's notes-recheck record (bots.notes_recheck).
        self.fresh = FreshIssues(self._list_iids)
        self.state_key = b""
        self.notes_rechecked: set[int] = set()  # proven-absent notes posted only after a notes read
        self._recheck_memo: tuple[Any, Any] | None = None  # (the ledger as read, its record)

    # -- connection -------------------------------------------------------------------------

    def connect(self, project_id: int | None = None) -> User:
        """Authenticate and open the project; every failure becomes one clear line.

        With `project_id` (a CI job's own CI_PROJECT_ID, never a webhook's word), the project is
        opened without reading it: a one-issue run spends no request on it, and its first read of
        an issue answers 404 if the token cannot see the project."""
        try:
            self._gl.auth()
            user = self._gl.user
            assert user is not None
            self.bot = User(user.id, user.username, user.name)
            self._project = (self._gl.projects.get(project_id, lazy=True) if project_id is not None
                             else self._gl.projects.get(self._project_ref))
        except gitlab.GitlabAuthenticationError:
            raise GitLabAccessError(
                f"GitLab at {self.url} rejected the token (401 Unauthorized): check GITLAB_TOKEN "
                "(a project access token with the api scope and the Maintainer role)") from None
        except gitlab.GitlabGetError as e:
            if e.response_code == 404:
                raise GitLabAccessError(
                    f"project {self._project_ref!r} not found at {self.url}, or the token cannot "
                    "see it") from None
            raise GitLabAccessError(f"GitLab at {self.url} answered {e.response_code}") from None
        except (requests.ConnectionError, requests.Timeout):
            raise GitLabAccessError(f"cannot reach GitLab at {self.url}") from None
        return self.bot

    def verify_project(self) -> None:
        """Read the project (when it was opened without a read): a clear error if the token cannot see it."""
        ref = self.project.encoded_id or self._project_ref
        try:
            self._project = self._gl.projects.get(ref)
        except gitlab.GitlabGetError as e:
            if e.response_code in (403, 404):
                raise GitLabAccessError(
                    f"project {self._project_ref!r} (id {ref}) not found at {self.url}, or the token "
                    f"cannot see it ({e.response_code})") from None
            raise

    @property
    def project_name(self) -> str:
        """The project's path (as configured when it was opened without a read)."""
        return str(self.project.attributes.get("path_with_namespace") or self._project_ref)

    @property
    def project(self) -> Project:
        if self._project is None:
            raise RuntimeError("Gateway.connect() must run first")
        return self._project

    def token_access(self) -> TokenAccess:
        """The token's scopes and its user's role on the project (for `validate --online`)."""
        assert self.bot is not None, "Gateway.connect() must run first"
        return token_access(self._gl, self.project, self.bot.id)

    @property
    def bot_username(self) -> str:
        return self.bot.username if self.bot else ""

    # -- reads ------------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        return [Label(x.name, x.color.upper(), x.description or "", x.id)
                for x in self.project.labels.list(iterator=True)]

    def boards(self) -> list[Board]:
        boards = []
        for b in self.project.boards.list(iterator=True):
            raw: list[dict[str, Any]] = b.attributes.get("lists") or []
            lists = tuple(BoardList(x["id"], x["label"]["name"], x["position"])
                          for x in raw if x.get("label"))
            boards.append(Board(b.id, b.name, lists))
        return boards

    def issues(self, **filters: Any) -> Iterator[Issue]:
        """Every matching issue, page after page (server-side filters, no N+1), as lean records.

        Plain JSON pages (`http_list`), not python-gitlab objects: a board of 20,000 issues would
        otherwise build 20,000 objects with their sub-managers only to copy their attributes.
        """
        path = f"/projects/{self.project.encoded_id}/issues"
        for x in self._gl.http_list(path, query_data={"per_page": 100, **filters}, iterator=True):
            issue = self.lean_issue(x)
            self._max_iid_seen = max(self._max_iid_seen, issue.iid)
            yield issue

    def _list_iids(self, iids: list[int]) -> Iterator[dict[str, Any]]:
        path = f"/projects/{self.project.encoded_id}/issues"
        query = {"iids[]": iids, "state": "all", "per_page": 100}
        yield from self._gl.http_list(path, query_data=query, iterator=True)

    def issue(self, iid: int) -> Issue | None:
        """One issue by iid (one request), or None when the project has none the token can see."""
        try:
            raw = self._gl.http_get(f"/projects/{self.project.encoded_id}/issues/{int(iid)}")
        except gitlab.GitlabHttpError as e:
            if e.response_code == 404:
                return None
            raise
        assert isinstance(raw, dict)
        return self.lean_issue(raw)

    def count_issues(self, **filters: Any) -> int | None:
        """How many issues match (GitLab's `X-Total`, one request), or None when GitLab does not say."""
        path = f"/projects/{self.project.encoded_id}/issues"
        query = {"per_page": 1, "order_by": "created_at", "sort": "desc", **filters}
        found = self._gl.http_list(path, query_data=query, iterator=True)
        if not isinstance(found, gitlab.GitlabList):
            return None
        # The newest of them bounds the check for issues a concurrent run created (see
        # _bot_issue_keys_since): closed history is not listed, so it would start below it.
        for x in found:
            self._max_iid_seen = max(self._max_iid_seen, int(x["iid"]))
            break
        return found.total

    def lean_issue(self, x: dict[str, Any]) -> Issue:
        """An issue as the bots see it: the bot's own block compacted to its hidden records."""
        author = (x.get("author") or {}).get("username", "")
        if author != self.bot_username:
            return issue_from_json(x)
        return issue_from_json(x, compact(x.get("description") or "", self.boilerplate))

    def take_touched(self) -> list[Issue]:
        """The issues as GitLab answered the writes since the last call (for the run's snapshot)."""
        out, self._touched = [self.lean_issue(x) for x in self._touched], []
        return out

    def _bot_issue_keys_since(self, iid: int) -> dict[str, int]:
        """Source keys of open bot issues newer than `iid`: what a concurrent run created after our
        snapshot. Not a closed one: a person closed it (the bot's ledger issue, the newest of the bot's
        issues), and a planner that makes its key again wants a new one."""
        keys: dict[str, int] = {}
        for x in self.project.issues.list(iterator=True, author_username=self.bot_username,
                                          order_by="created_at", sort="desc", state="all"):
            issue = issue_from_json(x.attributes)
            if issue.iid <= iid:
                break
            key = find_issue_key(issue, self.bot_username) if issue.is_open else None
            if key:
                keys.setdefault(key, issue.iid)
        return keys

    def notes(self, iid: int) -> tuple[Note, ...]:
        """The issue's notes, for a plan. Under the run lock they are read once per run: kept for the
        re-check before a note write, and for a later bot's plan, with this run's own writes since."""
        known = self._known_notes.get(iid)  # only ever filled under the lock
        if known is not None:
            return known
        notes = self._read_notes(iid)
        if self.exclusive:
            self._known_notes[iid] = notes
        return notes

    def _read_notes(self, iid: int) -> tuple[Note, ...]:
        manager = self.project.issues.get(iid, lazy=True).notes
        return tuple(note_from_json(n.attributes)
                     for n in manager.list(iterator=True, sort="asc", order_by="created_at"))

    def hold_exclusive(self, held: bool) -> None:
        """The run took (True) or released (False) the run lock."""
        self.exclusive = held
        self._known_notes.clear()

    def notes_as_known(self, iid: int) -> tuple[Note, ...]:
        """The issue's notes for a write's re-check: under the run lock, as known (read once this run,
        by a plan or a re-check, with this run's own note writes since), else read now. The caller
        writes next: it says what it wrote with `wrote_notes`, or the issue's notes are read again."""
        known = self._known_notes.pop(iid, None)
        return known if known is not None else self._read_notes(iid)

    def wrote_notes(self, iid: int, notes: tuple[Note, ...]) -> None:
        """The issue's notes after this run's write (only kept under the run lock: no other run writes)."""
        if self.exclusive:
            self._known_notes[iid] = notes

    def awards(self, iid: int) -> tuple[Award, ...]:
        manager = self.project.issues.get(iid, lazy=True).awardemojis
        return tuple(Award(x.id, x.name, x.user["username"], parse_time(x.created_at))
                     for x in manager.list(iterator=True))

    def schedules(self) -> list[Schedule]:
        """Pipeline schedules with their variables (the list omits variables: one GET each)."""
        out = []
        for s in self.project.pipelineschedules.list(iterator=True):
            full = self.project.pipelineschedules.get(s.id)
            variables = tuple(sorted((v["key"], v["value"]) for v in full.attributes.get("variables", [])))
            out.append(Schedule(s.id, s.description, s.ref, s.cron, s.cron_timezone, bool(s.active),
                                (s.owner or {}).get("username", ""), variables))
        return out

    def file(self, path: str, ref: str) -> str | None:
        try:
            return self.project.files.get(path, ref=ref).decode().decode("utf-8")
        except gitlab.GitlabGetError as e:
            if e.response_code == 404:
                return None
            raise

    @cache  # noqa: B019 - one gateway per run; usernames do not change within it
    def _user(self, username: str) -> Any:
        found = self._gl.users.list(username=username, get_all=False)
        return found[0] if found else None

    def user_exists(self, username: str) -> bool:
        return self._user(username) is not None

    def user_id(self, username: str) -> int:
        user = self._user(username)
        if user is None:
            raise SaTriageError(f"no GitLab user {username!r}")
        return int(user.id)

    # -- writes -----------------------------------------------------------------------------

    def guarded(self, what: str, fn: Any, *args: Any) -> Any:
        """Call `fn`, turning GitLab and network errors into one located SaTriageError."""
        try:
            return fn(*args)
        except gitlab.GitlabError as e:
            raise SaTriageError(f"{what}: GitLab answered {e.response_code}: {e.error_message}") from None
        except (requests.ConnectionError, requests.Timeout) as e:
            raise SaTriageError(f"{what}: GitLab unreachable ({type(e).__name__})") from None
