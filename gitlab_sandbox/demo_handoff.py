"""Demo data for the handoff bot: one request passed from one SA to another, as people do it."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from bots.config import Config

STEP = "run every bot (a request was just handed over from one SA to another)"


def hand_over_one(sandbox: Any, cfg: Config, project: str, url: str, token_of: Any) -> tuple[str, int | None]:
    """The region's manager assigns the first request to one SA, then to another (GitLab writes the
    assignment system notes the handoff bot trusts). Returns what happened, for the demo's output,
    and the issue."""
    issues = [i for i in sandbox.issues(project) if "sa-request" in i["labels"] and not i["assignees"]]
    for issue in issues:
        region = next((x.split("::", 1)[1] for x in issue["labels"] if x.startswith("region::")), "")
        sas = [p for p in cfg.roster if p.role == "sa" and p.region == region]
        manager = next((p for p in cfg.roster if p.role == "manager" and p.region == region), None)
        if len(sas) >= 2 and manager is not None:
            break
    else:
        return "(no request with two SAs of its region to hand over)", None
    for sa in sas[:2]:
        _assign(url, project, issue["iid"], sandbox.store.user_by_username(sa.username)["id"],
                token_of(manager.username))
    return (f"@{manager.username} assigned #{issue['iid']} to @{sas[0].username}, then to @{sas[1].username}",
            int(issue["iid"]))


def checklist_lines(sandbox: Any, project: str, iid: int | None, bot: str) -> list[str]:
    """The handoff bot's checklist on `iid`, as the demo shows it: who it addresses and its tasks."""
    found = [n["body"] for n in sandbox.notes(project, iid) if n["author"]["username"] == bot
             and n["body"].startswith("<!-- sa-triage:handoff ")] if iid is not None else []
    if not found:
        return ["(no handoff checklist was posted)"]
    lines = found[0].splitlines()
    title = next((x.strip("* ") for x in lines if x.startswith("**")), "SA handoff")
    tasks = [x[len("- [ ] "):] for x in lines if x.startswith(("- [ ] ", "- [x] "))]
    return [f"the handoff bot posted on #{iid}: {title}, {len(tasks)} boxes to tick:",
            "  " + "; ".join(t if len(t) <= 40 else t[:39] + "…" for t in tasks)]


def _assign(url: str, project: str, iid: int, user_id: int, token: str) -> None:
    path = f"{url}/api/v4/projects/{project.replace('/', '%2F')}/issues/{iid}"
    request = urllib.request.Request(path, data=json.dumps({"assignee_ids": [user_id]}).encode(),
                                     method="PUT", headers={"PRIVATE-TOKEN": token,
                                                            "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
