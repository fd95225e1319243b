"""The mirror's signed record of the closed issues of live requests, on the bot's ledger issue."""

from dataclasses import replace

from bots import actions as a
from bots import bot_ledger, markers
from bots.mirror import closed_known
from tests.factories import BOT, KEY
from tests.factories import issue as make_issue

LEDGER = make_issue(6, author=BOT, description=markers.owned_block(markers.issue_key_marker(bot_ledger.KEY)))


def with_record(actions) -> object:
    (update,) = actions
    assert isinstance(update, a.UpdateIssue) and update.iid == LEDGER.iid and update.edit is not None
    return replace(LEDGER, description=update.edit.apply(LEDGER.description))


def test_a_new_set_is_written_once_and_read_back():
    known = {"006A": 7, "006B": 12}
    ledger = with_record(closed_known.plan(LEDGER, {}, known, KEY))
    assert closed_known.read(ledger, KEY) == known
    assert closed_known.plan(ledger, known, dict(known), KEY) == []  # unchanged: no write
    fewer = with_record(closed_known.plan(ledger, known, {"006A": 7}, KEY))
    assert closed_known.read(fewer, KEY) == {"006A": 7}


def test_without_a_ledger_issue_the_first_record_makes_it_and_a_forged_one_is_not_read():
    assert closed_known.plan(None, {}, {}, KEY) == []  # nothing to record: no issue made for it
    (made,) = closed_known.plan(None, {}, {"006A": 7}, KEY)
    assert isinstance(made, a.CreateIssue) and (made.key, made.title) == (bot_ledger.KEY, bot_ledger.TITLE)
    issue = replace(LEDGER, description=made.description)
    assert bot_ledger.find_issue([issue], BOT, "sa-request") == issue  # the SLO bot finds and shares it
    assert closed_known.read(issue, KEY) == {"006A": 7}
    assert closed_known.read(None, KEY) == {}
    ledger = with_record(closed_known.plan(LEDGER, {}, {"006A": 7}, KEY))
    forged = replace(ledger, description=ledger.description.replace('"006A":7', '"006A":8'))
    assert '"006A":8' in forged.description and closed_known.read(forged, KEY) == {}
    assert closed_known.read(ledger, b"another key") == {}


def test_the_record_is_of_the_lowest_issue_per_request_and_not_of_one_the_run_reopens():
    from bots.mirror.missing import FLAG

    def closed(iid, key, **kw):
        text = markers.owned_block(markers.issue_key_marker(key))
        return make_issue(iid, author=BOT, description=text, state="closed", **kw)

    found = [closed(9, "006A"), closed(4, "006A"), closed(5, "006B", labels=(FLAG,), closed_by=BOT),
             closed(6, "006C", labels=(FLAG,), closed_by="alice")]
    assert closed_known.to_record(found, BOT) == {"006A": 4, "006C": 6}  # 006B is reopened this run
