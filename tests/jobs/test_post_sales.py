"""Post-sales redirect replies: the mirror's closing note of a won opportunity carries the handbook's
ready reply (with or without a Customer Success Manager), and `sa-triage reply post-sales` prints it.

Handbook (Commercial SA Engagement Model, Post-Sales Engagement), copied into tests/fixtures:
"Below are a few example responses an SA can provide customers that reach out for help after a deal
closes." Without a CSM: "... Additionally, I have copied your Account Executive as they can help
escalate your request if necessary. ..." With one: "... Additionally, I have copied your Customer
Success Manager and Account Executive, as well, as they can help escalate your request if necessary."
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from click.testing import CliRunner

from bots import sanitize
from bots.cli import cli
from bots.mirror.request_plan import plan_request
from bots.sources.request import Stage
from gitlab_sandbox.mentions import find_mentions
from tests.factories import ROOT, context, request
from tests.golden_files import check, orphans
from tests.jobs.test_mirror_plan import as_issue, created
from tests.slo.helpers import handbook_excerpts

GOLDEN = ROOT / "tests" / "golden" / "mirror"
WITHOUT = ("In order to best direct your question and provide you a timely response, can you submit a "
           "support ticket with our support team? Additionally, I have copied your Account Executive as")
WITH = "Additionally, I have copied your Customer Success Manager and Account Executive, as well, as they"
SUPPORT = "[support.gitlab.com](https://support.gitlab.com/hc/en-us/requests/new)"


def _closing_note(**changes) -> str:
    req = request()
    issue = as_issue(created(req))
    note, _close = plan_request(replace(req, **changes), issue, context())
    return note.body


NOTES = {
    "closed-won-without-csm": lambda: _closing_note(stage=Stage.CLOSED_WON),
    "closed-won-with-csm": lambda: _closing_note(stage=Stage.CLOSED_WON, csm_name="Nadia Haddad"),
    "closed-lost": lambda: _closing_note(stage=Stage.CLOSED_LOST),
}


@pytest.mark.parametrize("name", sorted(NOTES))
def test_closing_note_matches_its_golden_file(name):
    text = NOTES[name]()
    check(GOLDEN, name, text)
    assert not sanitize.has_quick_action_line(text) and find_mentions(text) == []


def test_every_golden_file_belongs_to_a_note():
    assert orphans(GOLDEN, set(NOTES)) == set()


def test_won_without_a_csm_gets_the_reply_for_accounts_without_one_with_the_support_links():
    text = _closing_note(stage=Stage.CLOSED_WON)
    assert f"> {WITHOUT}" in text and WITH not in text and SUPPORT in text


def test_won_with_a_csm_named_in_salesforce_gets_the_reply_for_accounts_with_one():
    text = _closing_note(stage=Stage.CLOSED_WON, csm_name="Nadia Haddad")
    assert WITH in text and WITHOUT not in text and "(Nadia Haddad)" in text


def test_lost_or_withdrawn_gets_no_reply():
    assert "Thanks for reaching out" not in _closing_note(stage=Stage.CLOSED_LOST)


def test_a_hostile_csm_name_stays_inert():
    text = _closing_note(stage=Stage.CLOSED_WON, csm_name="@all <b>x</b>\n/close")
    assert find_mentions(text) == [] and not sanitize.has_quick_action_line(text) and "<b>" not in text


def test_the_replies_are_the_handbooks_words():
    passages = "\n".join(handbook_excerpts()["commercial-sa-engagement-model.md"])
    assert f"> {WITHOUT}" in passages and WITH in passages


@pytest.mark.parametrize(("args", "present", "absent"), [([], WITHOUT, WITH), (["--csm"], WITH, WITHOUT)])
def test_the_reply_command_prints_the_reply(args, present, absent):
    result = CliRunner().invoke(cli, ["reply", "post-sales", *args])
    assert result.exit_code == 0, result.output
    assert present in result.output and absent not in result.output and SUPPORT in result.output
    assert result.output.startswith("Thanks for reaching out!\n")
