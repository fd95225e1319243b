"""The suggestion planner: skills, workload, PTO, capacity, language, region, stretch; one note, kept."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

from bots import actions as a
from bots import markers
from bots.suggest import note as n
from bots.suggest.settings import SuggestSettings
from tests.factories import BOT
from tests.suggest.helpers import (
    assigned,
    cfg,
    ctx_for,
    emea_request,
    note_body,
    order,
    plan,
    pto,
    sa,
    stretch_of,
)

LIVE_MENTION = re.compile(r"(?<![\w`])@(?=[\w.\-/])")


def test_skills_matching_the_stack_competitors_and_use_cases_rank_first_with_the_evidence():
    conf = cfg(sa("ann.ops", skills=("kubernetes", "aws")), sa("bea.ci", skills=("ci-cd",)),
               sa("cy.none", skills=("gcp",)))
    body = note_body((emea_request(),), ctx_for(conf))
    assert order(body) == ["ann.ops", "bea.ci", "cy.none"]
    assert "skills: kubernetes (Deployment: “eks”), aws (Cloud: “aws”)" in body
    assert "skills: ci-cd (CI/CD: “jenkins”)" in body
    assert "no skill in the roster matches this Command Plan" in body
    assert "the Command Plan calls for aws, ci-cd, kubernetes" in body


def test_with_equal_skills_the_least_loaded_comes_first_and_the_workload_is_shown():
    conf = cfg(sa("ann", skills=("aws",), capacity=4), sa("bea", skills=("aws",), capacity=4))
    work = (assigned(50, "ann"), assigned(51, "ann"), assigned(52, "bea"))
    body = note_body((emea_request(), *work), ctx_for(conf))
    assert order(body) == ["bea", "ann"]
    assert "workload: 1 open request of 4" in body and "workload: 2 open requests of 4" in body


def test_capacity_is_a_ratio_and_an_unset_capacity_is_said():
    conf = cfg(sa("ann", capacity=10), sa("bea", capacity=2), sa("cy", capacity=0))
    work = (assigned(50, "ann"), assigned(51, "ann"), assigned(52, "bea"))
    body = note_body((emea_request(), *work), ctx_for(conf))
    assert order(body) == ["cy", "ann", "bea"]  # 0 open; 2 of 10; 1 of 2
    assert "workload: 0 open requests (capacity not set in the roster)" in body


def test_someone_at_capacity_is_listed_last_and_says_so():
    conf = cfg(sa("ann", skills=("aws", "kubernetes", "ci-cd"), capacity=2), sa("bea"), sa("cy"))
    body = note_body((emea_request(), assigned(50, "ann"), assigned(51, "ann")), ctx_for(conf))
    assert order(body) == ["bea", "cy", "ann"]
    assert "**Watch out:** at capacity: 2 open requests for a capacity of 2" in body
    over = note_body((emea_request(), *(assigned(50 + i, "ann") for i in range(3))), ctx_for(conf))
    assert "**Watch out:** over capacity: 3 open requests for a capacity of 2" in over


def test_pto_over_the_meeting_day_moves_the_sa_down_and_says_so():
    conf = cfg(sa("ann", skills=("aws", "kubernetes")), sa("bea"), sa("cy"))
    away = (pto("ann", "2026-11-19 to 2026-11-23"),)  # the meeting is Fri 20 Nov
    body = note_body((emea_request(),), ctx_for(conf), away)
    assert order(body) == ["bea", "cy", "ann"]
    assert "**Watch out:** away Thu 19 Nov to Mon 23 Nov, over the meeting day (Fri 20 Nov)" in body
    assert body.count("no PTO on the meeting day (Fri 20 Nov)") == 2


def test_pto_that_does_not_overlap_the_meeting_does_not_count():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    body = note_body((emea_request(),), ctx_for(conf), (pto("ann", "2026-11-23 to 2026-11-27"),))
    assert order(body) == ["ann", "bea"] and "Watch out" not in body


def test_without_a_meeting_pto_in_the_next_days_counts():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    req = emea_request(meeting_at=None, meeting_type=None)
    body = note_body((req,), ctx_for(conf), (pto("ann", "2026-11-20 to 2026-11-30"),))
    assert order(body) == ["bea", "ann"]
    assert "no meeting scheduled yet" in body
    assert "away Fri 20 Nov to Mon 30 Nov, over the next days (Tue 17 Nov to Tue 24 Nov" in body


def test_after_the_meeting_day_pto_in_the_next_days_counts_and_the_meeting_is_marked_passed():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    ctx = ctx_for(conf, datetime(2026, 11, 23, 9, tzinfo=UTC))  # the meeting was Fri 20 Nov
    body = note_body((emea_request(),), ctx, (pto("ann", "2026-11-25 to 2026-11-26"),))
    assert "meeting Fri 20 Nov, 17:00 GMT (passed)" in body and order(body) == ["bea", "ann"]
    assert "over the next days (Mon 23 Nov to Mon 30 Nov; the meeting has passed)" in body


def test_a_language_label_puts_speakers_first_and_the_others_are_warned():
    conf = cfg(sa("ann", skills=("aws", "kubernetes")), sa("bea", languages=("english", "german")))
    req = emea_request(labels=("language::German", "sa-request", "triage::new"))
    body = note_body((req,), ctx_for(conf))
    assert order(body) == ["bea", "ann"]
    assert "language German" in body and "speaks German" in body
    assert "**Watch out:** does not speak German" in body and "Nobody on the roster" not in body
    nobody = note_body((req,), ctx_for(cfg(sa("ann"))))
    assert "_Nobody on the roster who takes requests speaks German: the regional manager" in nobody


def test_a_language_asked_for_in_the_command_plan_counts():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea", languages=("english", "french")))
    plan_text = dataclasses.replace(emea_request_plan(), use_cases="Demo in French for the CTO")
    body = note_body((emea_request(command_plan=plan_text),), ctx_for(conf))
    assert order(body) == ["bea", "ann"] and "speaks French" in body


def emea_request_plan():
    from tests.suggest.helpers import EMEA_PLAN

    return EMEA_PLAN


def test_the_request_region_comes_first_and_other_regions_fill_in_and_say_so():
    conf = cfg(sa("ann", region="AMER", skills=("aws", "kubernetes", "ci-cd")), sa("bea"))
    body = note_body((emea_request(),), ctx_for(conf))
    assert order(body) == ["bea", "ann"]
    assert "other region (AMER): the request's region has too few SAs free" in body
    alone = note_body((emea_request(),), ctx_for(cfg(
        sa("ann", region="AMER"), sa("bea"), settings=SuggestSettings(cross_region=False))))
    assert order(alone) == ["bea"]


def test_only_roles_that_take_requests_are_suggested():
    conf = cfg(sa("boss", role="manager", skills=("aws",)), sa("bea"))
    assert order(note_body((emea_request(),), ctx_for(conf))) == ["bea"]


def test_stretch_candidate_is_a_free_sa_of_the_region_with_the_least_of_this_stack():
    conf = cfg(sa("ann", skills=("aws", "kubernetes")), sa("bea", skills=("ci-cd",)),
               sa("cy", skills=("scm",)), sa("dee", skills=("aws",)), sa("eli"), sa("fay", capacity=1),
               sa("gus", region="AMER"))
    body = note_body((emea_request(), assigned(50, "fay")), ctx_for(conf))
    assert order(body) == ["ann", "bea", "cy"]  # cy: "bitbucket" matches scm
    assert stretch_of(body) == "eli"  # not dee (knows aws), not fay (at capacity), not gus (AMER)
    assert "with `@ann` as the second pair of eyes" in body
    assert "'No' is also a 'Yes'" in body


def test_stretch_can_be_turned_off_and_says_when_nobody_is_left():
    people = (sa("ann"), sa("bea"), sa("cy"), sa("dee"))
    off = note_body((emea_request(),), ctx_for(cfg(*people, settings=SuggestSettings(stretch=False))))
    assert stretch_of(off) is None and "stretch" not in off.lower()
    few = note_body((emea_request(),), ctx_for(cfg(*people[:3])))
    assert "_No stretch candidate:" in few


def test_nobody_away_or_at_capacity_is_suggested_without_saying_so():
    people = [sa(f"sa{i}", skills=("aws",) * (i % 2), capacity=1 + i % 3) for i in range(6)]
    work = tuple(assigned(50 + i, f"sa{i % 4}") for i in range(5))
    ptos = (pto("sa1", "2026-11-18 to 2026-11-21"), pto("sa5", "2026-11-20 to 2026-11-20", iid=901))
    body = note_body((emea_request(), *work), ctx_for(cfg(*people, settings=SuggestSettings(top=6))), ptos)
    entries = re.split(r"^\d+\. ", body, flags=re.M)[1:]
    assert len(entries) == 6
    for entry in entries:
        user = re.match(r"`@([^`]+)`", entry).group(1)
        blocked = user in {"sa1", "sa5"} or user in {"sa0", "sa1", "sa3"}  # away; at capacity
        assert ("**Watch out:**" in entry) == blocked, (user, entry)


def test_the_note_mentions_nobody_and_runs_no_quick_action():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    body = note_body((emea_request(account="@all /close Evil"),), ctx_for(conf))
    assert not LIVE_MENTION.findall(re.sub(r"`[^`\n]*`", "", body))
    assert not [line for line in body.split("\n") if line.lstrip().startswith("/")]
    assert body.startswith(n.MARKER + "\n")


def applied(issue, actions):
    """The issue after GitLab applied the plan's description update (the signed record)."""
    (update,) = [x for x in actions if isinstance(x, a.UpdateIssue)]
    return dataclasses.replace(issue, description=update.edit.apply(issue.description))


def record_of(issue) -> str:
    return re.search(r"<!-- sa-triage:suggest .*? -->", issue.description).group(0)


def test_the_note_is_kept_as_is_when_nothing_changed_and_edited_in_place_when_the_request_changes():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    ctx = ctx_for(conf)
    first = plan((emea_request(),), ctx).actions
    assert [type(x) for x in first] == [a.UpsertNote, a.UpdateIssue]  # the note, then its record
    issue = applied(emea_request(), first)
    assert first[0].marker == n.MARKER and issue.description.count("<!-- sa-triage:suggest ") == 1
    assert plan((issue,), ctx).actions == ()  # nothing changed: no write, and no notes read
    moved = emea_request(meeting_at=datetime(2026, 11, 24, 10, tzinfo=UTC))
    moved = dataclasses.replace(moved, description=markers.put_signed_comment(
        moved.description, "suggest", record_of(issue)))
    edit, record = plan((moved,), ctx).actions
    assert isinstance(edit, a.UpsertNote) and edit.marker == n.MARKER and "Tue 24 Nov" in edit.body
    text = applied(moved, [record]).description
    assert text.count("<!-- sa-triage:suggest ") == 1
    assert record_of(issue) not in text


def test_a_record_the_bot_did_not_sign_is_not_trusted():
    ctx = ctx_for(cfg(sa("ann")))
    issue = applied(emea_request(), plan((emea_request(),), ctx).actions)
    forged_record = re.sub(r"sig=[0-9a-f]{32}", "sig=" + "1" * 32, record_of(issue))
    text = issue.description.replace(record_of(issue), forged_record)
    forged = dataclasses.replace(issue, description=text)
    assert [type(x) for x in plan((forged,), ctx).actions] == [a.UpsertNote, a.UpdateIssue]


def test_assigned_requests_and_requests_off_the_first_list_are_left_alone():
    conf = cfg(sa("ann"))
    taken = emea_request(assignees=("ann",))
    moved = emea_request(iid=2, labels=("sa-request", "triage::in-review"))
    result = plan((taken, moved), ctx_for(conf))
    assert result.actions == () and result.info[0].startswith("0 request(s) waiting")


def test_issues_without_the_mirrors_signed_state_get_no_suggestion():
    conf = cfg(sa("ann"))
    req = emea_request()
    forged = dataclasses.replace(req, description=req.description.replace("sig=", "sig=0"))
    result = plan((forged,), ctx_for(conf))
    assert result.actions == () and "no signed state" in result.info[1]


def test_issues_by_someone_else_are_not_waiting_requests():
    conf = cfg(sa("ann"))
    assert plan((emea_request(),), ctx_for(conf)).actions
    other = dataclasses.replace(emea_request(), author="mallory")
    assert plan((other,), ctx_for(conf)).actions == ()


def test_auto_assign_is_off_by_default_and_when_on_assigns_the_first_free_fitting_sa():
    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    off = plan((emea_request(),), ctx_for(conf))
    assert [type(x) for x in off.actions] == [a.UpsertNote, a.UpdateIssue]  # the note and its record
    assert all(getattr(x, "assignees", None) is None for x in off.actions)  # the team decides
    on = cfg(sa("ann", skills=("aws",)), sa("bea"), settings=SuggestSettings(auto_assign=True))
    result = plan((emea_request(),), ctx_for(on))
    note, update = result.actions
    assert isinstance(note, a.UpsertNote) and update.assignees == ("ann",)
    assert "#1: assigning `ann`" in result.info[1]
    away = plan((emea_request(),), ctx_for(on), (pto("ann", "2026-11-20 to 2026-11-20"),))
    assert away.actions[-1].assignees == ("bea",)


def test_suggestions_can_be_disabled():
    conf = cfg(sa("ann"), settings=SuggestSettings(enabled=False))
    result = plan((emea_request(),), ctx_for(conf))
    assert result.actions == () and "disabled" in result.info[0]


def test_the_bot_username_is_never_a_candidate():
    conf = cfg(sa("ann"), sa(BOT))  # the bot's own account on the roster, by mistake
    body = note_body((emea_request(),), ctx_for(conf))
    assert "`@ann`" in body and BOT not in body


def test_one_bad_request_is_reported_and_the_others_still_get_their_note(monkeypatch):
    import bots.suggest.job as job

    real = job.profile_of

    def broken(issue, key, spoken, bot):
        if issue.iid == 1:
            raise ValueError("odd state")
        return real(issue, key, spoken, bot)

    monkeypatch.setattr(job, "profile_of", broken)
    result = plan((emea_request(), emea_request(iid=2)), ctx_for(cfg(sa("ann"))))
    assert {x.iid for x in result.actions} == {2}
    assert [str(p) for p in result.problems] == ["issue #1: no suggestion (ValueError: odd state)"]


def test_a_request_whose_inputs_are_unchanged_is_not_ranked_again_and_a_changed_workload_is(monkeypatch):
    import bots.suggest.job as job

    conf = cfg(sa("ann", skills=("aws",)), sa("bea"))
    ctx = ctx_for(conf)
    issue = applied(emea_request(), plan((emea_request(),), ctx).actions)
    calls: list[int] = []
    real = job.suggest
    def spy(profile, *rest):
        calls.append(profile.iid)
        return real(profile, *rest)

    monkeypatch.setattr(job, "suggest", spy)
    assert plan((issue,), ctx).actions == () and calls == []  # skipped before ranking or rendering
    busy = emea_request(iid=2, assignees=("bea",), labels=("sa-request", "triage::assigned"))
    assert plan((issue, busy), ctx).actions != () and calls == [1]  # bea's workload changed: ranked
