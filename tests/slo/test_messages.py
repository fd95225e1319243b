"""Golden files for every note the SLO bot posts, active and resolved (UPDATE_GOLDEN=1 rewrites them)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bots import sanitize
from bots.slo.form_issues import evaluate_form_issue as evaluate
from bots.slo.messages import NoteState, body
from bots.slo.model import Status
from bots.slo.settings import slo_settings
from bots.sources.request import Region, Segment, Stage
from gitlab_sandbox.mentions import find_mentions
from tests.factories import config, request
from tests.golden_files import UPDATE
from tests.slo.helpers import checks_at, comment, local, mirrored, system
from tests.slo.test_form_triage import checks as form_checks
from tests.slo.test_form_triage import sa_form
from tests.slo.test_slack_channel import form

GOLDEN = Path(__file__).parent / "golden"
EMEA = {"region": Region.EMEA, "ae_email": "lukas.weber@example.com"}
T0 = local("EMEA", 2026, 11, 23, 9, 30)
ASSIGNED = (system(1, "assigned to @marco.bianchi", T0 + timedelta(hours=1)),)


def emea(**kw):
    base = {**EMEA, "requested_at": T0, "meeting_at": T0 + timedelta(days=2), "net_arr": Decimal("80000")}
    return request(**{**base, **kw})


def pair(key, active_issue, active_at, closed_issue, closed_at, notes=ASSIGNED, closed_notes=None):
    return (checks_at(active_issue, active_at, notes)[key],
            checks_at(closed_issue, closed_at, closed_notes if closed_notes is not None else notes)[key])


def scenarios():
    untriaged = mirrored(emea(meeting_at=None))
    yield "triage-breached", *pair("triage-breached", untriaged, T0 + timedelta(days=1),
                                   replace(untriaged, assignees=("marco.bianchi",)), T0 + timedelta(days=1))
    yield "triage-escalated", *pair("triage-escalated", untriaged, T0 + timedelta(days=2),
                                    replace(untriaged, assignees=("marco.bianchi",)), T0 + timedelta(days=2))
    fast = mirrored(emea(meeting_at=T0 + timedelta(hours=5)))
    yield "fast-track", *pair("fast-track", fast, T0, fast, T0 + timedelta(hours=6), notes=())
    yield "fast-track", *pair("fast-track", fast, T0, replace(fast, assignees=("marco.bianchi",)),
                              T0 + timedelta(hours=2))
    tech = emea(segment=Segment.TERRITORY, close_date=date(2026, 12, 31), meeting_at=None)
    yield "tech-eval-at-risk", *pair(
        "tech-eval-at-risk", mirrored(tech, assignees=("marco.bianchi",)), T0 + timedelta(days=1),
        mirrored(replace(tech, stage=Stage.PROPOSAL), assignees=("marco.bianchi",)), T0 + timedelta(days=1))
    yield "tech-eval-breached", *pair(
        "tech-eval-breached", mirrored(tech, assignees=("marco.bianchi",)), T0 + timedelta(days=9),
        mirrored(replace(tech, stage=Stage.PROPOSAL), assignees=("marco.bianchi",)), T0 + timedelta(days=9))
    prep = mirrored(emea(), assignees=("marco.bianchi",))
    agenda = replace(prep, description=prep.description + "\n### Objectives\n\nOne platform; agree a POC.\n"
                     "\n### Agenda\n\n1. Demo\n")
    yield "meeting-prep", *pair("meeting-prep", prep, T0 + timedelta(hours=2), agenda,
                                T0 + timedelta(hours=3))
    ask = comment(2, "@lena.fischer a second look?", T0 + timedelta(days=1), "marco.bianchi")
    review_notes = (*ASSIGNED, ask)
    # a meeting three business days out: not a fast track (which needs no second review)
    later = mirrored(emea(meeting_at=T0 + timedelta(days=3)), assignees=("marco.bianchi",))
    yield "second-review", *pair("second-review", later, T0 + timedelta(days=1, hours=2), later,
                                 T0 + timedelta(days=1, hours=3), closed_notes=review_notes)
    contacted = replace(prep, labels=tuple(sorted({*prep.labels} - {"triage::new"} | {"triage::assigned"})))
    yield "ae-contact", *pair("ae-contact", prep, T0 + timedelta(days=1, hours=2), contacted,
                              T0 + timedelta(days=1, hours=2))
    judged = mirrored(emea(sa_judgment="[GREEN] Champion engaged"), assignees=("marco.bianchi",))
    yield "judgment", *pair("judgment", prep, T0 + timedelta(days=1, hours=2), judged, T0 + timedelta(days=1))
    follow = (*ASSIGNED, comment(2, "## Follow-up\nPOC agreed.", T0 + timedelta(days=2, hours=1),
                                 "marco.bianchi"))
    yield "follow-up", *pair("follow-up", prep, T0 + timedelta(days=3, hours=1), prep,
                             T0 + timedelta(days=3, hours=1), closed_notes=follow)
    negotiating = mirrored(emea(stage=Stage.NEGOTIATING), assignees=("marco.bianchi",))
    yield "csm-transition", *pair("csm-transition", negotiating, T0,
                                  replace(negotiating, labels=(*negotiating.labels, "csm-introduced")), T0)
    for key, at in (("slack-heads-up", T0), ("slack-overdue", T0 + timedelta(days=10))):
        (check,) = [c for c in evaluate(form(), config(), slo_settings(config()), at) if c.level.key == key]
        yield key, check, None
    filed = local("EMEA", 2026, 11, 24, 16, 0)
    for key, days in (("form-triage-breached", 1), ("form-triage-escalated", 2)):
        at = filed + timedelta(days=days)
        yield (key, form_checks(sa_form(filed), at)[key],
               form_checks(sa_form(filed, assignees=("marco.bianchi",)), at)[key])


CASES = list(scenarios())


@pytest.mark.parametrize(("key", "active", "closed"), CASES, ids=[c[0] for c in CASES])
def test_golden_notes(key, active, closed):
    assert active.status is Status.DUE, (key, active.why)
    rendered = {"active": body(active, NoteState.ACTIVE)}
    if closed is not None:
        assert closed.status in (Status.MET, Status.NOT_APPLICABLE), (key, closed.why)
        state = NoteState.RESOLVED if closed.status is Status.MET else NoteState.LAPSED
        rendered[state.value] = body(closed, state)
    for state, text in rendered.items():
        path = GOLDEN / f"{key}.{state}.md"
        if UPDATE:
            GOLDEN.mkdir(exist_ok=True)
            path.write_text(text)
        assert text == path.read_text(), f"{path} differs (UPDATE_GOLDEN=1 to accept)"
        assert not sanitize.has_quick_action_line(text)
        assert text.startswith(f"<!-- sa-triage:slo {key} -->\n")
        mentioned = set(find_mentions(text))
        assert mentioned == (set(active.recipients) if state == "active" else set()), (state, mentioned)


def test_golden_slack_channel_due_at_project_completion():
    """The one "due for closing" note, when the linked opportunity closed before the 90 days."""
    from bots.slo.linked import LinkedRequest
    from tests.slo.test_slack_channel import OPPORTUNITY

    link = LinkedRequest(OPPORTUNITY, 12, True, "the opportunity is Closed Won", date(2026, 10, 20))
    at = T0 - timedelta(days=30)
    issue = form(opportunity=OPPORTUNITY)
    checks = evaluate(issue, config(), slo_settings(config()), at, {OPPORTUNITY: link})
    (check,) = [c for c in checks if c.level.key == "slack-overdue"]
    assert check.status is Status.DUE
    text = body(check, NoteState.ACTIVE)
    path = GOLDEN / "slack-overdue.active-completed.md"
    if UPDATE:
        path.write_text(text)
    assert text == path.read_text(), f"{path} differs (UPDATE_GOLDEN=1 to accept)"
    assert not sanitize.has_quick_action_line(text)
    assert set(find_mentions(text)) == set(check.recipients)
