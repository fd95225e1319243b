"""Normalization tables: vocabularies, value parsers, Salesforce ids, and the request's helpers."""

from __future__ import annotations

import dataclasses
import string
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sources_factories import ID15, ID18, values

from bots.sources import fields as f
from bots.sources import sfid
from bots.sources.fields import FieldError
from bots.sources.normalize import RowRejected, normalize
from bots.sources.request import (
    Attendee,
    Judgment,
    MeetingType,
    Region,
    RequestStatus,
    Segment,
    Stage,
    Subscription,
    parse_judgment,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mid-Market First Order", Segment.FIRST_ORDER),
        ("MM First Order", Segment.FIRST_ORDER),
        ("FO", Segment.FIRST_ORDER),
        ("first-order", Segment.FIRST_ORDER),
        ("Named", Segment.NAMED),
        ("Key", Segment.NAMED),
        ("Mid-Market Named", Segment.NAMED),
        ("Mid-Market Key", Segment.NAMED),
        ("Named (Key)", Segment.NAMED),
        ("Territory", Segment.TERRITORY),
        ("Terr", Segment.TERRITORY),
        ("Mid Market Territory", Segment.TERRITORY),
        ("Enterprise", None),
        ("Mid-Market", None),
        ("", None),
    ],
)
def test_segment_spellings(text: str, expected: Segment | None) -> None:
    assert Segment.from_text(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("AMER", Region.AMER), ("amer", Region.AMER), ("Americas", Region.AMER),
     ("EMEA", Region.EMEA), (" emea ", Region.EMEA), ("APAC", None), ("PubSec", None)],
)  # fmt: skip
def test_region_spellings(text: str, expected: Region | None) -> None:
    assert Region.from_text(text) is expected


@pytest.mark.parametrize(
    ("text", "stage", "order"),
    [
        ("2-Scoping", Stage.SCOPING, 2),
        ("3-Technical Evaluation", Stage.TECHNICAL_EVALUATION, 3),
        ("3 - Technical Evaluation", Stage.TECHNICAL_EVALUATION, 3),
        ("Technical Evaluation", Stage.TECHNICAL_EVALUATION, 3),
        ("Tech Eval", Stage.TECHNICAL_EVALUATION, 3),
        ("Stage 3", Stage.TECHNICAL_EVALUATION, 3),
        ("3", Stage.TECHNICAL_EVALUATION, 3),
        ("4-Proposal", Stage.PROPOSAL, 4),
        ("Negotiating", Stage.NEGOTIATING, 5),
        ("5-Negotiating", Stage.NEGOTIATING, 5),
        ("Awaiting Signature", Stage.AWAITING_SIGNATURE, 6),
        ("Closed Won", Stage.CLOSED_WON, 8),
        ("8-Closed Lost", Stage.CLOSED_LOST, 8),
        ("closed lost", Stage.CLOSED_LOST, 8),
    ],
)
def test_stage_spellings_and_order(text: str, stage: Stage, order: int) -> None:
    assert Stage.from_text(text) is stage
    assert stage.order == order


def test_stage_keeps_the_salesforce_name_and_knows_closed() -> None:
    assert str(Stage.TECHNICAL_EVALUATION) == "3-Technical Evaluation"
    assert Stage.CLOSED_WON.is_closed and Stage.CLOSED_LOST.is_closed
    assert not Stage.AWAITING_SIGNATURE.is_closed
    assert next(s for s in Stage if s.order >= 3 and not s.is_closed) is Stage.TECHNICAL_EVALUATION
    assert Stage.from_text("Qualified") is None
    assert Stage.from_text("9") is None


@pytest.mark.parametrize(
    ("enum", "text", "expected"),
    [
        (MeetingType, "Discovery Call", MeetingType.DISCOVERY),
        (MeetingType, "Demo", MeetingType.DEMO),
        (MeetingType, "Technical Deep Dive", MeetingType.TECHNICAL_DEEP_DIVE),
        (MeetingType, "Reverse AMA", MeetingType.REVERSE_AMA),
        (MeetingType, "workshop", MeetingType.WORKSHOP),
        (MeetingType, "Lunch", None),
        (Subscription, "SaaS", Subscription.SAAS),
        (Subscription, "GitLab.com", Subscription.SAAS),
        (Subscription, "Self-Managed", Subscription.SELF_MANAGED),
        (Subscription, "self managed", Subscription.SELF_MANAGED),
        (Subscription, "Dedicated", None),
        (RequestStatus, "Open", RequestStatus.OPEN),
        (RequestStatus, "In Progress", RequestStatus.OPEN),
        (RequestStatus, "Withdrawn", RequestStatus.WITHDRAWN),
        (RequestStatus, "Cancelled", RequestStatus.WITHDRAWN),
        (RequestStatus, "Maybe", None),
    ],
)
def test_other_vocabularies(enum: type, text: str, expected: object) -> None:
    assert enum.from_text(text) is expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2026-12-15", date(2026, 12, 15)), ("12/15/2026", date(2026, 12, 15)),
     ("1/5/2027", date(2027, 1, 5))],
)  # fmt: skip
def test_dates(raw: str, expected: date) -> None:
    assert f.parse_date("close_date", raw) == expected


@pytest.mark.parametrize("raw", ["31/31/2026", "2026-02-30", "15.12.2026", "next week", "2026-12"])
def test_bad_dates_name_the_field_and_value(raw: str) -> None:
    with pytest.raises(FieldError) as error:
        f.parse_date("close_date", raw)
    assert str(error.value) == f"close_date: unparseable date '{raw}'"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-20T14:05:00Z", datetime(2026, 11, 20, 14, 5, tzinfo=UTC)),
        ("2026-11-20T15:05:00+01:00", datetime(2026, 11, 20, 14, 5, tzinfo=UTC)),
        ("2026-11-20T14:05:00.000+0000", datetime(2026, 11, 20, 14, 5, tzinfo=UTC)),
        ("2026-11-20 14:05", datetime(2026, 11, 20, 14, 5, tzinfo=UTC)),
        ("11/20/2026 2:05 PM", datetime(2026, 11, 20, 14, 5, tzinfo=UTC)),
        ("11/20/2026 12:05 AM", datetime(2026, 11, 20, 0, 5, tzinfo=UTC)),
        ("11/20/2026 14:05:30", datetime(2026, 11, 20, 14, 5, 30, tzinfo=UTC)),
    ],
)
def test_datetimes_become_aware_utc(raw: str, expected: datetime) -> None:
    parsed = f.parse_datetime("requested_at", raw, UTC)  # times without an offset: the source's zone
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() is not None and parsed.tzinfo is UTC


def test_a_time_without_an_offset_and_no_zone_is_an_error_not_utc() -> None:
    with pytest.raises(FieldError, match=r"^meeting_at: '2026-11-20 14:05' has no time zone: set `timezone"):
        f.parse_datetime("meeting_at", "2026-11-20 14:05")
    berlin = f.parse_datetime("meeting_at", "2026-11-20 14:05", ZoneInfo("Europe/Berlin"))
    assert berlin == datetime(2026, 11, 20, 13, 5, tzinfo=UTC)
    assert f.parse_datetime("meeting_at", "2026-11-20T14:05Z") == datetime(2026, 11, 20, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["2026-11-20", "11/20/2026 13:05 PM", "yesterday", "2026-11-20T25:00"])
def test_bad_datetimes(raw: str) -> None:
    with pytest.raises(FieldError, match=r"^requested_at: unparseable date/time"):
        f.parse_datetime("requested_at", raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$1,234.56", "1234.56"),
        ("USD 1234", "1234.00"),
        ("1234 USD", "1234.00"),
        ("-$12,000.00", "-12000.00"),
        ("$-500", "-500.00"),
        ("(8,000)", "-8000.00"),
        ("0", "0.00"),
        (48000, "48000.00"),
        (26500.5, "26500.50"),
        (Decimal("1.005"), "1.01"),
    ],
)
def test_money(raw: object, expected: str) -> None:
    assert f.money("net_arr", raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["about 40k", "12k", "EUR 1,000", "1.234,56", "1,23,456", "$", ""])
def test_bad_money(raw: str) -> None:
    with pytest.raises(FieldError, match=r"^net_arr: (bad amount|missing)"):
        f.money("net_arr", raw)


@pytest.mark.parametrize("raw", [True, "true", "TRUE", "1", "yes", "Y", "x", "X", "checked"])
def test_true_values(raw: object) -> None:
    assert f.boolean("fast_track", raw) is True


@pytest.mark.parametrize("raw", [False, None, "", "false", "0", "no", "N"])
def test_false_values(raw: object) -> None:
    assert f.boolean("fast_track", raw) is False


def test_unknown_boolean_names_the_field() -> None:
    with pytest.raises(FieldError, match=r"^fast_track: not a yes/no value 'maybe'$"):
        f.boolean("fast_track", "maybe")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dana Cruz (VP Engineering); Lee Park (Platform Lead)",
         (Attendee("Dana Cruz", "VP Engineering"), Attendee("Lee Park", "Platform Lead"))),
        ("Chris Adams - Head of IT\nPriti Rao – Security Architect",
         (Attendee("Chris Adams", "Head of IT"), Attendee("Priti Rao", "Security Architect"))),
        ("Sarah; Mike", (Attendee("Sarah"), Attendee("Mike"))),
        ([{"name": "Ana", "title": "CTO"}, "Bo (SRE)"], (Attendee("Ana", "CTO"), Attendee("Bo", "SRE"))),
        ("", ()),
        (None, ()),
    ],
)  # fmt: skip
def test_attendees(raw: object, expected: tuple[Attendee, ...]) -> None:
    assert f.attendees("attendees", raw) == expected


def test_salesforce_documented_id_example() -> None:
    assert sfid.to_18("001A0000006Vm9r") == "001A0000006Vm9rIAC"


def test_15_and_18_character_ids_key_the_same_request() -> None:
    assert sfid.opportunity_id(ID15) == sfid.opportunity_id(ID18) == ID18
    assert sfid.opportunity_id(ID18.lower()) == ID18  # case folded by a spreadsheet: repaired
    assert sfid.opportunity_id(ID18.upper()) == ID18


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0068X00001AbCd", "expected 15 or 18 letters and digits"),
        ("0068X00001AbCdE-QA", "expected 15 or 18 letters and digits"),
        ("0068X00001AbCdEQAA", "checksum does not match"),
        ("0068X00001AbCdEQA9", "checksum does not match"),
        ("001A0000006Vm9r", "not an Opportunity id (expected prefix 006)"),
    ],
)
def test_bad_ids(raw: str, reason: str) -> None:
    with pytest.raises(FieldError) as error:
        f.opportunity_id("opportunity_id", raw)
    assert str(error.value) == f"opportunity_id: bad id '{raw}' ({reason})"


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=12, max_size=12))
def test_every_id_form_normalizes_to_one(tail: str) -> None:
    id15 = "006" + tail
    id18 = sfid.to_18(id15)
    assert len(id18) == 18 and id18.startswith(id15)
    assert sfid.to_18(id18) == sfid.to_18(id18.lower()) == sfid.to_18(id18.upper()) == id18


def _request(**overrides: str):  # type: ignore[no-untyped-def]
    return normalize(values(**overrides).get).request


def test_a_full_row_normalizes_to_typed_values() -> None:
    request = _request(opportunity_id=ID15, ae_email="Jordan.Lee@Example.com", fast_track="x")
    assert request.opportunity_id == ID18
    assert request.ae_email == "jordan.lee@example.com"
    assert request.region is Region.AMER and request.segment is Segment.FIRST_ORDER
    assert request.stage is Stage.TECHNICAL_EVALUATION and request.stage.order >= 3
    assert request.net_arr == Decimal("48000.00")
    assert request.fast_track is True and request.status is RequestStatus.OPEN
    assert request.command_plan.attendees == (Attendee("Dana Cruz", "VP Engineering"),)
    assert request.missing_command_plan_fields() == ()
    assert request.missing_meddppicc_fields() == ()
    assert request.sa_judgment is None and request.named_account is False


def test_every_bad_field_of_a_row_is_reported_at_once() -> None:
    with pytest.raises(RowRejected) as error:
        normalize(values(region="APAC", net_arr="12k", close_date="31/31/2026").get)
    assert str(error.value) == (
        "region: unknown region 'APAC' (expected AMER or EMEA); "
        "close_date: unparseable date '31/31/2026'; net_arr: bad amount '12k'"
    )
    assert error.value.opportunity_id == ID18


def test_required_fields_are_reported_missing() -> None:
    with pytest.raises(RowRejected) as error:
        normalize(values(opportunity_id="", account=" ", segment="", requested_at="").get)
    assert str(error.value) == (
        "opportunity_id: missing; account: missing; segment: missing; requested_at: missing"
    )


def test_missing_helpers_list_blank_fields_in_order() -> None:
    request = _request(competitors="", why_now=" ", attendees="Sarah; Mike (CTO)", metrics="",
                       champion="")  # fmt: skip
    assert request.missing_command_plan_fields() == ("competitors", "attendees", "why_now")
    assert request.missing_meddppicc_fields() == ("metrics", "champion")


def test_fingerprint_is_stable_and_sees_every_change() -> None:
    a = _request(opportunity_id=ID15, net_arr="$48,000")
    b = _request(opportunity_id=ID18, net_arr="USD 48000.00")
    assert a == b and a.fingerprint() == b.fingerprint()
    assert len(a.fingerprint()) == 64
    changed = [
        dataclasses.replace(a, stage=Stage.PROPOSAL),
        dataclasses.replace(a, fast_track=True),
        dataclasses.replace(a, command_plan=dataclasses.replace(a.command_plan, why_now="x")),
        dataclasses.replace(a, meddppicc=dataclasses.replace(a.meddppicc, champion="")),
        dataclasses.replace(a, sa_judgment="[GREEN] ok"),
    ]
    assert len({a.fingerprint(), *(c.fingerprint() for c in changed)}) == 1 + len(changed)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(_request(), requested_at=datetime(2026, 11, 20, 14, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[GREEN] POC pipelines green", (Judgment.GREEN, "POC pipelines green")),
        ("[yellow]  paper process unclear ", (Judgment.YELLOW, "paper process unclear")),
        ("Looks good so far", None),
        ("[RED]", None),
        ("[RED] line one\nline two", None),
        (None, None),
    ],
)
def test_sa_judgment_format(text: str | None, expected: object) -> None:
    assert parse_judgment(text) == expected


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=15, max_size=15))
def test_the_checksum_of_letters_and_digits_is_the_documented_bit_sum(id15: str) -> None:
    # The one-translate fast path against the definition: bit i of a block is its i-th upper case letter.
    blocks = (id15[0:5], id15[5:10], id15[10:15])
    expected = "".join(sfid._SUFFIX_ALPHABET[sum(1 << i for i, c in enumerate(b) if c.isupper())]
                       for b in blocks)
    assert sfid.checksum(id15) == expected
