"""State round trips, the admin routes and `serve()` / `python -m gitlab_sandbox serve`."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import gitlab
import requests

from gitlab_sandbox import Sandbox

from .conftest import BOT_TOKEN, PROJECT, build, client

ROOT = Path(__file__).resolve().parents[2]


def _populate(sb: Sandbox) -> None:
    project = client(sb).projects.get(PROJECT)
    issue = project.issues.create({"title": "t", "labels": ["a"], "description": "d"})
    issue.notes.create({"body": "note"})
    issue.awardemojis.create({"name": "thumbsup"})
    board = project.boards.create({"name": "b"})
    board.lists.create({"label_id": project.labels.get("a").id})
    schedule = project.pipelineschedules.create({"description": "s", "ref": "main",
                                                 "cron": "@daily"})
    schedule.variables.create({"key": "K", "value": "v"})
    project.files.create({"file_path": "x/y.md", "branch": "main", "content": "z",
                          "commit_message": "m"})


def test_dump_load_round_trip(sb: Sandbox, tmp_path: Path) -> None:
    _populate(sb)
    dumped = sb.dump()
    assert json.loads(json.dumps(dumped)) == dumped
    copy = Sandbox()
    copy.load(dumped)
    assert copy.dump() == dumped
    sb.save(tmp_path / "state.json")
    loaded = Sandbox.from_file(tmp_path / "state.json")
    assert loaded.dump() == dumped
    loaded.start()
    try:
        project = client(loaded).projects.get(PROJECT)
        issue = project.issues.get(1)
        assert (issue.labels, issue.user_notes_count, issue.upvotes) == (["a"], 1, 1)
        assert issue.web_url.startswith(loaded.url or "?")
        next_issue = project.issues.create({"title": "after load"})
        assert next_issue.iid == 2 and next_issue.id == 2
        assert project.files.raw("x/y.md", ref="main") == b"z"
    finally:
        loaded.stop()


def test_admin_routes(sb: Sandbox) -> None:
    base = f"{sb.url}/-/sandbox"
    assert requests.post(f"{base}/clock", json={"now": "2024-01-02T03:04:05Z"},
                         timeout=5).json() == {"now": "2024-01-02T03:04:05.000Z"}
    issue = client(sb).projects.get(PROJECT).issues.create({"title": "t"})
    assert issue.created_at == "2024-01-02T03:04:05.000Z"
    requests.post(f"{base}/clock", json={"advance_seconds": 60}, timeout=5)
    assert sb.now_iso() == "2024-01-02T03:05:05.000Z"
    requests.post(f"{base}/clock", json={"now": None}, timeout=5)
    assert sb.now().year >= 2025
    log = requests.get(f"{base}/log", timeout=5).json()
    assert (log["reads"], log["writes"]) == (1, 1)
    assert log["by_route"] == {"GET /projects/:id": 1, "POST /projects/:id/issues": 1}
    last = log["entries"][-1]
    assert isinstance(last.pop("at"), float)  # when it arrived (time.monotonic())
    assert last == {"method": "POST", "route": "/projects/:id/issues",
                    "path": "/api/v4/projects/1/issues", "status": 201, "user": "sa-triage-bot"}
    requests.post(f"{base}/log/reset", timeout=5)
    assert requests.get(f"{base}/log", timeout=5).json()["writes"] == 0
    state = requests.get(f"{base}/state", timeout=5).json()
    assert state["projects"][0]["issues"][0]["title"] == "t"
    answer = requests.post(f"{base}/faults", json={"fail_next": [503]}, timeout=5).json()
    assert answer["faults"]["fail_next"][0]["status"] == 503
    response = requests.get(f"{sb.url}/api/v4/user", headers={"PRIVATE-TOKEN": BOT_TOKEN},
                            timeout=5)
    assert response.status_code == 503
    bad = requests.post(f"{base}/faults", json={"nonsense": 1}, timeout=5)
    assert bad.status_code == 400


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_until_sigterm_and_saves_state(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    build().save(state)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gitlab_sandbox", "serve", "--port", str(port), "--state", str(state)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{url}/-/sandbox/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        gl = gitlab.Gitlab(url, private_token=BOT_TOKEN)
        gl.projects.get(PROJECT).issues.create({"title": "served"})
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert f"listening on {url}" in out
    saved = json.loads(state.read_text())
    assert [i["title"] for i in saved["projects"][0]["issues"]] == ["served"]
