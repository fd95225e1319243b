"""Each field type: what it accepts, what it refuses, and how it says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bots.issue_templates import (
    Amount,
    Context,
    Date,
    DateRange,
    DateSpan,
    Invalid,
    Money,
    SalesforceLink,
    SalesforceRecord,
    Timing,
    Users,
)
from bots.issue_templates.checklists import Checklist, Choice, Item
from bots.issue_templates.money import parse_number
from bots.issue_templates.salesforce import checksum

from .helpers import KNOWN_USERS, LIVE_MENTION, TODAY

CONTEXT = Context(TODAY, KNOWN_USERS)


def _message(result: object) -> str:
    """The message of an Invalid result (fails on a value)."""
    assert isinstance(result, Invalid), result
    assert not LIVE_MENTION.search(result.message)
    return result.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("3 Dec 2026", date(2026, 12, 3)),
        ("3rd December 2026", date(2026, 12, 3)),
        ("Dec 3, 2026", date(2026, 12, 3)),
        ("dec. 3 2026", date(2026, 12, 3)),
        ("September 30, 2027 (a Thursday)", date(2027, 9, 30)),
        ("2026-11-02", TODAY),
    ],
)
def test_date_forms_accepted(text: str, expected: date) -> None:
    assert Date(Timing.NOT_PAST).parse(text, CONTEXT) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("next Tuesday", "No date found"),
        ("03/12/2026", "ambiguous"),
        ("2026-12-03 or 03.12.2026", "ambiguous"),
        ("Dec 3", "year"),
        ("2026-02-30", "not a real date"),
        ("2026-12-03 and 2026-12-04", "exactly one"),
        ("2026-11-01", "in the past"),
    ],
)
def test_date_refusals_say_how_to_fix(text: str, fragment: str) -> None:
    assert fragment in _message(Date(Timing.NOT_PAST).parse(text, CONTEXT))


def test_past_dates_are_fine_where_timing_does_not_matter() -> None:
    assert Date().parse("2020-01-01", CONTEXT) == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-12-03 to 2026-12-05", date(2026, 12, 3), date(2026, 12, 5)),
        ("From 3 Dec 2026 – 5 Dec 2026 (three days)", date(2026, 12, 3), date(2026, 12, 5)),
        ("Dec 3, 2026 - Dec 5, 2026", date(2026, 12, 3), date(2026, 12, 5)),
        ("2026-12-03 until 2027-01-04", date(2026, 12, 3), date(2027, 1, 4)),
        ("2026-12-03 → 2026-12-04", date(2026, 12, 3), date(2026, 12, 4)),
        ("2026-12-03", date(2026, 12, 3), date(2026, 12, 3)),
    ],
)
def test_date_ranges_accepted(text: str, start: date, end: date) -> None:
    assert DateSpan(Timing.NOT_PAST).parse(text, CONTEXT) == DateRange(start, end)


@pytest.mark.parametrize(
    ("span", "text", "fragment"),
    [
        (DateSpan(), "2026-12-05 to 2026-12-03", "ends"),
        (DateSpan(), "2026-12-03, 2026-12-10", "one range"),
        (DateSpan(), "2026-12-03 to 2026-12-05 or 2026-12-10", "one range"),
        (DateSpan(), "Dec 3 - Dec 5, 2026", "year"),
        (DateSpan(max_days=14), "2026-12-01 to 2026-12-15", "15 days"),
        (DateSpan(Timing.NOT_PAST), "2026-11-01 to 2026-11-05", "in the past"),
        (DateSpan(Timing.NOT_OVER), "2026-10-01 to 2026-11-01", "in the past"),
    ],
)
def test_date_range_refusals(span: DateSpan, text: str, fragment: str) -> None:
    assert fragment in _message(span.parse(text, CONTEXT))


def test_a_range_that_has_begun_is_fine_when_it_need_only_not_be_over() -> None:
    span = DateSpan(Timing.NOT_OVER).parse("2026-10-20 to 2026-11-02", CONTEXT)
    assert span == DateRange(date(2026, 10, 20), TODAY)
    assert isinstance(span, DateRange) and span.days == 14


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("USD 2,400", "2400", "USD"),
        ("€1.800,50", "1800.50", "EUR"),
        ("2400 EUR", "2400", "EUR"),
        ("$2,400.00 for flights and hotel", "2400.00", "USD"),
        ("£950", "950", "GBP"),
        ("chf 1'250.5", "1250.5", "CHF"),
        ("About 2 nights: USD 1,234,567", "1234567", "USD"),
        ("EUR 2.400", "2400", "EUR"),
        ("EUR 2,4", "2.4", "EUR"),
    ],
)
def test_money_accepted(text: str, amount: str, currency: str) -> None:
    assert Amount().parse(text, CONTEXT) == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2400", "Add the currency"),
        ("lots", "with its currency"),
        ("EUR -300", "more than zero"),
        ("-300 EUR", "more than zero"),
        ("USD 0", "more than zero"),
        ("USD 12,34,56", "can't be read"),
        ("XYZ 100", "Add the currency"),
        ("USD 2.4k", "with its currency"),
    ],
)
def test_money_refusals(text: str, fragment: str) -> None:
    assert fragment in _message(Amount().parse(text, CONTEXT))


def test_money_prints_canonically() -> None:
    assert str(Money(Decimal("1800.5"), "EUR")) == "EUR 1,800.50"
    assert parse_number("1,2,3") is None


ID15 = "0064M00000AbCdE"
ID18 = ID15 + checksum(ID15)


def test_checksum_matches_salesforce_examples() -> None:
    assert checksum("a0D30000001n7Pi") == "EAI"
    assert checksum("000000000000000") == "AAA"
    assert checksum("AAAAAAAAAAAAAAA") == "555"


@pytest.mark.parametrize(
    "url",
    [
        f"https://gitlab.my.salesforce.com/{ID15}",
        f"https://gitlab.my.salesforce.com/{ID18}",
        f"https://gitlab.my.salesforce.com/{ID18}?srPos=0",
        f"https://gitlab--uat.sandbox.my.salesforce.com/{ID18}/",
        f"https://gitlab.lightning.force.com/lightning/r/Opportunity/{ID18}/view",
        f"https://GitLab.Lightning.Force.com/lightning/r/opportunity/{ID15}/view?x=1",
        f"https://gitlab.lightning.force.com/lightning/r/{ID18}/view",
    ],
)
def test_opportunity_links_accepted(url: str) -> None:
    for text in (url, f"[Acme opp]({url})", f"see <{url}>.", f"Opportunity: {url}, thanks"):
        record = SalesforceLink().parse(text, CONTEXT)
        assert isinstance(record, SalesforceRecord), (text, record)
        assert record.kind == "Opportunity" and record.id15 == ID15


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Paste the link"),
        ("Acme Q3 renewal", "Paste the link"),
        (f"http://gitlab.my.salesforce.com/{ID18}", "https"),
        (f"https://gitlab.my.salesforce.com@evil.example/{ID18}", "https"),
        (f"https://gitlab.my.salesforce.com:8443/{ID18}", "https"),
        (f"https://evil.example/?.my.salesforce.com/{ID18}", "isn't a Salesforce"),
        (f"https://my.salesforce.com.evil.example/{ID18}", "isn't a Salesforce"),
        (f"https://a_b.my.salesforce.com/{ID18}", "isn't a Salesforce"),
        ("https://gitlab.my.salesforce.com/home/home.jsp", "doesn't point at a record"),
        ("https://gitlab.my.salesforce.com/0014M00000xYzAB", "isn't an Opportunity"),
        (f"https://x.lightning.force.com/lightning/r/Account/{ID18}/view", "isn't an Opportunity"),
        (f"https://gitlab.my.salesforce.com/{ID15}AAA", "damaged"),
        ("https://gitlab.my.salesforce.com/006123", "doesn't point at a record"),
    ],
)
def test_opportunity_link_refusals(text: str, fragment: str) -> None:
    assert fragment in _message(SalesforceLink().parse(text, CONTEXT))


def test_account_links_accepted_where_accounts_are() -> None:
    link = SalesforceLink(("Account", "Opportunity"))
    record = link.parse("https://gitlab.my.salesforce.com/0014M00000xYzAB", CONTEXT)
    assert isinstance(record, SalesforceRecord) and record.kind == "Account"


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        (Users(), "@alice", ("alice",)),
        (Users(), "@ALICE, @bob and `@carol`.", ("alice", "bob", "carol")),
        (Users(), "- @alice (lead)\n- @alice again\n- @dave.smith.", ("alice", "Dave.Smith")),
        (Users(), "[@bob](https://gitlab.com/bob) writes to bob@example.com", ("bob",)),
        (Users(max_count=1), "@carol", ("carol",)),
    ],
)
def test_users_accepted(field: Users, text: str, expected: tuple[str, ...]) -> None:
    assert field.parse(text, CONTEXT) == expected


@pytest.mark.parametrize(
    ("field", "text", "fragment"),
    [
        (Users(), "Alice and Bob", "`@username`"),
        (Users(), "alice@example.com", "`@username`"),
        (Users(), "@gitlab-com/sa-team", "not groups"),
        (Users(), "@alice @mallory @all", "No such GitLab user"),
        (Users(max_count=1), "@alice @bob", "at most 1"),
        (Users(), " ".join(f"@user{i}" for i in range(60)), "at most 50"),
    ],
)
def test_users_refusals_quote_names_defused(field: Users, text: str, fragment: str) -> None:
    assert fragment in _message(field.parse(text, CONTEXT))


def test_unknown_user_excerpt_is_short_and_defused() -> None:
    message = _message(Users().parse("@" + "m" * 500, CONTEXT))
    assert len(message) < 200
    assert "@\u2060" in message


CHECKLIST = Checklist((Item("a", "First thing is done"), Item("b", "Second thing", required=False)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [x] First thing is done\n- [ ] Second thing", ("a",)),
        ("* [X] first thing, is DONE (on 2026-11-01)\n1. [x] Second thing", ("a", "b")),
        ("Intro\n  - [x] First thing is done", ("a",)),
    ],
)
def test_checklist_accepted(text: str, expected: tuple[str, ...]) -> None:
    assert CHECKLIST.parse(text, CONTEXT) == expected


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("- [ ] First thing is done\n- [x] Second thing", False),
        ("- [x] Something else entirely", True),
        ("First thing is done", True),
        ("- [x]First thing is done", True),  # not a task item without the space
    ],
)
def test_checklist_refusals(text: str, wording: bool) -> None:
    message = _message(CHECKLIST.parse(text, CONTEXT))
    assert "“First thing is done”" in message and "Second thing" not in message
    assert ("wording" in message) is wording


CHOICE = Choice(("Discovery", "Demo", "Reverse AMA"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- [ ] Discovery\n- [x] Demo\n- [ ] Reverse AMA", "Demo"),
        ("reverse ama", "Reverse AMA"),
        ("- [x] Demo (short one)", "Demo"),
    ],
)
def test_choice_accepted(text: str, expected: str) -> None:
    assert CHOICE.parse(text, CONTEXT) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- [ ] Discovery\n- [ ] Demo", "Tick one of"),
        ("- [x] Discovery\n- [x] Demo", "only one"),
        ("Workshop", "Tick one of"),
    ],
)
def test_choice_refusals(text: str, fragment: str) -> None:
    assert fragment in _message(CHOICE.parse(text, CONTEXT))
