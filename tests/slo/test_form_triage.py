"""SA requests filed from the form: triaged within one business day of filing, in the region's calendar;
escalated to the regional manager a business day later; cleared (labels off, notes edited) by triage.

Handbook (#1: Triage within One Business Day, copied into tests/fixtures): "If it comes in at 4pm, the
Team has until 4pm the next day to triage." The SA Request template promises the same.
"""

from dataclasses import replace
from datetime import datetime

import pytest

from bots import actions as a
from bots import markers
from bots.issue_templates import SA_REQUEST
from bots.model import Issue, Note
from bots.slo.form_issues import evaluate_form_issue, plan_form_issue
from bots.slo.messages import NoteState, body
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from tests.factories import BOT, config
from tests.issue_templates.helpers import fill, ticked
from tests.slo.helpers import fmt, local

BREACHED, ESCALATED = (markers.note_marker("slo", k)
                       for k in ("form-triage-breached", "form-triage-escalated"))
LABEL = "form::sa-request"


def sa_form(filed: datetime, author: str = "jordan.lee", region: str | None = "EMEA",
            assignees: tuple[str, ...] = (), labels: tuple[str, ...] = (LABEL,),
            opportunity: str | None = None, iid: int = 9) -> Issue:
    extra = {"opportunity": opportunity} if opportunity else {}
    text = fill(SA_REQUEST, region=ticked(SA_REQUEST, "region", region) if region else None, **extra)
    return Issue(iid, "SA request: Northwind", text, labels, "opened", author, assignees, filed, filed)


def checks(issue: Issue, now: datetime) -> dict:
    return {c.level.key: c for c in evaluate_form_issue(issue, config(), slo_settings(config()), now)}


def plan(issue: Issue, now: datetime, notes=None):
    return plan_form_issue(issue, config(), slo_settings(config()), now, notes=notes, bot=BOT)


TABLE = [  # case, filed (local), author, region ticked, whose calendar, due (local), recipients
    ("EMEA ticked, 4pm", ("EMEA", 2026, 11, 24, 16, 0), "jordan.lee", "EMEA", "EMEA",
     "Wed 25 Nov, 16:00 GMT", ("commercial-sa-emea",)),
    ("Friday 4pm: Monday 4pm", ("EMEA", 2026, 11, 27, 16, 0), "jordan.lee", "EMEA", "EMEA",
     "Mon 30 Nov, 16:00 GMT", ("commercial-sa-emea",)),
    ("no region ticked: the author's (AMER AE)", ("AMER", 2026, 11, 24, 16, 0), "jordan.lee", None, "AMER",
     "Wed 25 Nov, 16:00 EST", ("commercial-sa-amer",)),
    ("filed the day before Thanksgiving, AMER", ("AMER", 2026, 11, 25, 16, 0), "jordan.lee", "AMER", "AMER",
     "Fri 27 Nov, 16:00 EST", ("commercial-sa-amer",)),
    ("no region known: every team", ("AMER", 2026, 11, 24, 16, 0), "someone.else", None, "AMER",
     "Wed 25 Nov, 16:00 EST", ("commercial-sa-amer", "commercial-sa-emea")),
]


@pytest.mark.parametrize(("case", "filed", "author", "region", "zone", "due", "recipients"), TABLE,
                         ids=[r[0] for r in TABLE])
def test_due_one_business_day_after_filing_in_the_regions_calendar(case, filed, author, region, zone, due,
                                                                    recipients):
    issue = sa_form(local(*filed), author, region)
    found = checks(issue, local(*filed))
    b = found["form-triage-breached"]
    assert (b.status, fmt(zone, b.due), b.recipients) == (Status.PENDING, due, recipients)
    assert found["form-triage-escalated"].recipients == (
        ("maria.garcia", "anna.schmidt") if len(recipients) == 2 else
        ("anna.schmidt",) if recipients == ("commercial-sa-emea",) else ("maria.garcia",))


def test_assigned_or_on_a_later_board_list_is_triaged():
    filed = local("EMEA", 2026, 11, 24, 16, 0)
    late = local("EMEA", 2026, 11, 30, 10, 0)
    assert {c.status for c in checks(sa_form(filed), late).values()} == {Status.DUE}
    assigned = checks(sa_form(filed, assignees=("marco.bianchi",)), late)
    assert {c.status for c in assigned.values()} == {Status.MET}
    assert assigned["form-triage-breached"].resolution == "triaged (assigned to `@marco.bianchi`)"
    on_board = checks(sa_form(filed, labels=(LABEL, "triage::in-review")), late)
    assert {c.status for c in on_board.values()} == {Status.MET}
    still_first = checks(sa_form(filed, labels=(LABEL, "triage::new")), late)
    assert {c.status for c in still_first.values()} == {Status.DUE}


def test_breach_then_escalation_each_once_with_the_ladders_one_label():
    filed = local("EMEA", 2026, 11, 24, 16, 0)
    issue = sa_form(filed)
    assert plan(issue, local("EMEA", 2026, 11, 25, 15, 59)).actions == ()
    note, label = plan(issue, local("EMEA", 2026, 11, 25, 16, 0)).actions
    assert isinstance(note, a.UpsertNote) and note.marker == BREACHED and "@commercial-sa-emea" in note.body
    assert "due for triage by **Wed 25 Nov, 16:00 GMT**" in note.body
    assert label == a.UpdateIssue(9, add_labels=("slo::form-triage-breached",))
    breached = replace(issue, labels=(LABEL, "slo::form-triage-breached"))
    assert plan(breached, local("EMEA", 2026, 11, 26, 10, 0)).actions == ()
    escalate, relabel = plan(breached, local("EMEA", 2026, 11, 26, 16, 0)).actions
    assert isinstance(escalate, a.UpsertNote) and escalate.marker == ESCALATED
    assert "@anna.schmidt" in escalate.body and "@commercial-sa-emea" not in escalate.body
    assert relabel == a.UpdateIssue(9, add_labels=("slo::form-triage-escalated",),
                                    remove_labels=("slo::form-triage-breached",))


def test_notes_mentioning_the_team_wait_for_its_business_hours():
    issue = sa_form(local("EMEA", 2026, 11, 24, 16, 0))
    waiting = plan(issue, local("EMEA", 2026, 11, 25, 19, 0))
    assert waiting.actions == ()
    assert waiting.info == (
        "#9 form-triage-breached: due, waiting for business hours (opens Thu 26 Nov, 09:00 GMT)",)


def test_triage_clears_the_label_and_edits_each_note_once_reading_the_notes_only_then():
    filed = local("EMEA", 2026, 11, 24, 16, 0)
    now = local("EMEA", 2026, 11, 27, 10, 0)
    escalated = sa_form(filed, labels=(LABEL, "slo::form-triage-escalated"))
    due = checks(escalated, now)
    posted = tuple(Note(i, BOT, body(due[k], NoteState.ACTIVE), now, now)
                   for i, k in ((1, "form-triage-breached"), (2, "form-triage-escalated")))
    reads: list[int] = []

    def notes():
        reads.append(1)
        return posted

    def never():
        raise AssertionError("notes read with nothing to clear")

    assert plan(escalated, now, notes=never).actions == ()  # still waiting: nothing read
    triaged = replace(escalated, assignees=("marco.bianchi",))
    p = plan(triaged, now, notes=notes)
    *edits, labels = p.actions
    assert reads == [1] and p.with_notes
    assert [(e.marker, e.note_id) for e in edits] == [(BREACHED, 1), (ESCALATED, 2)]
    assert all("triaged (assigned to `@marco.bianchi`)" in e.body and "@anna" not in e.body.replace("`@", "")
               for e in edits)
    assert labels == a.UpdateIssue(9, remove_labels=("slo::form-triage-escalated",))
    cleared = replace(triaged, labels=(LABEL,))
    assert plan(cleared, now, notes=never).actions == ()  # settled: no label, nothing read


def test_a_form_held_back_at_go_live_clears_its_label_without_a_note():
    from bots.golive import Hold

    filed = local("EMEA", 2026, 11, 24, 16, 0)
    now = local("EMEA", 2026, 11, 25, 16, 30)
    issue = sa_form(filed)
    held = plan_form_issue(issue, config(), slo_settings(config()), now, Hold(now), bot=BOT)
    assert held.actions == (a.UpdateIssue(9, add_labels=("slo::form-triage-breached",)),)
    assert held.held == ((9, "form-triage-breached"),)
    triaged = replace(issue, labels=(LABEL, "slo::form-triage-breached"), assignees=("lena.fischer",))
    assert plan(triaged, now, notes=lambda: ()).actions == (
        a.UpdateIssue(9, remove_labels=("slo::form-triage-breached",)),)


def test_an_unticked_region_is_no_answer_and_a_region_outside_the_config_falls_back():
    issue = sa_form(local("AMER", 2026, 11, 24, 16, 0), author="lukas.weber", region=None)
    assert checks(issue, local("AMER", 2026, 11, 24, 16, 0))["form-triage-breached"].recipients == (
        "commercial-sa-emea",)  # the EMEA AE's region
    other = replace(issue, description=issue.description.replace("- [ ] EMEA", "- [x] APAC"))
    assert checks(other, local("AMER", 2026, 11, 24, 16, 0))["form-triage-breached"].recipients == (
        "commercial-sa-emea",)


def test_disabled():
    from bots.slo.rules.form_triage import FormTriageSettings

    s = slo_settings(config())
    off = replace(s, form_triage=FormTriageSettings(enabled=False))
    found = evaluate_form_issue(sa_form(local("EMEA", 2026, 11, 24, 16, 0)), config(), off,
                                local("EMEA", 2026, 12, 1, 10, 0))
    assert {c.status for c in found} == {Status.NOT_APPLICABLE}


def test_explain_shows_both_levels_their_due_times_and_the_notes_to_clear():
    import json

    import jsonschema

    from bots.slo.explain import explain_issue, explain_json
    from tests.factories import KEY, ROOT

    filed = local("EMEA", 2026, 11, 24, 16, 0)
    now = local("EMEA", 2026, 11, 26, 17, 0)
    issue = sa_form(filed, labels=(LABEL, "slo::form-triage-escalated"))
    text = "\n".join(explain_issue(issue, (), config(), BOT, KEY, now))
    assert "SA request filed from the form" in text and "due          Wed 25 Nov, 16:00 GMT" in text
    assert "form-triage-escalated" in text and "DUE" in text
    due = checks(issue, now)
    posted = tuple(Note(i, BOT, body(due[k], NoteState.ACTIVE), now, now)
                   for i, k in ((1, "form-triage-breached"), (2, "form-triage-escalated")))
    data = explain_json(replace(issue, assignees=("marco.bianchi",)), posted, config(), BOT, KEY, now)
    schema = json.loads((ROOT / "docs" / "explain.schema.json").read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["kind"] == "form" and {s["rule"] for s in data["slos"]} == {"form_triage"}
    assert {s["state"] for s in data["slos"]} == {"met"}
    assert [s["reminder"] for s in data["slos"]] == ["to-clear", "to-clear"]  # the ladder: both posted


def test_a_form_whose_opportunity_is_mirrored_and_open_is_triaged_there_looked_up_without_a_search():
    from bots.board import BoardSnapshot
    from bots.jobs.slo import SloJob
    from tests.factories import request
    from tests.slo.helpers import context_at, mirrored
    from tests.slo.test_job import Reader

    filed = local("EMEA", 2026, 11, 24, 16, 0)
    now = local("EMEA", 2026, 11, 26, 10, 0)  # breached (Wed 16:00), not escalated yet
    req = request()  # the opportunity 006Ak000001AbCdIAK, mirrored as #1
    url = f"https://acme.my.salesforce.com/{req.opportunity_id}"
    on_board = sa_form(filed, opportunity=url, labels=(LABEL, "slo::form-triage-breached"), iid=20)
    unknown = sa_form(filed, iid=21)  # links an opportunity nobody mirrored
    reader = Reader([mirrored(req, iid=1)], [on_board, unknown])
    snap = SloJob().read(BoardSnapshot(reader), context_at(now))
    assert not [c for c in reader.list_calls if "search" in c]  # open requests only: no search
    cleared, reminded = snap.forms
    assert cleared.actions == (a.UpdateIssue(20, remove_labels=("slo::form-triage-breached",)),)
    assert {c.resolution for c in cleared.checks} == {
        "triaged (its opportunity's request is on the board as #1, triaged there)"}
    assert [type(x) for x in reminded.actions] == [a.UpsertNote, a.UpdateIssue]
