"""Project webhooks and pipeline triggers: events fired as GitLab sends them, pipelines recorded.

A webhook whose URL is this sandbox's own trigger endpoint (`.../projects/:id/ref/:ref/trigger/
pipeline?token=...`, what `sa-triage setup` declares) is delivered in-process: a valid token records a
pipeline (source `trigger`, the body as `TRIGGER_PAYLOAD`), a bad one is recorded as a failed
delivery (GitLab's hook log). Any other URL is only recorded: the sandbox sends no traffic out.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from .core import Core
    from .store import ProjectData

# The event kind → the hook flags that select it (plain, and for confidential issues).
FLAGS = {"issue": ("issues_events", "confidential_issues_events"),
         "note": ("note_events", "confidential_note_events"),
         "emoji": ("emoji_events", "emoji_events")}
_TRIGGER_PATH = re.compile(r"/api/v4/projects/([^/]+)/ref/([^/]+)/trigger/pipeline$")


def _user(core: Core, user_id: int) -> dict[str, Any]:
    user = core.store.users.get(user_id) or {}
    return {"id": user_id, "username": user.get("username", ""), "name": user.get("name", "")}


def payload(core: Core, project: ProjectData, kind: str, user: dict[str, Any],
            issue: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A webhook body of `kind` for `issue`, shaped as GitLab's (the fields a consumer reads)."""
    about = {"id": issue["id"], "iid": issue["iid"], "title": issue["title"],
             "state": issue["state"], "confidential": issue["confidential"],
             "updated_at": issue["updated_at"], "project_id": project.id}
    confidential = bool(issue["confidential"])
    body: dict[str, Any] = {
        "object_kind": kind, "user": _user(core, user["id"]),
        "project": {"id": project.id, "path_with_namespace": project.path}}
    if kind == "issue":
        body["event_type"] = "confidential_issue" if confidential else "issue"
        body["object_attributes"] = {**about, **(extra or {})}
    else:
        body["event_type"] = ("confidential_note" if confidential else "note") if kind == "note" \
            else "award"
        body["object_attributes"] = {**(extra or {}), "project_id": project.id}
        body["issue"] = about
    return body


def fire(core: Core, project: ProjectData, kind: str, user: dict[str, Any], issue: dict[str, Any],
         extra: dict[str, Any] | None = None) -> None:
    """Send `kind` for `issue` to every hook of the project that selects it."""
    hooks = project.record.get("hooks") or []
    if not hooks:
        return
    flag = FLAGS[kind][1 if issue["confidential"] else 0]
    body = None
    for hook in hooks:
        if not hook.get(flag):
            continue
        body = body or payload(core, project, kind, user, issue, extra)
        deliver(core, hook, body)


def deliver(core: Core, hook: dict[str, Any], body: dict[str, Any]) -> None:
    """One delivery: to our own trigger endpoint in-process; any other URL only logged."""
    parts = urlsplit(hook["url"])
    found = _TRIGGER_PATH.search(parts.path)
    target = core.store.project_by_ref(unquote(found[1])) if found else None
    status = 0  # not sent: outside the sandbox
    if found and target is not None:
        token = (parse_qs(parts.query).get("token") or [""])[0]
        status = 201 if trigger(core, target, unquote(found[2]), token, body) else 404
    hook.setdefault("deliveries", []).append(
        {"event": body["object_kind"], "status": status, "at": core.now_iso()})


def trigger(core: Core, project: ProjectData, ref: str, token: str,
            body: dict[str, Any] | str) -> dict[str, Any] | None:
    """Start a pipeline for a valid trigger token (none for a wrong token or an unknown ref)."""
    known = any(t["token"] == token for t in project.record.get("triggers") or [])
    if not known or ref not in project.repo["branches"]:
        return None
    text = body if isinstance(body, str) else json.dumps(body)
    pipeline = {"id": core.store.next_id("pipeline"), "ref": ref, "source": "trigger",
                "status": "created", "created_at": core.now_iso(),
                "variables": {"TRIGGER_PAYLOAD": text}}
    project.record.setdefault("pipelines", []).append(pipeline)
    return pipeline
