"""The forms planner: one status note and the right labels per form issue; nothing when nothing changed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bots import actions as a
from bots.board import BoardSnapshot
from bots.forms import notes
from bots.forms.approvals import APPROVED_LABEL
from bots.forms.job import FormsJob, FormsSnapshot
from bots.issue_templates import FORMS, ON_SITE_REQUEST, PTO_COVERAGE, SA_HANDOFF, render
from tests.factories import BOT, context
from tests.factories import issue as plain_issue
from tests.forms.helpers import (
    KNOWN,
    apply,
    form_issue,
    plan,
    reordered,
    settle,
    status,
    thumbs,
    without_section,
)
from tests.issue_templates.helpers import fill

AWAITING = ON_SITE_REQUEST.next_label
LIVE_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")
REQUIRED = [spec for spec in ON_SITE_REQUEST.fields if spec.required]


def labels_after(issue) -> set[str]:
    return set(issue.labels) - {ON_SITE_REQUEST.label, PTO_COVERAGE.label}


def live_mentions(body: str) -> set[str]:
    """@names GitLab would notify, outside code spans."""
    return set(LIVE_MENTION.findall(re.sub(r"`[^`\n]*`", "", body)))


# -- completeness: (id, description, expected labels, fragments of the note) --------------------------
COMPLETENESS = [
    ("complete", fill(ON_SITE_REQUEST), {AWAITING}, ["is complete", "waiting for a 👍 from @maria.garcia"]),
    ("as-filed", render(ON_SITE_REQUEST), {"needs-info"},
     ["Replace the placeholder under `### Estimated Cost`"]),
    ("reordered", reordered(fill(ON_SITE_REQUEST)), {AWAITING}, ["is complete"]),
    ("extra-sections", fill(ON_SITE_REQUEST) + "\n## Background\nLong story.\n### Travel Notes\nTrain.\n",
     {AWAITING}, ["is complete"]),
    ("renamed-heading", fill(ON_SITE_REQUEST).replace("### Estimated Cost\n", "### Estimated Costs\n"),
     {"needs-info"}, ["Add the section `### Estimated Cost`"]),
    ("cost-without-currency", fill(ON_SITE_REQUEST, estimated_cost="2400"), {"needs-info"}, ["currency"]),
    ("dates-past", fill(ON_SITE_REQUEST, proposed_dates="2026-10-01"), {"needs-info"}, ["in the past"]),
    ("unknown-attendee", fill(ON_SITE_REQUEST, attendees="@alice @mallory"), {"needs-info"},
     ["No such GitLab user"]),
    ("bad-opportunity", fill(ON_SITE_REQUEST, opportunity="https://example.com/x"), {"needs-info"},
     ["**Customer SFDC Opportunity Link**"]),
    ("unticked", fill(ON_SITE_REQUEST, prerequisites=None), {"needs-info"}, ["Tick each"]),
    ("empty", "", {"needs-info"}, ["None of the template's `###` headings were found"]),
]


@pytest.mark.parametrize(("description", "wanted", "fragments"), [c[1:] for c in COMPLETENESS],
                         ids=[c[0] for c in COMPLETENESS])
def test_completeness_table(description, wanted, fragments):
    after, _ = settle(form_issue(description=description))
    assert labels_after(after) == wanted
    body = status(after).body
    for fragment in fragments:
        assert fragment in body
    assert body.startswith(notes.FORM_MARKER)
    assert live_mentions(body) <= {"jordan.lee", "maria.garcia", "tom.becker"}


@pytest.mark.parametrize("spec", REQUIRED, ids=[s.key for s in REQUIRED])
def test_each_required_field_missing_or_placeholder_is_listed_alone(spec):
    for description in (without_section(fill(ON_SITE_REQUEST), spec.heading),
                        fill(ON_SITE_REQUEST, **{spec.key: None})):
        after, _ = settle(form_issue(description=description))
        assert labels_after(after) == {"needs-info"}
        body = status(after).body
        assert f"- **{spec.heading}**:" in body
        assert body.count("\n- **") == 1, body


def test_completing_the_form_edits_the_same_note_and_swaps_the_labels():
    first, _ = settle(form_issue(description=render(ON_SITE_REQUEST)))
    note = status(first)
    fixed = replace(first, description=fill(ON_SITE_REQUEST))
    planned = plan(fixed)
    upsert, update = planned.actions
    assert isinstance(upsert, a.UpsertNote) and upsert.note_id == note.id
    assert update == a.UpdateIssue(1, add_labels=(AWAITING,), remove_labels=("needs-info",))
    after = apply(fixed, planned.actions)
    assert status(after).id == note.id and "is complete" in status(after).body
    assert plan(after).actions == ()


def test_emptying_a_complete_form_sends_it_back_to_needs_info():
    done, _ = settle(form_issue())
    after, _ = settle(replace(done, description=fill(ON_SITE_REQUEST, agenda="")))
    assert labels_after(after) == {"needs-info"}


def test_a_note_by_someone_else_with_the_marker_is_not_trusted():
    forged = replace(form_issue(), notes=(
        replace(status(settle(form_issue())[0]), id=7, author="mallory"),))
    planned = plan(forged)
    assert isinstance(planned.actions[0], a.UpsertNote) and planned.actions[0].note_id is None


# -- approvals: (id, awards, region label, expected labels, fragments) ---------------------------------
APPROVALS = [
    ("none", (), None, {AWAITING}, ["⏳ **SA Manager**: waiting for a 👍 from @maria.garcia",
                                   "⏳ **Area Sales Manager**: waiting for a 👍 from @tom.becker"]),
    ("manager-only", thumbs("maria.garcia"), None, {AWAITING},
     ["✅ **SA Manager**: approved by @maria.garcia", "waiting for a 👍 from @tom.becker"]),
    ("both", thumbs("maria.garcia", "tom.becker"), None, {APPROVED_LABEL}, ["**Approved.**"]),
    ("username-case", thumbs("Maria.Garcia", "TOM.BECKER"), None, {APPROVED_LABEL}, ["**Approved.**"]),
    ("wrong-users", thumbs("alex.kim", "jordan.lee", "anna.schmidt"), None, {AWAITING},
     ["does not count (seen from alex.kim, anna.schmidt, jordan.lee)",
      "waiting for a 👍 from @maria.garcia"]),
    ("look-alike", thumbs("maria.garcia2", "tom.becker.x"), None, {AWAITING}, ["seen from maria.garcia2"]),
    ("thumbsdown", thumbs("maria.garcia", name="thumbsdown") + thumbs("tom.becker", start=200), None,
     {AWAITING}, ["waiting for a 👍 from @maria.garcia"]),
    ("region-label-wins", thumbs("maria.garcia", "tom.becker"), "EMEA", {AWAITING},
     ["EMEA SA Manager", "waiting for a 👍 from @anna.schmidt", "seen from maria.garcia, tom.becker"]),
    ("emea-approvers", thumbs("anna.schmidt", "oliver.james"), "EMEA", {APPROVED_LABEL}, ["**Approved.**"]),
]


@pytest.mark.parametrize(("awards", "region", "wanted", "fragments"), [c[1:] for c in APPROVALS],
                         ids=[c[0] for c in APPROVALS])
def test_approvals_table(awards, region, wanted, fragments):
    labels = (ON_SITE_REQUEST.label,) + ((f"region::{region}",) if region else ())
    after, _ = settle(form_issue(labels=labels, awards=awards))
    assert labels_after(after) - {f"region::{region}"} == wanted
    body = status(after).body
    for fragment in fragments:
        assert fragment in body, body
    approvers = {"maria.garcia", "tom.becker", "anna.schmidt", "oliver.james"}
    assert live_mentions(body) <= {"jordan.lee"} | approvers


def test_approval_in_a_later_run_moves_awaiting_to_approved():
    waiting, _ = settle(form_issue())
    planned = plan(replace(waiting, awards=thumbs("maria.garcia", "tom.becker")))
    assert planned.actions[-1] == a.UpdateIssue(1, add_labels=(APPROVED_LABEL,), remove_labels=(AWAITING,))


def test_changed_fields_make_an_approval_stale_until_given_again():
    approved, _ = settle(form_issue(awards=thumbs("maria.garcia", "tom.becker")))
    assert labels_after(approved) == {APPROVED_LABEL}
    edited = replace(approved, description=fill(ON_SITE_REQUEST, estimated_cost="USD 9,900"))
    stale, _ = settle(edited)
    assert labels_after(stale) == {AWAITING}
    body = status(stale).body
    assert "**stale approval**: @maria.garcia approved before the required fields last changed" in body
    assert "remove your 👍 and add it again" in body and "Approved." not in body
    # Maria gives her 👍 again (a new award); Tom's is still stale.
    again = replace(stale, awards=(*thumbs("maria.garcia", start=300), *thumbs("tom.becker", start=101)))
    half, _ = settle(again)
    assert labels_after(half) == {AWAITING}
    body = status(half).body
    assert "approved by @maria.garcia" in body and "@tom.becker approved before" in body
    both = replace(half, awards=thumbs("maria.garcia", "tom.becker", start=300))
    done, _ = settle(both)
    assert labels_after(done) == {APPROVED_LABEL}


def test_whitespace_only_edits_do_not_make_an_approval_stale():
    approved, _ = settle(form_issue(awards=thumbs("maria.garcia", "tom.becker")))
    respaced = replace(approved, description=approved.description.replace("Discovery and", "Discovery   and"))
    assert labels_after(approved) == {APPROVED_LABEL} and respaced.description != approved.description
    assert plan(respaced).actions == ()


def test_withdrawn_thumb_withdraws_the_approval():
    approved, _ = settle(form_issue(awards=thumbs("maria.garcia", "tom.becker")))
    after, _ = settle(replace(approved, awards=thumbs("tom.becker", start=101)))
    assert labels_after(after) == {AWAITING}


def test_thumb_before_the_form_was_complete_is_stale_once_it_is():
    filed = form_issue(description=render(ON_SITE_REQUEST), awards=thumbs("maria.garcia", "tom.becker"))
    early, _ = settle(filed)
    assert labels_after(early) == {"needs-info"}
    complete, _ = settle(replace(early, description=fill(ON_SITE_REQUEST)))
    assert labels_after(complete) == {AWAITING} and "**stale approval**" in status(complete).body


def test_unknown_region_is_said_in_the_note_and_nobody_can_approve():
    issue = form_issue(author="outsider", awards=thumbs("maria.garcia", "tom.becker"))
    after, planned = settle(issue)
    assert labels_after(after) == {AWAITING}
    body = status(after).body
    assert "**Region unknown:**" in body and "`region::AMER`, `region::EMEA`" in body
    assert planned.info and "unknown region" in planned.info[0]


def test_a_region_without_configured_approvers_is_a_problem():
    cfg = context().config
    region = replace(cfg.regions["AMER"], area_sales_managers=())
    ctx = replace(context(), config=replace(cfg, regions={**cfg.regions, "AMER": region}))
    after, planned = settle(form_issue(), ctx)
    assert "nobody is configured for AMER" in status(after).body
    assert [p.message for p in planned.problems] == [
        "region AMER has no Area Sales Manager configured in sa-triage.yml: nobody can approve it"]


# -- past dates once the next state is reached ------------------------------------------------------
LATER = context(now=datetime(2026, 12, 10, 15, tzinfo=UTC))  # after the on-site dates


def test_passed_dates_do_not_undo_the_next_state_while_fields_are_unchanged():
    approved, _ = settle(form_issue(awards=thumbs("maria.garcia", "tom.becker")))
    assert labels_after(approved) == {APPROVED_LABEL}
    assert plan(approved, LATER).actions == ()


def test_changed_fields_are_revalidated_with_today():
    waiting, _ = settle(form_issue())
    edited = replace(waiting, description=fill(ON_SITE_REQUEST, agenda="One long day"))
    after, _ = settle(edited, LATER)
    assert labels_after(after) == {"needs-info"} and "in the past" in status(after).body


# -- PTO reminder: (id, now, dates, coverage, author, reminded) --------------------------------------
TUE = datetime(2026, 11, 17, 15, tzinfo=UTC)
THANKSGIVING_WEEK = datetime(2026, 11, 24, 15, tzinfo=UTC)
PTO = [
    ("in-two-business-days", TUE, "2026-11-19 to 2026-11-20", None, "jordan.lee", True),
    ("in-three-business-days", TUE, "2026-11-20 to 2026-11-23", None, "jordan.lee", False),
    ("started-already", TUE, "2026-11-16 to 2026-11-20", None, "jordan.lee", True),
    ("coverage-named", TUE, "2026-11-19 to 2026-11-20", "@alex.kim", "jordan.lee", False),
    ("coverage-unknown-user", TUE, "2026-11-19 to 2026-11-20", "@ghost", "jordan.lee", True),
    ("thanksgiving-skipped-amer", THANKSGIVING_WEEK, "2026-11-27 to 2026-11-30", None, "jordan.lee", True),
    ("no-thanksgiving-emea", THANKSGIVING_WEEK, "2026-11-27 to 2026-11-30", None, "lukas.weber", False),
]


@pytest.mark.parametrize(("now", "dates", "coverage", "author", "reminded"), [c[1:] for c in PTO],
                         ids=[c[0] for c in PTO])
def test_pto_reminder_table(now, dates, coverage, author, reminded):
    description = fill(PTO_COVERAGE, dates=dates, coverage=coverage)
    after, _ = settle(form_issue(PTO_COVERAGE, description, author=author), context(now=now))
    reminders = [n for n in after.notes if n.body.startswith(notes.PTO_REMINDER_MARKER)]
    assert len(reminders) == int(reminded)
    if reminded:
        assert f"**Reminder** @{author}: your time off starts" in reminders[0].body
        assert live_mentions(reminders[0].body) == {author}


def test_pto_reminder_is_posted_once_even_as_the_form_changes():
    ctx = context(now=TUE)
    first, _ = settle(form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, dates="2026-11-19", coverage=None)), ctx)
    moved, _ = settle(replace(first, description=fill(PTO_COVERAGE, dates="2026-11-18", coverage=None)), ctx)
    assert sum(n.body.startswith(notes.PTO_REMINDER_MARKER) for n in moved.notes) == 1


def test_complete_pto_gets_its_next_label():
    after, _ = settle(form_issue(PTO_COVERAGE))
    assert labels_after(after) == {PTO_COVERAGE.next_label}
    assert "It now has the `pto::coverage-planned` label." in status(after).body


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_every_form_complete_and_as_filed(form):
    complete, _ = settle(form_issue(form))
    assert labels_after(complete) - {form.label} == {form.next_label}
    filed, _ = settle(form_issue(form, render(form)))
    assert labels_after(filed) - {form.label} == {"needs-info"}


# -- bad input -----------------------------------------------------------------------------------------
HOSTILE = "\n".join([
    "/close", "/label ~\"onsite::approved\"", "@all @maria.garcia please", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "[click](javascript:alert(1)) ![x](http://evil/x.png)",
    "\u202e\u0000\u0007 bidi and controls", "<!-- unclosed comment", "```", "| a | b |",
])
BAD_INPUT = [
    ("none", None),
    ("empty", ""),
    ("no-headings", "Please approve my on-site, thanks!"),
    ("renamed-all", fill(ON_SITE_REQUEST).replace("### ", "### My ")),
    ("megabyte", "### Estimated Cost\n" + "x" * 1_048_600),
    ("many-headings", "### Estimated Cost\n" * 50_000),
    ("controls", fill(ON_SITE_REQUEST, engagement_summary="a\u0000b\u0007c\u202ed\r\ne")),
    ("hostile-in-fields",
     fill(ON_SITE_REQUEST, estimated_cost=HOSTILE, attendees=HOSTILE, proposed_dates=HOSTILE)),
    ("hostile-everywhere", HOSTILE + "\n" + fill(ON_SITE_REQUEST) + HOSTILE),
    ("quick-actions", fill(ON_SITE_REQUEST, agenda="/close\n/assign @mallory\n/label ~x")),
]


@pytest.mark.parametrize("description", [c[1] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT])
def test_bad_input_gets_an_inert_note_never_a_crash(description):
    issue = form_issue(description=description or "")
    after, _ = settle(issue)
    body = status(after).body
    assert not [line for line in body.split("\n") if line.lstrip().startswith("/")]
    assert live_mentions(body) <= {"jordan.lee", "maria.garcia", "tom.becker"}
    assert "<script" not in body and "<img" not in body and "javascript:" not in body
    assert "\u0000" not in body and "\u202e" not in body and len(body) < 20_000


# -- the job: snapshot in, plan out --------------------------------------------------------------------
def test_job_plans_every_issue_reports_ambiguous_ones_and_counts():
    issues = (form_issue(iid=1), form_issue(description="", iid=2),
              form_issue(iid=3, labels=(ON_SITE_REQUEST.label, SA_HANDOFF.label)))
    result = FormsJob().plan(FormsSnapshot(issues, KNOWN), context())
    assert {x.iid for x in result.actions} == {1, 2}
    assert [str(p) for p in result.problems] == [
        "issue #3: carries several form labels (form::onsite-request, form::sa-handoff): keep one"]
    assert result.info[0] == "3 open form issue(s): 1 needs-info, 1 complete, 0 approved"


def test_job_reports_an_issue_it_cannot_check_and_goes_on(monkeypatch):
    import bots.forms.job as job

    real = job.plan_issue

    def flaky(issue, *args):
        if issue.iid == 1:
            raise RuntimeError("boom")
        return real(issue, *args)

    monkeypatch.setattr(job, "plan_issue", flaky)
    result = FormsJob().plan(FormsSnapshot((form_issue(iid=1), form_issue(iid=2)), KNOWN), context())
    assert [str(p) for p in result.problems] == ["issue #1: could not be checked (RuntimeError)"]
    assert {x.iid for x in result.actions} == {2}


class FakeReader:
    """The read side of the gateway over a list of issues; records what was asked."""

    bot_username = BOT

    def __init__(self, issues):
        self._issues = {i.iid: i for i in issues}
        self.calls: list[tuple] = []

    def issues(self, **filters):
        self.calls.append(("issues", tuple(sorted(filters.items()))))
        return [replace(i, notes=(), awards=()) for i in self._issues.values()
                if filters.get("labels", i.labels[0]) in i.labels and filters["state"] == "opened"]

    def notes(self, iid):
        self.calls.append(("notes", iid))
        return self._issues[iid].notes

    def awards(self, iid):
        self.calls.append(("awards", iid))
        return self._issues[iid].awards

    def user_exists(self, username):
        self.calls.append(("user", username))
        return username == "alice"


def test_read_takes_form_issues_from_the_one_list_and_fetches_notes_and_only_on_site_awards():
    pto = form_issue(PTO_COVERAGE, fill(PTO_COVERAGE, coverage="@alice @alex.kim"), iid=2)
    other = plain_issue(3, labels=("sa-request",))
    reader = FakeReader([form_issue(iid=1, awards=thumbs("maria.garcia")), pto, other])
    snap = FormsJob().read(BoardSnapshot(reader), context())
    assert [c for c in reader.calls if c[0] == "issues"] == [("issues", (("state", "opened"),))]
    assert [i.iid for i in snap.issues] == [1, 2]
    assert [c for c in reader.calls if c[0] != "issues"] == [
        ("notes", 1), ("awards", 1), ("notes", 2), ("user", "alice"), ("user", "bob")]
    assert snap.issues[0].awards == thumbs("maria.garcia") and snap.issues[1].awards == ()
    assert {"alice", "alex.kim"} <= snap.known_users and "bob" not in snap.known_users


def test_a_note_written_for_another_form_is_rewritten_afresh():
    handoff, _ = settle(form_issue(SA_HANDOFF))
    moved = replace(handoff, labels=(ON_SITE_REQUEST.label,), description=fill(ON_SITE_REQUEST))
    after, planned = settle(moved)
    assert planned.actions[0].note_id == status(handoff).id
    assert "**On-site Request** is complete" in status(after).body
