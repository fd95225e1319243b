"""The setup planner: emit exactly the writes needed, and nothing once the project matches."""

from bots import actions as a
from bots.config import BoardSpec, LabelSpec
from bots.model import Board, BoardList, Label, Schedule
from bots.schedules import KEY_VARIABLE
from bots.setup.job import plan_board, plan_labels, plan_schedules, plan_templates

SPEC = (LabelSpec("a", "#111111", "A"), LabelSpec("b", "#222222", "B"))


def spec(key="mirror", **kw):
    base = dict(key=key, description=f"sa-triage: {key}", cron="*/15 * * * 1-5",
                cron_timezone="UTC", ref="main", active=True,
                variables=((KEY_VARIABLE, key), ("SA_TRIAGE_BOTS", key)))
    base.update(kw)
    return a.ScheduleSpec(**base)


def schedule(id_=1, key="mirror", owner="bot", **kw):
    base = dict(id=id_, description=f"sa-triage: {key}", ref="refs/heads/main",
                cron="*/15 * * * 1-5", cron_timezone="UTC", active=True, owner=owner,
                variables=((KEY_VARIABLE, key), ("SA_TRIAGE_BOTS", key)))
    base.update(kw)
    return Schedule(**base)


def test_labels_created_updated_or_left_alone():
    current = (Label("a", "#111111", "A"), Label("b", "#999999", "B"), Label("extra", "#000000"))
    assert plan_labels(SPEC, current) == (a.UpdateLabel("b", "#222222", "B"),)
    assert plan_labels(SPEC, ()) == (a.CreateLabel("a", "#111111", "A"), a.CreateLabel("b", "#222222", "B"))


def test_label_colour_comparison_ignores_case():
    assert plan_labels(SPEC, (Label("a", "#111111", "A"), Label("b", "#222222", "B"))) == ()


def test_board_created_with_lists_when_missing():
    assert plan_board(BoardSpec("T", ("a", "b")), ()) == (a.CreateBoard("T", ("a", "b")),)


def test_missing_lists_added_then_ordered_one_move_at_a_time():
    board = Board(7, "T", (BoardList(1, "b", 0),))
    assert plan_board(BoardSpec("T", ("a", "b")), (board,)) == (a.CreateBoardList(7, "a"),)
    board = Board(7, "T", (BoardList(1, "b", 0), BoardList(2, "a", 1), BoardList(3, "people", 2)))
    assert plan_board(BoardSpec("T", ("a", "b")), (board,)) == (a.MoveBoardList(7, 2, "a", 0),)


def test_board_in_order_needs_nothing_and_extra_lists_stay():
    board = Board(7, "T", (BoardList(2, "a", 0), BoardList(1, "b", 1), BoardList(3, "people", 2)))
    assert plan_board(BoardSpec("T", ("a", "b")), (board,)) == ()


def test_templates_one_commit_only_for_changed_files():
    files = (("t/x.md", "X", "X"), ("t/y.md", "Y2", "Y"), ("t/z.md", "Z", None))
    (commit,) = plan_templates(files, "main")
    assert commit.changes == (a.FileChange("t/y.md", "Y2", "update"), a.FileChange("t/z.md", "Z", "create"))
    assert plan_templates((("t/x.md", "X", "X"),), "main") == ()


def test_schedule_created_when_missing_and_left_alone_when_equal():
    assert plan_schedules((spec(),), (), "bot") == (a.CreateSchedule(spec()),)
    assert plan_schedules((spec(),), (schedule(),), "bot") == ()


def test_schedule_update_takes_ownership_from_someone_else():
    (update,) = plan_schedules((spec(cron="0 * * * *"),), (schedule(owner="alice"),), "bot")
    assert isinstance(update, a.UpdateSchedule)
    assert update.fields == (("cron", "0 * * * *"),) and update.take_ownership


def test_schedule_variables_set_and_removed():
    current = schedule(variables=((KEY_VARIABLE, "mirror"), ("OLD", "1"), ("SA_TRIAGE_BOTS", "x")))
    (update,) = plan_schedules((spec(),), (current,), "bot")
    assert update.set_variables == (("SA_TRIAGE_BOTS", "mirror", True),)
    assert update.delete_variables == ("OLD",)


def test_undeclared_schedule_of_ours_is_deactivated_others_left_alone():
    ours = schedule(5, key="old")
    theirs = schedule(6, key="x", variables=(("FOO", "1"),))
    assert plan_schedules((), (ours, theirs), "bot") == (a.DeactivateSchedule(5, "sa-triage: old", False),)
    assert plan_schedules((), (schedule(5, key="old", active=False),), "bot") == ()


def test_a_schedule_whose_variables_were_lost_to_a_crash_is_recognised_by_its_description():
    wanted = spec(description="sa-triage: mirror [sa-triage:mirror]")
    bare = schedule(7, description="sa-triage: mirror [sa-triage:mirror]", variables=())
    (update,) = plan_schedules((wanted,), (bare,), "bot")
    assert isinstance(update, a.UpdateSchedule) and update.schedule_id == 7
    assert {k for k, _, exists in update.set_variables if not exists} == {KEY_VARIABLE, "SA_TRIAGE_BOTS"}


def test_a_duplicate_of_one_of_our_schedules_is_deactivated_and_the_oldest_kept():
    wanted = spec(description="sa-triage: mirror [sa-triage:mirror]")
    first = schedule(3, description="sa-triage: mirror [sa-triage:mirror]")
    second = schedule(9, description="sa-triage: mirror [sa-triage:mirror]")
    assert plan_schedules((wanted,), (second, first), "bot") == (
        a.DeactivateSchedule(9, "sa-triage: mirror [sa-triage:mirror]", False),)


def test_declared_schedules_carry_their_key_in_the_description():
    from bots.schedules import load_schedules
    from tests.factories import ROOT

    schedules = load_schedules(ROOT / "schedules", "main")
    assert [s.key for s in schedules] == [
        "digest", "forms", "handoff", "meetings", "mirror", "slo", "suggest"]
    for s in schedules:
        assert s.description.endswith(f" [sa-triage:{s.key}]")
