"""The mirror's fast path end to end: rows as the mirror last wrote them are neither normalized nor
planned; a changed row, a person's label change or the priority's moment goes the normal way."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest
import requests

from bots import markers
from bots.mirror.fastpath import ROW
from bots.sources import result as result_mod
from gitlab_sandbox.demo import user_token
from tests.e2e.test_mirror_e2e import edit_row, mirrored, writes_by_route

pytestmark = pytest.mark.e2e
PROJECT = "commercial/triage"
GOOD_ROWS = 37  # the sample export's rows that normalize (4 bad ones are reported every run)


@pytest.fixture
def normalized(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records normalized in a run (the fast path normalizes none of its rows)."""
    seen: list[str] = []
    real = result_mod.normalize

    def counting(get, zone=None):  # type: ignore[no-untyped-def]
        seen.append(str(get("opportunity_id")))
        return real(get, zone)

    monkeypatch.setattr(result_mod, "normalize", counting)
    return seen


def settled(env) -> None:
    first = env.run("run", "mirror")
    assert first.code == 1, first.out  # the sample's bad rows
    env.sandbox.log.reset()


def by_account(env, account: str) -> dict:
    return next(i for t, i in mirrored(env).items() if f": {account} — " in t)


def test_an_unchanged_export_is_not_normalized_and_writes_nothing(env, normalized):
    settled(env)
    normalized.clear()
    again = env.run("run", "mirror")
    assert again.code == 1 and "row 8:" in again.out  # bad rows are still reported, every run
    assert env.writes() == 0
    # Only the rows that never became an open issue (bad, withdrawn, closed won) are read in full.
    assert len(normalized) == 4 + 3, normalized
    open_issues = [i for i in mirrored(env).values() if i["state"] == "opened"]
    records = [markers.read_signed_comment(i["description"], ROW, markers.UNVERIFIED_KEY)
               for i in open_issues]
    assert len(open_issues) == 35 and all(r and r["d"] for r in records)


def test_a_changed_row_is_normalized_and_mirrored(env, normalized):
    settled(env)
    normalized.clear()
    edit_row(env, "Cedar Ridge Health", Stage="4-Proposal")
    env.run("run", "mirror")
    assert len(normalized) == 4 + 3 + 1
    assert "stage::4-proposal" in by_account(env, "Cedar Ridge Health")["labels"]
    normalized.clear()
    env.sandbox.log.reset()
    again = env.run("run", "mirror")  # the update wrote a new record: fast again
    assert again.code == 1 and "   0 action(s), 4 failure(s), " in again.out, again.text
    assert len(normalized) == 4 + 3 and env.writes() == 0


def test_a_mirror_label_a_person_removed_comes_back(env, normalized):
    settled(env)
    issue = by_account(env, "Cedar Ridge Health")
    stage = next(x for x in issue["labels"] if x.startswith("stage::"))
    url = f"{env.url}/api/v4/projects/{quote(PROJECT, safe='')}/issues/{issue['iid']}"
    answer = requests.put(url, headers={"PRIVATE-TOKEN": user_token("jordan.lee")},
                          json={"remove_labels": stage}, timeout=10)
    assert answer.status_code == 200 and stage not in answer.json()["labels"]
    normalized.clear()
    env.sandbox.log.reset()
    env.run("run", "mirror")
    assert len(normalized) == 4 + 3 + 1
    assert stage in by_account(env, "Cedar Ridge Health")["labels"]
    routes = writes_by_route(env)
    assert routes["PUT /projects/:id/issues/:issue_iid"] == 1  # the label back, with a fresh record
    assert sum(v for k, v in routes.items() if "/issues" in k) == 1
    normalized.clear()
    env.run("run", "mirror")
    assert len(normalized) == 4 + 3  # restored as the mirror left it: fast again


def test_the_priority_label_changes_at_its_moment(env, normalized):
    settled(env)
    dues = {}
    for issue in mirrored(env).values():
        data = markers.read_signed_comment(issue["description"], ROW, markers.UNVERIFIED_KEY) or {}
        if issue["state"] == "opened" and data.get("due"):
            dues[issue["iid"]] = datetime.fromisoformat(data["due"])
    soonest = min(dues.values())
    due_then = {iid for iid, at in dues.items() if at <= soonest}
    before = {iid: env.sandbox.issue(PROJECT, iid)["labels"] for iid in due_then}
    normalized.clear()
    env.run("run", "mirror", "--now", soonest.isoformat())
    assert len(normalized) == 4 + 3 + len(due_then)
    for iid, labels in before.items():
        priority = {x for x in env.sandbox.issue(PROJECT, iid)["labels"] if x.startswith("priority::")}
        assert priority and priority != {x for x in labels if x.startswith("priority::")}
