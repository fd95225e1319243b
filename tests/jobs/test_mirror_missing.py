"""Issue 11: open requests the source no longer returns are looked up (Salesforce) or counted (exports),
then flagged, closed or kept per `mirror.on_closed`, each with one note; a row back resets the count."""

from dataclasses import replace
from datetime import timedelta

import pytest

from bots import actions as a
from bots import markers
from bots.mirror.job import MirrorJob, MirrorSnapshot
from bots.mirror.missing import FLAG, RECORD, Counting, Missing
from bots.mirror.request_plan import plan_request
from bots.mirror.settings import MirrorSettings
from bots.model import Issue
from bots.sources.request import Stage
from bots.sources.result import LookedUp
from tests.factories import BOT, KEY, NOW, ROOT, config, context, request
from tests.golden_files import check

GOLDEN = ROOT / "tests" / "golden" / "mirror_missing"
EXPORT = Counting(exports=("bots/data/sample_requests.csv",))
SALESFORCE = Counting(asked=True)
STATES = {"close": "closed", "reopen": "opened"}  # an update's state_event -> the state it leaves


def mirrored(req=None) -> Issue:
    (create,) = plan_request(req or request(), None, context())
    assert isinstance(create, a.CreateIssue)
    return Issue(iid=7, title=create.title, description=create.description,
                 labels=tuple(sorted(create.labels)), state="opened", author=BOT, assignees=(),
                 created_at=NOW, updated_at=NOW)


def plan(issue: Issue, verdict=None, how=EXPORT, now=NOW, ctx=None, requests=()) -> tuple[a.Action, ...]:
    key = markers.find_issue_key(issue, BOT)
    snap = MirrorSnapshot(tuple(requests), (), (issue,), () if requests else (Missing(key, issue, verdict),),
                          how)
    return MirrorJob().plan(snap, ctx or context(now)).actions


def applied(issue: Issue, actions) -> Issue:
    """The issue after the plan's updates (labels, description, state), as GitLab would hold it."""
    for x in actions:
        if isinstance(x, a.UpdateIssue):
            labels = (set(issue.labels) | set(x.add_labels)) - set(x.remove_labels)
            issue = replace(issue, labels=tuple(sorted(labels)),
                            description=x.edit.apply(issue.description) if x.edit else issue.description,
                            state=STATES.get(x.state_event or "", issue.state))
    return issue


def keep_ctx(now=NOW):
    cfg = config()
    settings = replace(cfg.section(MirrorSettings), on_closed="keep")
    return replace(context(now), config=cfg.with_section(settings))


def test_an_export_row_missing_is_counted_once_per_run_then_flagged_and_closed_with_one_note():
    issue = mirrored()
    for run in range(1, 3):
        (update,) = plan(issue, now=NOW + timedelta(hours=run))
        assert isinstance(update, a.UpdateIssue) and update.add_labels == () and update.state_event is None
        issue = applied(issue, [update])
        record = markers.read_signed_comment(issue.description, RECORD, KEY)
        assert record == {"since": (NOW + timedelta(hours=1)).isoformat(),
                          "last": (NOW + timedelta(hours=run)).isoformat(), "runs": run}
        assert plan(issue, now=NOW + timedelta(hours=run)) == ()  # a rerun of the same run: no write
    note, update = plan(issue, now=NOW + timedelta(hours=3))
    assert isinstance(note, a.UpsertNote) and "Not in the export for 3 runs in a row" in note.body
    check(GOLDEN, "left_source_export", note.body)
    assert update.add_labels == (FLAG,) and update.remove_labels == ("triage::new",)
    assert update.state_event == "close"
    assert "@" not in note.body
    issue = applied(issue, [note, update])
    assert plan(issue, now=NOW + timedelta(hours=4)) == ()  # acted on: nothing more


def test_keep_flags_and_takes_it_off_the_board_lists_but_leaves_it_open():
    issue = mirrored()
    for run in range(1, 3):
        issue = applied(issue, plan(issue, ctx=keep_ctx(NOW + timedelta(hours=run))))
    note, update = plan(issue, ctx=keep_ctx(NOW + timedelta(hours=3)))
    assert update.state_event is None and update.add_labels == (FLAG,)
    assert update.remove_labels == ("triage::new",)
    assert "and the issue is closed" not in note.body


def test_a_row_that_comes_back_resets_the_count_once_and_then_nothing():
    req = request()
    issue = applied(mirrored(req), plan(mirrored(req), now=NOW + timedelta(hours=1)))
    assert markers.read_signed_comment(issue.description, RECORD, KEY) is not None
    (reset,) = plan(issue, requests=(req,))
    assert reset.edit is not None and reset.add_labels == () and reset.remove_labels == ()
    issue = applied(issue, [reset])
    assert markers.read_signed_comment(issue.description, RECORD, KEY) is None
    block = markers.current_block(issue.description)
    assert block is not None and block == markers.current_block(mirrored(req).description)
    assert plan(issue, requests=(req,)) == ()


def test_a_flagged_request_back_in_the_source_loses_the_flag_and_returns_to_the_board():
    req = request()
    issue = replace(mirrored(req), labels=tuple(sorted({*mirrored(req).labels, FLAG} - {"triage::new"})))
    (reset,) = plan(issue, requests=(req,))
    assert reset.remove_labels == (FLAG,) and reset.add_labels == ("triage::new",)


def closed_for_absence(req, closed_by=BOT) -> Issue:
    """The issue of `req` after the mirror counted it gone for `missing_runs` runs and closed it."""
    issue = mirrored(req)
    for run in range(1, 4):
        issue = applied(issue, plan(issue, now=NOW + timedelta(hours=run)))
    assert issue.state == "closed" and FLAG in issue.labels and "triage::new" not in issue.labels
    return replace(issue, closed_by=closed_by)


def test_a_request_the_bot_closed_for_absence_is_reopened_once_when_it_is_back():
    req = request()
    issue = closed_for_absence(req)
    note, lift = plan(issue, requests=(req,))
    assert isinstance(note, a.UpsertNote) and "**Back in the source:**" in note.body and "@" not in note.body
    assert isinstance(lift, a.UpdateIssue) and lift.state_event == "reopen"
    assert lift.remove_labels == (FLAG,) and lift.add_labels == ("triage::new",)
    back = applied(issue, (lift,))
    assert back.state == "opened" and f"sa-triage:{RECORD}" not in back.description
    assert plan(replace(back, closed_by=""), requests=(req,)) == ()


def test_a_request_back_and_changed_is_reopened_then_brought_in_step():
    req = request()
    issue = closed_for_absence(req)
    actions = plan(issue, requests=(replace(req, stage=Stage.PROPOSAL),))
    assert [type(x).__name__ for x in actions[:2]] == ["UpsertNote", "UpdateIssue"]
    assert actions[1].state_event == "reopen"
    changed = [x for x in actions[2:] if isinstance(x, a.UpsertNote)]
    assert changed and "Stage" in changed[0].body  # the "Salesforce changed" note, after the reopen
    assert any(isinstance(x, a.UpdateIssue) and "stage::4-proposal" in x.add_labels for x in actions[2:])


@pytest.mark.parametrize("closed_by", ["alice", ""])
def test_a_request_a_person_closed_stays_closed_when_it_is_back(closed_by):
    req = request()
    assert plan(closed_for_absence(req, closed_by=closed_by), requests=(req,)) == ()


def test_rows_present_write_nothing():
    req = request()
    assert plan(mirrored(req), requests=(req,)) == ()


def test_salesforce_closed_won_leaves_the_board_as_any_closed_request():
    req = request(stage=Stage.CLOSED_WON)
    note, update = plan(mirrored(), LookedUp(req.opportunity_id, "found", req), SALESFORCE)
    assert "Opportunity closed won" in note.body and update.state_event == "close"
    assert FLAG not in update.add_labels


@pytest.mark.parametrize(("verdict", "how", "golden"), [
    (LookedUp("006Ak000001AbCdIAK", "deleted"), SALESFORCE, "left_source_deleted"),
    (None, SALESFORCE, "left_source_purged"),
])
def test_salesforce_deleted_is_flagged_and_closed_with_a_note(verdict, how, golden):
    note, update = plan(mirrored(), verdict, how)
    check(GOLDEN, golden, note.body)
    assert update.add_labels == (FLAG,) and update.state_event == "close"
    assert plan(applied(mirrored(), [update]), verdict, how) == ()


def test_salesforce_no_longer_an_sa_request_is_flagged_with_a_note_and_stays_open():
    req = request()
    note, update = plan(mirrored(), LookedUp(req.opportunity_id, "found", req, status_empty=True), SALESFORCE)
    check(GOLDEN, "left_source_not_request", note.body)
    assert "its SA request status is empty" in note.body
    assert update.add_labels == (FLAG,) and update.remove_labels == () and update.state_event is None


def test_missing_runs_is_a_positive_number_of_runs_default_three():
    from bots.errors import ConfigError
    from bots.jobs import parse_config

    text = (ROOT / "sa-triage.yml").read_text(encoding="utf-8")
    assert parse_config(text, "t.yml", ROOT).section(MirrorSettings).missing_runs == 3
    five = text.replace("  on_closed: close\n", "  on_closed: close\n  missing_runs: 5\n")
    assert parse_config(five, "t.yml", ROOT).section(MirrorSettings).missing_runs == 5
    with pytest.raises(ConfigError, match=r"mirror\.missing_runs: must be positive, got 0"):
        parse_config(text.replace("  on_closed: close\n", "  on_closed: close\n  missing_runs: 0\n"),
                     "t.yml", ROOT)


def _board(n: int) -> list[Issue]:
    """`n` open mirrored requests, each its own opportunity."""
    out = []
    for i in range(n):
        issue = mirrored(request(opportunity_id=f"006Kd00000{i:05d}AAA"))
        out.append(replace(issue, iid=100 + i))
    return out


@pytest.mark.parametrize(("board", "missing", "percent", "truncated"), [
    (40, 12, 20, True),  # 30 % gone at once: a truncated export
    (40, 8, 20, False),  # 20 %: what a busy week closes
    (12, 9, 20, False),  # 75 %, but fewer than GUARD_FLOOR: a small board's ordinary churn
    (40, 12, 100, False),  # no guard
])
def test_an_export_missing_many_rows_at_once_counts_none_and_says_why(board, missing, percent, truncated):
    from bots.mirror.missing import GUARD_FLOOR, read_missing
    from bots.sources.result import SourceResult

    assert GUARD_FLOOR == 10
    issues = _board(board)
    present = [markers.find_issue_key(i, BOT) for i in issues[missing:]]
    cfg = config()
    ctx = replace(context(), config=cfg.with_section(replace(cfg.section(MirrorSettings),
                                                             missing_guard_percent=percent)))
    found, how, problems = read_missing(issues, SourceResult(unchanged=frozenset(present)), ctx, BOT)
    assert len(found) == missing and how.truncated is truncated
    assert [p.place for p in problems] == (["bots/data/sample_requests.csv"] if truncated else [])
    if truncated:
        said = f"{missing} of the {board} requests mirrored from it are missing at once"
        assert said in problems[0].message
    snap = MirrorSnapshot((), tuple(problems), tuple(issues), found, how)
    actions = MirrorJob().plan(snap, ctx).actions
    counted = {x.iid for x in actions if isinstance(x, a.UpdateIssue)}
    assert counted == (set() if truncated else {i.iid for i in issues[:missing]})


def test_a_truncated_export_never_closes_the_board():
    """Three runs of an export cut to half its rows: nothing is counted, flagged or closed."""
    from bots.mirror.missing import read_missing
    from bots.sources.result import SourceResult

    issues = _board(30)
    present = frozenset(markers.find_issue_key(i, BOT) for i in issues[15:])
    for run in range(1, 5):
        ctx = context(NOW + timedelta(hours=run))
        found, how, problems = read_missing(issues, SourceResult(unchanged=present), ctx, BOT)
        snap = MirrorSnapshot((), tuple(problems), tuple(issues), found, how)
        plan = MirrorJob().plan(snap, ctx)
        assert plan.actions == () and len(plan.problems) == 1


def test_missing_guard_percent_is_one_to_a_hundred_default_twenty():
    from bots.errors import ConfigError
    from bots.jobs import parse_config

    text = (ROOT / "sa-triage.yml").read_text(encoding="utf-8")
    assert parse_config(text, "t.yml", ROOT).section(MirrorSettings).missing_guard_percent == 20
    for bad in ("0", "101", "ten"):
        with pytest.raises(ConfigError, match=r"mirror\.missing_guard_percent"):
            parse_config(text.replace("  on_closed: close\n",
                                      f"  on_closed: close\n  missing_guard_percent: {bad}\n"), "t.yml", ROOT)


def test_a_salesforce_look_up_that_fails_leaves_its_requests_alone_and_the_rest_is_planned():
    """An org that answers 503 to the look-up: the run reports it, names the org, closes or counts
    nothing it could not answer for, and still plans the requests that are in the export."""
    import responses

    from bots.job import Context
    from bots.mirror.missing import read_missing
    from bots.sources.config import SourcesConfig
    from bots.sources.result import SourceResult
    from bots.sources.sfid import to_18
    from tests.sources.test_salesforce_lookup import QUERY_ALL
    from tests.sources.test_sources_salesforce import ENV, LOGIN_OK, LOGIN_URL, PASSWORD_SOURCE

    issues = [replace(mirrored(request(opportunity_id=to_18(f"0068X00001ty2X{i}"))), iid=100 + i)
              for i in range(3)]
    keys = [markers.find_issue_key(i, BOT) for i in issues]
    cfg = config()
    export = cfg.sources.sources
    cfg = replace(cfg, sources=SourcesConfig((*export, PASSWORD_SOURCE)))
    ctx = Context(cfg, NOW, BOT, ROOT, ENV, KEY)
    changed = request(opportunity_id=keys[0], net_arr=999_999)
    result = SourceResult(requests=(changed,), unchanged=frozenset(keys[1:2]))
    with responses.RequestsMock() as sf:
        sf.post(LOGIN_URL, body=LOGIN_OK, status=200)
        sf.get(QUERY_ALL, status=503, body="Service Unavailable")
        found, how, problems = read_missing(issues, result, ctx, BOT)
    assert found == () and not how.truncated
    (problem,) = problems
    assert problem.place == f"{cfg.file}: {PASSWORD_SOURCE.label}"
    assert "looking up 1 request(s)" in problem.message and "left as they are this run" in problem.message
    snap = MirrorSnapshot((changed,), problems, tuple(issues), found, how)
    plan = MirrorJob().plan(snap, ctx)
    assert {x.iid for x in plan.actions} == {issues[0].iid}  # the changed one; the unanswered one: nothing
    assert plan.problems == problems
