"""The gateway's write side: one handler per action, re-checking just before each write."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import gitlab
import requests

from bots import actions as a
from bots import notes_recheck
from bots.errors import SaTriageError
from bots.gateway import hooks
from bots.gateway.convert import issue_from_json, note_from_json, parse_time
from bots.gateway.reads import GatewayReads
from bots.markers import find_note
from bots.model import Issue, Note
from bots.pacing import RATE_LIMIT_RETRIES
from bots.webhook import HookState

CREATE_ATTEMPTS = 5
ONCE: dict[str, Any] = {"retry_transient_errors": False, "obey_rate_limit": False}  # _create_once retries


def _transient(e: Exception) -> bool:
    if isinstance(e, requests.ConnectionError | requests.Timeout):
        return True
    code = getattr(e, "response_code", None)
    return isinstance(code, int) and code >= 500


class Gateway(GatewayReads):
    """GitLab I/O for one project: reads (GatewayReads) and applying actions. The only python-gitlab user."""

    def apply(self, action: a.Action) -> str:
        """Carry out one action; return what was done ("skipped: ..." when a re-check finds it done)."""
        handler = getattr(self, f"_apply_{type(action).__name__}")
        writes0 = self.counter.writes
        try:
            result: str = self.guarded(action.describe(), handler, action)
        finally:
            self.last_apply_writes = self.counter.writes - writes0
        return result

    def _apply_CreateLabel(self, x: a.CreateLabel) -> str:
        try:
            self.project.labels.create({"name": x.name, "color": x.color, "description": x.description})
        except gitlab.GitlabCreateError as e:
            if e.response_code != 409:
                raise
            return self._apply_UpdateLabel(a.UpdateLabel(x.name, x.color, x.description))
        return "created"

    def _apply_UpdateLabel(self, x: a.UpdateLabel) -> str:
        self.project.labels.update(x.name, {"color": x.color, "description": x.description})
        return "updated"

    def _apply_CreateBoard(self, x: a.CreateBoard) -> str:
        if any(b.name == x.name for b in self.boards()):
            return "skipped: board exists"
        board = self.project.boards.create({"name": x.name})
        ids = {label.name: label.id for label in self.labels()}
        for name in x.lists:
            board.lists.create({"label_id": ids[name]})
        return "created"

    def _apply_CreateBoardList(self, x: a.CreateBoardList) -> str:
        label_id = next(label.id for label in self.labels() if label.name == x.label)
        self.project.boards.get(x.board_id, lazy=True).lists.create({"label_id": label_id})
        return "created"

    def _apply_MoveBoardList(self, x: a.MoveBoardList) -> str:
        self.project.boards.get(x.board_id, lazy=True).lists.update(x.list_id, {"position": x.position})
        return "moved"

    def _apply_CommitFiles(self, x: a.CommitFiles) -> str:
        self.project.commits.create({
            "branch": x.branch, "commit_message": x.message,
            "actions": [{"action": c.action, "file_path": c.path, "content": c.content}
                        for c in x.changes],
        })
        return "committed"

    def _apply_CreateSchedule(self, x: a.CreateSchedule) -> str:
        s = self.project.pipelineschedules.create({
            "description": x.spec.description, "ref": x.spec.ref, "cron": x.spec.cron,
            "cron_timezone": x.spec.cron_timezone, "active": x.spec.active})
        for key, value in x.spec.variables:
            s.variables.create({"key": key, "value": value})
        return "created"

    def _apply_UpdateSchedule(self, x: a.UpdateSchedule) -> str:
        s = self.project.pipelineschedules.get(x.schedule_id, lazy=True)
        if x.take_ownership:
            s.take_ownership()
        if x.fields:
            self.project.pipelineschedules.update(x.schedule_id, dict(x.fields))
        for key, value, exists in x.set_variables:
            if exists:
                s.variables.update(key, {"value": value})
            else:
                s.variables.create({"key": key, "value": value})
        for key in x.delete_variables:
            s.variables.delete(key)
        return "updated"

    def _apply_DeactivateSchedule(self, x: a.DeactivateSchedule) -> str:
        if x.take_ownership:
            self.project.pipelineschedules.get(x.schedule_id, lazy=True).take_ownership()
        self.project.pipelineschedules.update(x.schedule_id, {"active": False})
        return "deactivated"

    def hook_state(self) -> HookState:
        return hooks.hook_state(self)

    def _apply_CreateTrigger(self, x: a.CreateTrigger) -> str:
        return hooks.create_trigger(self, x)

    def _apply_PutHook(self, x: a.PutHook) -> str:
        return hooks.put_hook(self, x)

    def _apply_CreateIssue(self, x: a.CreateIssue) -> str:
        # Re-check once per run, under the run lock: did a concurrent run create issues after our
        # snapshot? One list request (newest first) answers it for every create that follows.
        if self._created_keys is None:
            self._created_keys = self._bot_issue_keys_since(self._max_iid_seen)
        if x.key in self._created_keys:
            return f"skipped: #{self._created_keys[x.key]} already mirrors {x.key}"
        data = {"title": x.title, "description": x.description, "labels": list(x.labels)}

        def landed() -> int | None:
            seen = self._bot_issue_keys_since(self._max_iid_seen)
            self._created_keys = {**seen, **(self._created_keys or {})}
            return self._created_keys.get(x.key)

        made = self._create_once(
            lambda: self.project.issues.create(data, **ONCE).attributes, landed)
        # The create's answer is the issue; when it was lost and the issue found landed, read it.
        raw: dict[str, Any] | None = made if isinstance(made, dict) else None
        iid = raw["iid"] if raw else int(made)
        self._created_keys[x.key] = iid
        issue = self.project.issues.get(iid, lazy=True)
        for body in x.notes:
            marker = body.split("\n", 1)[0]
            self._create_once(
                lambda b=body: issue.notes.create({"body": b}, **ONCE),
                lambda m=marker: find_note(self._read_notes(iid), m, self.bot_username))
        if x.labels_after_notes:
            raw = self.project.issues.update(iid, {"add_labels": ",".join(x.labels_after_notes)})
        self._touched.append(raw or self.project.issues.get(iid).attributes)
        return f"created #{iid}"

    def _create_once(self, create: Any, landed: Any) -> Any:
        """POST without blind retries: after a transient error, look whether it landed before retrying.

        A 5xx can come after GitLab applied the write; retrying it as is would post a duplicate.
        A 429 comes before: GitLab applied nothing, so it is sent again as is after the pacer's
        backoff (its Retry-After, else a fraction of the limits' window), at most RATE_LIMIT_RETRIES
        times. `create` must pass `retry_transient_errors=False, obey_rate_limit=False`.
        """
        failures = throttled = 0
        waited = 0.0
        while True:
            try:
                return create()
            except (gitlab.GitlabError, requests.ConnectionError, requests.Timeout) as e:
                if getattr(e, "response_code", None) == 429:
                    throttled += 1
                    if throttled > RATE_LIMIT_RETRIES:
                        raise SaTriageError(
                            f"GitLab answered 429 (too many requests) {throttled} times over "
                            f"{waited:.0f} s of backoff; not applied (the next run does it)") from None
                    waited += self.pacer.wait_after_429(throttled)
                    continue
                failures += 1
                if not _transient(e) or failures == CREATE_ATTEMPTS:
                    raise
            self._sleep(min(0.5 * 2 ** (failures - 1), 8.0))
            found = landed()
            if found:
                return found

    def _apply_UpdateIssue(self, x: a.UpdateIssue) -> str:
        data: dict[str, Any] = {}
        if x.add_labels:
            data["add_labels"] = ",".join(x.add_labels)
        if x.remove_labels:
            data["remove_labels"] = ",".join(x.remove_labels)
        for name in ("title", "state_event"):
            if getattr(x, name) is not None:
                data[name] = getattr(x, name)
        if x.edit is not None:
            # Re-read just before the write (with the plan's next issues, under the lock): the edit
            # lands on the description as it is now, and nothing is written when it is already there.
            raw = self.fresh.get(x.iid) if self.exclusive else None
            if raw is None:
                raw = self.project.issues.get(x.iid).attributes
            current = raw.get("description") or ""
            edited = x.edit.apply(current)
            if edited != current:
                data["description"] = edited
        if x.assignees is not None:
            data["assignee_ids"] = [self.user_id(u) for u in x.assignees]
        self.fresh.wrote(x.iid)
        if not data:
            return "skipped: description already up to date"
        self._touched.append(self.project.issues.update(x.iid, data))
        return "updated"

    def _apply_UpsertNote(self, x: a.UpsertNote) -> str:
        issue = self.project.issues.get(x.iid, lazy=True)
        if x.proven_absent and self.exclusive and x.iid not in self._known_notes:
            if self._proof_holds(x):
                self._create_once(
                    lambda: issue.notes.create({"body": x.body}, **ONCE),
                    lambda: find_note(self._read_notes(x.iid), x.marker, self.bot_username))
                return "posted (new by the issue's record: its notes not read)"
            self.notes_rechecked.add(x.iid)
        # Re-check: an overlapping run may have posted or edited the same marked note meanwhile (not
        # if this run read them while holding the run lock: no other run has written since, so one
        # read serves every note this run writes on the issue).
        notes = self.notes_as_known(x.iid)
        current = find_note(notes, x.marker, self.bot_username)
        if current is None:
            made = self._create_once(
                lambda: issue.notes.create({"body": x.body}, **ONCE),
                lambda: find_note(self._read_notes(x.iid), x.marker, self.bot_username))
            if not isinstance(made, Note):  # GitLab's answer names the note; a lost one: read again
                note = note_from_json(made.attributes)
                self.wrote_notes(x.iid, (*notes, replace(note, author=self.bot_username, body=x.body)))
            return "posted"
        if current.body.strip() == x.body.strip():
            self.wrote_notes(x.iid, notes)
            return "skipped: note already up to date"
        issue.notes.update(current.id, {"body": x.body})
        self.wrote_notes(x.iid, tuple(replace(n, body=x.body) if n.id == current.id else n for n in notes))
        return "edited"

    # -- proofs from the bot's own records (bots.notes_recheck) ------------------------------

    def begin_plan(self, plan: tuple[a.Action, ...], ledger_iid: int | None) -> None:
        """Under the run lock: the issues the plan's writes read again (in batches, with the ledger)."""
        self.fresh.expect((x.iid for x in plan
                           if (isinstance(x, a.UpdateIssue) and x.edit is not None)
                           or (isinstance(x, a.UpsertNote) and x.proven_absent)), ledger_iid)

    def recheck_seen(self) -> notes_recheck.Recheck | None:
        """The ledger's notes-recheck record as read under the lock this run; None: not read."""
        if not self.fresh.ledger_read:
            return None
        raw = self.fresh.ledger
        if self._recheck_memo is None or self._recheck_memo[0] is not raw:
            self._recheck_memo = (raw, self.recheck_of(issue_from_json(raw) if raw else None))
        return self._recheck_memo[1]

    def recheck_of(self, ledger: Issue | None) -> notes_recheck.Recheck:
        """A ledger issue that is gone, closed or not the bot's vouches for nothing."""
        if ledger is None or not ledger.is_open or ledger.author != self.bot_username:
            return notes_recheck.EVERY
        return notes_recheck.read(ledger.description, self.state_key)

    def _proof_holds(self, x: a.UpsertNote) -> bool:
        """The issue is as the planner saw it, and no earlier run left it half-written."""
        raw = self.fresh.get(x.iid)
        if raw is None or self.fresh.ledger_iid is None:
            return False
        if parse_time(raw.get("updated_at")) != parse_time(x.seen):
            return False  # written since the plan's snapshot (by another run, or a person)
        seen = self.recheck_seen()
        return seen is not None and not seen.covers(x.iid)
