"""Gateway against mocked HTTP: the exact requests made, errors turned into clear messages."""

import json

import pytest
import responses
from responses import matchers

from bots import actions as a
from bots import markers
from bots.errors import GitLabAccessError, SaTriageError
from bots.gateway import Gateway
from bots.markers import find_note

URL = "http://gitlab.test"
API = f"{URL}/api/v4"
TOKEN = "glpat-secret-token-123"
PROJECT = f"{API}/projects/commercial%2Ftriage"
BOT = {"id": 1, "username": "bot", "name": "Bot"}


def issue_json(iid, author="bot", description=""):
    return {"id": 100 + iid, "iid": iid, "title": f"t{iid}", "description": description,
            "labels": [], "state": "opened", "author": {"username": author}, "assignees": [],
            "created_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-02T10:00:00Z"}


def note_json(id_, body, author="bot"):
    return {"id": id_, "body": body, "author": {"username": author}, "system": False,
            "created_at": "2026-11-02T10:00:00Z", "updated_at": "2026-11-02T10:00:00Z"}


def connected(rsps):
    rsps.get(f"{API}/user", json=BOT)
    rsps.get(PROJECT, json={"id": 5, "path_with_namespace": "commercial/triage"})
    gw = Gateway(URL, TOKEN, "commercial/triage")
    gw.connect()
    return gw


def test_bad_token_is_one_clear_line_without_the_token(rsps):
    rsps.get(f"{API}/user", status=401, json={"message": "401 Unauthorized"})
    with pytest.raises(GitLabAccessError) as e:
        Gateway(URL, TOKEN, "commercial/triage").connect()
    assert "rejected the token" in str(e.value) and TOKEN not in str(e.value)
    assert rsps.calls[0].request.headers["PRIVATE-TOKEN"] == TOKEN


def test_missing_project_says_so(rsps):
    rsps.get(f"{API}/user", json=BOT)
    rsps.get(PROJECT, status=404, json={"message": "404 Project Not Found"})
    with pytest.raises(GitLabAccessError, match=r"not found .* or the token cannot see it"):
        Gateway(URL, TOKEN, "commercial/triage").connect()


def test_issues_follow_every_page_and_are_counted(rsps):
    gw = connected(rsps)
    nxt = f'<{PROJECT.replace("%2F", "%2F")}/issues?labels=sa-request&page=2&per_page=100>; rel="next"'
    rsps.get(f"{API}/projects/5/issues", json=[issue_json(1), issue_json(2)],
             headers={"Link": nxt.replace("commercial%2Ftriage", "5"), "X-Next-Page": "2"},
             match=[matchers.query_param_matcher({"per_page": "100", "labels": "sa-request"})])
    rsps.get(f"{API}/projects/5/issues", json=[issue_json(3)], headers={"X-Next-Page": ""},
             match=[matchers.query_param_matcher({"page": "2", "per_page": "100", "labels": "sa-request"})])
    iids = [i.iid for i in gw.issues(labels="sa-request")]
    assert iids == [1, 2, 3]
    assert gw.counter.snapshot() == (4, 0)  # user, project, two pages


def test_upsert_note_posts_when_absent(rsps):
    gw = connected(rsps)
    m = markers.note_marker("needs-info")
    rsps.get(f"{API}/projects/5/issues/7/notes", json=[note_json(1, m + "\nforged", "mallory")])
    rsps.post(f"{API}/projects/5/issues/7/notes", json=note_json(2, m + "\nbody"), status=201,
              match=[matchers.json_params_matcher({"body": m + "\nbody"})])
    assert gw.apply(a.UpsertNote(7, m, m + "\nbody")) == "posted"
    assert gw.last_apply_writes == 1


def test_upsert_note_edits_the_bots_note_or_skips_when_equal(rsps):
    gw = connected(rsps)
    m = markers.note_marker("needs-info")
    rsps.get(f"{API}/projects/5/issues/7/notes", json=[note_json(3, m + "\nold")])
    rsps.put(f"{API}/projects/5/issues/7/notes/3", json=note_json(3, m + "\nnew"),
             match=[matchers.json_params_matcher({"body": m + "\nnew"})])
    assert gw.apply(a.UpsertNote(7, m, m + "\nnew")) == "edited"
    rsps.get(f"{API}/projects/5/issues/7/notes", json=[note_json(3, m + "\nnew")])
    assert gw.apply(a.UpsertNote(7, m, m + "\nnew\n")).startswith("skipped")


def test_notes_read_for_a_plan_under_the_run_lock_are_not_read_again_before_the_write(rsps):
    """No other run writes while this one holds the lock: the notes a plan read since are as read, but
    for this run's own writes. Before the lock, or after a write to the issue, the re-check reads."""
    gw = connected(rsps)
    m = markers.note_marker("slo", "triage-breached")
    notes = rsps.get(f"{API}/projects/5/issues/7/notes", json=[note_json(1, "hello", "alex")])
    rsps.post(f"{API}/projects/5/issues/7/notes", json=note_json(2, m + "\nbody"), status=201)
    gw.notes(7)  # read for a plan before the lock was taken: re-checked
    assert gw.apply(a.UpsertNote(7, m, m + "\nbody")) == "posted" and notes.call_count == 2
    gw.hold_exclusive(True)
    gw.notes(7)  # read for a plan under the lock
    assert gw.apply(a.UpsertNote(7, m + "x", m + "x\nbody")) == "posted" and notes.call_count == 3
    # What this run wrote under the lock is known too: no read before its next note on the issue.
    assert gw.apply(a.UpsertNote(7, m + "y", m + "y\nbody")) == "posted" and notes.call_count == 3
    gw.notes(7)  # a later plan under the lock: as known, no read
    assert notes.call_count == 3
    gw.hold_exclusive(False)  # released: what was known is forgotten
    assert gw.apply(a.UpsertNote(7, m + "z", m + "z\nbody")) == "posted" and notes.call_count == 4


def test_under_the_run_lock_one_notes_read_serves_every_note_written_on_the_issue(rsps):
    """A re-check read under the lock, and this run's own posts and edits after it, are what the next
    note's re-check sees: the note just posted is found (edited, not posted twice), without a read."""
    gw = connected(rsps)
    gw.hold_exclusive(True)
    m, info = markers.note_marker("changed", "f1"), markers.note_marker("needs-info")
    notes = rsps.get(f"{API}/projects/5/issues/7/notes", json=[note_json(3, info + "\nold")])
    rsps.post(f"{API}/projects/5/issues/7/notes", json=note_json(4, m + "\nbody"), status=201)
    rsps.put(f"{API}/projects/5/issues/7/notes/3", json=note_json(3, info + "\nnew"))
    edit = rsps.put(f"{API}/projects/5/issues/7/notes/4", json=note_json(4, m + "\nsecond"))
    assert gw.apply(a.UpsertNote(7, m, m + "\nbody")) == "posted"
    assert gw.apply(a.UpsertNote(7, info, info + "\nnew")) == "edited"
    assert gw.apply(a.UpsertNote(7, info, info + "\nnew")).startswith("skipped")
    assert gw.apply(a.UpsertNote(7, m, m + "\nsecond")) == "edited" and edit.call_count == 1
    assert notes.call_count == 1
    assert find_note(gw.notes(7), m, "bot").body == m + "\nsecond"  # a later bot's plan: no read
    assert notes.call_count == 1


def test_a_note_write_that_failed_under_the_run_lock_makes_the_next_re_check_read(rsps):
    """After a refused write, what this run knew of the issue's notes is not trusted: read again."""
    gw = connected(rsps)
    gw.hold_exclusive(True)
    m = markers.note_marker("changed", "f1")
    notes = rsps.get(f"{API}/projects/5/issues/7/notes", json=[])
    rsps.post(f"{API}/projects/5/issues/7/notes", json={"message": "403 Forbidden"}, status=403)
    with pytest.raises(SaTriageError):
        gw.apply(a.UpsertNote(7, m, m + "\nbody"))
    rsps.replace(responses.POST, f"{API}/projects/5/issues/7/notes", json=note_json(4, m + "\nbody"),
                 status=201)
    assert gw.apply(a.UpsertNote(7, m, m + "\nbody")) == "posted" and notes.call_count == 2


NEWEST_BOT_ISSUES = matchers.query_param_matcher({
    "author_username": "bot", "order_by": "created_at", "sort": "desc", "state": "all",
    "per_page": "100"})


def test_create_issue_skips_what_a_concurrent_run_created_after_the_snapshot(rsps):
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", json=[issue_json(3)])
    assert [i.iid for i in gw.issues()] == [3]  # the snapshot: highest iid 3
    def block(key):
        return markers.owned_block(markers.issue_key_marker(key))

    key = markers.issue_key_marker("0061")
    rsps.get(f"{API}/projects/5/issues", match=[NEWEST_BOT_ISSUES], json=[
        issue_json(5, description=block("0061")), issue_json(4, author="mallory", description=block("0062")),
        issue_json(3, description=block("0063"))])
    assert gw.apply(a.CreateIssue("0061", "t", key, ("x",))).startswith("skipped: #5")
    # The check ran once; a second create needs no further read (0063 is older than the snapshot).
    rsps.post(f"{API}/projects/5/issues", status=201, json=issue_json(6))
    assert gw.apply(a.CreateIssue("0063", "t", "d", ())) == "created #6"
    assert gw.counter.snapshot() == (4, 1)


def test_create_issue_sends_labels_in_the_body_then_its_notes(rsps):
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", match=[NEWEST_BOT_ISSUES], json=[])
    rsps.post(f"{API}/projects/5/issues", status=201, json=issue_json(9))
    rsps.post(f"{API}/projects/5/issues/9/notes", status=201, json=note_json(1, "n"))
    assert gw.apply(a.CreateIssue("0061", "t", "d", ("a", "b"), notes=("n",))) == "created #9"
    body = json.loads(rsps.calls[-2].request.body)
    assert body == {"title": "t", "description": "d", "labels": ["a", "b"]}
    assert gw.last_apply_writes == 2


def test_update_issue_sends_only_what_changes(rsps):
    gw = connected(rsps)
    rsps.put(f"{API}/projects/5/issues/3", json=issue_json(3), match=[matchers.json_params_matcher(
        {"add_labels": "region::EMEA", "remove_labels": "region::AMER"})])
    gw.apply(a.UpdateIssue(3, add_labels=("region::EMEA",), remove_labels=("region::AMER",)))


def test_a_failed_write_becomes_a_located_error(rsps):
    from bots.errors import SaTriageError
    gw = connected(rsps)
    rsps.put(f"{API}/projects/5/issues/3", status=403, json={"message": "403 Forbidden"})
    with pytest.raises(SaTriageError, match=r"update #3: \+x: GitLab answered 403"):
        gw.apply(a.UpdateIssue(3, add_labels=("x",)))


def test_assignees_are_sent_as_ids_looked_up_once_per_username(rsps):
    gw = connected(rsps)
    rsps.get(f"{API}/users", json=[{"id": 42, "username": "ann"}],
             match=[matchers.query_param_matcher({"username": "ann", "per_page": "100"})])
    rsps.put(f"{API}/projects/5/issues/3", json=issue_json(3),
             match=[matchers.json_params_matcher({"assignee_ids": [42]})])
    rsps.put(f"{API}/projects/5/issues/4", json=issue_json(4),
             match=[matchers.json_params_matcher({"assignee_ids": [42]})])
    gw.apply(a.UpdateIssue(3, assignees=("ann",)))
    gw.apply(a.UpdateIssue(4, assignees=("ann",)))
    assert gw.counter.snapshot() == (3, 2)  # user, project, one user look-up


def test_a_description_edit_lands_on_the_text_as_gitlab_has_it_just_before_the_write(rsps):
    gw = connected(rsps)
    people = "\n\nSA notes added by a person after the snapshot\n"
    before = markers.owned_block("old") + people
    rsps.get(f"{API}/projects/5/issues/3", json=issue_json(3, description=before))
    wanted = markers.owned_block("new") + people
    rsps.put(f"{API}/projects/5/issues/3", json=issue_json(3, description=wanted),
             match=[matchers.json_params_matcher({"description": wanted, "add_labels": "x"})])
    assert gw.apply(a.UpdateIssue(3, add_labels=("x",), edit=a.DescriptionEdit(block="new"))) == "updated"
    assert gw.counter.snapshot() == (3, 1)


def test_a_description_edit_already_applied_writes_nothing(rsps):
    gw = connected(rsps)
    comment = markers.signed_comment("slo", {"open": []}, b"k")
    text = markers.owned_block("same") + "\n" + comment + "\n"
    rsps.get(f"{API}/projects/5/issues/3", json=issue_json(3, description=text))
    edit = a.DescriptionEdit(block="same", records=(("slo", comment),))
    assert gw.apply(a.UpdateIssue(3, edit=edit)).startswith("skipped")
    assert gw.last_apply_writes == 0


@pytest.mark.parametrize("status", [404, 403])
def test_a_description_edit_on_an_issue_gone_or_hidden_is_a_located_error(rsps, status):
    from bots.errors import SaTriageError
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues/3", status=status, json={"message": f"{status} Issue Not Found"})
    with pytest.raises(SaTriageError, match=rf"update #3: description: GitLab answered {status}"):
        gw.apply(a.UpdateIssue(3, edit=a.DescriptionEdit(block="new")))
    assert gw.counter.writes == 0


def test_counting_closed_history_reads_one_item_and_bounds_the_concurrent_create_check(rsps):
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", json=[issue_json(500)], headers={"X-Total": "20000"},
             match=[matchers.query_param_matcher({"state": "closed", "author_username": "bot",
                                                  "per_page": "1", "order_by": "created_at",
                                                  "sort": "desc"})])
    assert gw.count_issues(state="closed", author_username="bot") == 20000
    # The create's re-check stops at the newest issue seen (#500), not at #0 of a 20,000-issue history.
    rsps.get(f"{API}/projects/5/issues", match=[NEWEST_BOT_ISSUES],
             json=[issue_json(501), issue_json(500), issue_json(499)],
             headers={"Link": f'<{API}/projects/5/issues?page=2>; rel="next"'})
    rsps.post(f"{API}/projects/5/issues", status=201, json=issue_json(502))
    assert gw.apply(a.CreateIssue("0061", "t", "d", ())) == "created #502"
    assert gw.counter.snapshot() == (4, 1)  # user, project, the count, one page of the re-check


# --- closed issues on the mirror's record, fetched by iid (bots.mirror.closed_history) -----------

ON_RECORD = {"0060007": 7, "0060008": 8}
BY_IID = matchers.query_param_matcher({"state": "closed", "author_username": "bot", "per_page": "100",
                                       "iids[]": ["7", "8"]})


def closed_json(iid, key):
    text = markers.owned_block(markers.issue_key_marker(key))
    return {**issue_json(iid, description=text), "state": "closed", "closed_by": {"username": "ann"}}


def fetched(gw):
    from bots.board import BoardSnapshot
    from bots.mirror.closed_history import closed_issues

    return gw.guarded("mirror: reading", closed_issues, BoardSnapshot(gw), set(ON_RECORD), ON_RECORD)


@pytest.mark.parametrize("status", [500, 502, 503, 429])  # 429 as gitlab.com answers: no Retry-After
def test_closed_issues_on_record_come_in_one_request_and_a_transient_answer_is_sent_again(rsps, status,
                                                                                         monkeypatch):
    monkeypatch.setattr("gitlab.utils.time.sleep", lambda s: None)
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", match=[BY_IID], status=status, json={"message": "busy"})
    rsps.get(f"{API}/projects/5/issues", match=[BY_IID],
             json=[closed_json(7, "0060007"), closed_json(8, "0060008")])
    found = fetched(gw)
    assert [(i.iid, i.closed_by) for i in found] == [(7, "ann"), (8, "ann")]
    assert gw.counter.snapshot() == (4, 0)  # user, project, the answer retried, then the list: no search


@pytest.mark.parametrize("status", [403, 404])
def test_a_refused_fetch_by_iid_is_the_mirrors_located_read_error(rsps, status):
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", match=[BY_IID], status=status, json={"message": f"{status} refused"})
    with pytest.raises(SaTriageError, match=f"mirror: reading: GitLab answered {status}"):
        fetched(gw)


def test_a_fetch_by_iid_that_keeps_failing_stops_after_a_bounded_number_of_tries(rsps, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr("gitlab.utils.time.sleep", waits.append)
    gw = connected(rsps)
    rsps.get(f"{API}/projects/5/issues", match=[BY_IID], status=502, json={"message": "bad gateway"})
    with pytest.raises(SaTriageError, match="mirror: reading: GitLab answered 502"):
        fetched(gw)
    assert len(waits) == 10 and waits == sorted(waits)  # python-gitlab's max_retries, backing off
