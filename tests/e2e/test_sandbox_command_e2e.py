"""`sa-triage-sandbox serve --port N --state FILE` serves GitLab's API and saves its state on exit."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import gitlab
import pytest

from gitlab_sandbox import Sandbox

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sandbox_command_serves_loads_and_saves_state(tmp_path):
    state = tmp_path / "state.json"
    seed = Sandbox()
    seed.add_user("ops", token="glpat-ops")
    seed.add_project("commercial/triage")
    seed.add_member("commercial/triage", "ops", 40)
    seed.save(state)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gitlab_sandbox", "serve", "--port", str(port), "--state",
                             str(state)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ})
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/-/sandbox/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        gl = gitlab.Gitlab(url, private_token="glpat-ops")
        project = gl.projects.get("commercial/triage")
        project.issues.create({"title": "from a test"})
    finally:
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=20)[0]
    assert f"GitLab sandbox on http://127.0.0.1:{port}/api/v4" in output
    saved = json.loads(state.read_text())
    assert "from a test" in json.dumps(saved)
