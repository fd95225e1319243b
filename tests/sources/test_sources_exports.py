"""CSV and JSON lines exports: the shipped sample, each bad-row reason at its place, hostile bytes."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sources_factories import HEADER, ID15, ID18, export_row, values, write_csv

from bots.errors import Problem, UsageError
from bots.sources import exports
from bots.sources.exports import read_csv, read_jsonl, sample_path
from bots.sources.fields import DEFAULT_EXPORT_MAPPING
from bots.sources.normalize import TEXT_LIMIT
from bots.sources.request import MeetingType, Region, RequestStatus, Segment, Stage

ID_B = "0068X00001ZzYyXQAV"


# --- the shipped sample -------------------------------------------------------------------------


def test_sample_export_has_exactly_the_four_planted_problems() -> None:
    result = read_csv(sample_path(), zone=UTC)  # as shipped: `timezone: UTC` (one row has no offset)
    assert result.problems == (
        Problem("sample_requests.csv row 8", "opportunity_id: missing"),
        Problem("sample_requests.csv row 14", "close_date: unparseable date '31/31/2026'"),
        Problem(
            "sample_requests.csv row 28",
            "segment: unknown segment 'Enterprise' (expected First Order, Named, Territory or SMB)",
        ),
        Problem("sample_requests.csv row 32", "net_arr: bad amount 'about 40k'"),
    )
    assert len(result.requests) == 38
    assert len({r.opportunity_id for r in result.requests}) == 38
    assert len(result.rejected_ids) == 3  # the row without an id cannot be named


def test_sample_export_covers_what_the_bots_need() -> None:
    requests = read_csv(sample_path(), zone=UTC).requests
    regions = Counter(r.region for r in requests)
    assert regions == {Region.AMER: 19, Region.EMEA: 18, None: 1}
    assert {r.segment for r in requests} == set(Segment)
    stages = {r.stage for r in requests}
    assert {Stage.SCOPING, Stage.TECHNICAL_EVALUATION, Stage.PROPOSAL, Stage.NEGOTIATING,
            Stage.CLOSED_WON} <= stages  # fmt: skip
    assert {r.meeting_type for r in requests} >= set(MeetingType)
    assert [r.account for r in requests if r.status is RequestStatus.WITHDRAWN] == ["Silverbirch Retail"]
    assert [r.ae_email for r in requests if r.region is None] == ["sam.taylor@example.com"]
    short_notice = [
        r for r in requests if r.meeting_at and (r.meeting_at - r.requested_at).total_seconds() < 86400
    ]
    assert sum(r.fast_track for r in short_notice) == 3
    assert sum(not r.fast_track for r in short_notice) == 1
    assert any(r.net_arr > 0 and "compelling_event" in r.missing_command_plan_fields() for r in requests)
    assert sum(bool(r.missing_meddppicc_fields()) for r in requests) >= 3
    emea_big_tech_eval = [
        r for r in requests
        if r.region is Region.EMEA and r.net_arr > 50000 and r.stage is Stage.TECHNICAL_EVALUATION
    ]  # fmt: skip
    assert {r.sa_judgment is None for r in emea_big_tech_eval} == {True, False}
    for r in requests:
        assert r.ae_email.endswith("@example.com")
        assert r.requested_at.year == 2026 and r.requested_at.month == 11
        assert (2026, 12) <= (r.close_date.year, r.close_date.month) <= (2027, 3)


def test_sample_hostile_rows_arrive_verbatim_for_the_renderer_to_defuse() -> None:
    by_account = {r.account: r for r in read_csv(sample_path()).requests}
    quill = by_account["Quillmark Publishing"]
    assert "\n/close\n" in quill.command_plan.why_now
    assert '\n/label ~"x"\n' in quill.command_plan.why_now
    assert "@all" in quill.command_plan.use_cases and "@someone" in quill.command_plan.use_cases
    pipe = by_account["Pipe|Line Data Ltd"]
    assert "<script>" in pipe.opportunity_name
    assert "|" in pipe.command_plan.competitors


def test_sample_jsonl_reads_clean_with_native_types() -> None:
    result = read_jsonl(sample_path("sample_requests.jsonl"))
    assert result.problems == ()
    assert len(result.requests) == 5
    first = result.requests[0]
    assert first.net_arr == Decimal("42000.00")
    assert first.command_plan.attendees[0].title == "VP Engineering"


# --- each bad-row reason at its place -----------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opportunity_id": ""}, "opportunity_id: missing"),
        ({"opportunity_id": "0068X00001AbCd"},
         "opportunity_id: bad id '0068X00001AbCd' (expected 15 or 18 letters and digits)"),
        ({"close_date": "31/31/2026"}, "close_date: unparseable date '31/31/2026'"),
        ({"segment": "Enterprise"},
         "segment: unknown segment 'Enterprise' (expected First Order, Named, Territory or SMB)"),
        ({"region": "APAC"}, "region: unknown region 'APAC' (expected AMER or EMEA)"),
        ({"net_arr": "12k"}, "net_arr: bad amount '12k'"),
        ({"ae_email": "jordan"}, "ae_email: not an e-mail address 'jordan'"),
        ({"opportunity_url": "javascript:alert(1)"},
         "opportunity_url: not an http(s) URL 'javascript:alert(1)'"),
    ],
)  # fmt: skip
def test_each_bad_row_is_reported_at_its_spreadsheet_row(
    tmp_path: Path, overrides: dict[str, str], message: str
) -> None:
    good = [export_row(opportunity_id=f"0068X00001Good{i}") for i in range(2)]
    path = write_csv(tmp_path, [good[0], export_row(**overrides), good[1]])
    result = read_csv(path, DEFAULT_EXPORT_MAPPING)
    assert result.problems == (Problem("requests.csv row 3", message),)
    assert len(result.requests) == 2


def test_duplicate_ids_in_15_and_18_forms_later_row_wins(tmp_path: Path) -> None:
    rows = [export_row(opportunity_id=ID18, stage="2-Scoping"),
            export_row(opportunity_id=ID_B),
            export_row(opportunity_id=ID15, stage="4-Proposal")]  # fmt: skip
    result = read_csv(write_csv(tmp_path, rows))
    assert result.problems == (
        Problem(
            "requests.csv row 4",
            f"opportunity_id: duplicate of requests.csv row 2 ({ID18}); the later one wins",
        ),
    )
    assert [(r.opportunity_id, r.stage) for r in result.requests] == [
        (ID18, Stage.PROPOSAL),
        (ID_B, Stage.TECHNICAL_EVALUATION),
    ]


def test_missing_required_column_is_a_usage_error(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Close Date"]
    path = write_csv(tmp_path, [], header=header)
    with pytest.raises(UsageError, match=r"row 1: missing required column\(s\) 'Close Date'"):
        read_csv(path)


def test_missing_optional_columns_are_reported_once_and_read_as_blank(tmp_path: Path) -> None:
    keep = [h for h in HEADER if h not in ("Champion", "Why Now")]
    row = [values()[n] for n, c in DEFAULT_EXPORT_MAPPING.columns.items() if c in keep]
    result = read_csv(write_csv(tmp_path, [row], header=keep))
    assert result.problems == (
        Problem("requests.csv row 1", "columns not found, read as blank: 'Why Now', 'Champion'"),
    )
    assert result.requests[0].missing_command_plan_fields() == ("why_now",)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "no header row"), (b"\xff\xfeO\x00p\x00", "file is UTF-16; export it as UTF-8")],
)
def test_unusable_files_are_usage_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(content)
    with pytest.raises(UsageError, match=message):
        read_csv(path)
    with pytest.raises(UsageError, match="file not found"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(UsageError, match="is a folder, not a file"):
        read_jsonl(tmp_path)


def test_unmapped_optional_fields_are_not_looked_for(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Opportunity URL"]
    row = [c for h, c in zip(HEADER, export_row(), strict=True) if h != "Opportunity URL"]
    mapping = DEFAULT_EXPORT_MAPPING.with_overrides({"opportunity_url": None})
    result = read_csv(write_csv(tmp_path, [row], header=header), mapping)
    assert result.problems == () and result.requests[0].opportunity_url is None


# --- robustness ---------------------------------------------------------------------------------


def _csv_line(cells: list[str]) -> bytes:
    return (",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\r\n").encode()


def test_bom_crlf_extra_columns_header_case_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + _csv_line([h.upper() for h in HEADER] + ["Unrelated"])
        + _csv_line([*export_row(), "extra"])
        + b"\r\n"
        + b",,,\r\n"
        + _csv_line([*export_row(opportunity_id=ID_B, net_arr="bad"), "extra", "more"])
    )
    result = read_csv(path)
    assert [r.opportunity_id for r in result.requests] == [ID18]
    # header=1, row 2, empty line=3, blank cells=4, bad row=5: rows as a spreadsheet counts them
    assert result.problems == (Problem("requests.csv row 5", "net_arr: bad amount 'bad'"),)


def test_multiline_cells_count_as_one_spreadsheet_row(tmp_path: Path) -> None:
    rows = [export_row(why_now="line 1\r\nline 2\n/close"), export_row(opportunity_id="")]
    result = read_csv(write_csv(tmp_path, rows))
    assert result.requests[0].command_plan.why_now == "line 1\nline 2\n/close"
    assert result.problems == (Problem("requests.csv row 3", "opportunity_id: missing"),)


def test_invalid_utf8_and_nul_bytes_reject_only_their_row(tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(
        _csv_line(HEADER)
        + _csv_line(export_row())
        + _csv_line(export_row(opportunity_id=ID_B, account="Caf@")).replace(b"Caf@", b"Caf\xe9")
        + _csv_line(export_row(opportunity_id="0068X00001Nul00", why_now="a\x00b"))
        + _csv_line(export_row(opportunity_id="0068X00001Last0"))
    )
    result = read_csv(path)
    assert len(result.requests) == 2
    assert result.problems == (
        Problem("requests.csv row 3", "account: invalid UTF-8"),
        Problem("requests.csv row 4", "why_now: contains NUL bytes"),
    )


def test_a_one_megabyte_field_is_truncated_and_reported(tmp_path: Path) -> None:
    huge = "x" * (1024 * 1024)
    result = read_csv(write_csv(tmp_path, [export_row(use_cases=huge), export_row(opportunity_id=ID_B)]))
    assert len(result.requests) == 2
    assert len(result.requests[0].command_plan.use_cases) == TEXT_LIMIT
    assert result.problems == (  # a warning: the request went through, shortened
        Problem("requests.csv row 2", f"use_cases: 1,048,576 characters, truncated to {TEXT_LIMIT:,}",
                warning=True),
    )


def test_a_field_beyond_the_csv_limit_loses_only_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "MAX_FIELD_BYTES", 1000)
    limit_before = csv.field_size_limit()
    rows = [export_row(use_cases="y" * 3000), export_row(opportunity_id=ID_B)]
    result = read_csv(write_csv(tmp_path, rows))
    assert [r.opportunity_id for r in result.requests] == [ID_B]
    assert result.problems == (
        Problem("requests.csv row 2", "unreadable CSV (field larger than field limit (1000))"),
    )
    assert csv.field_size_limit() == limit_before  # the process-wide limit is put back


def test_semicolon_delimited_export(tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(export_row(net_arr="48000")) + "\n", encoding="utf-8")
    assert read_csv(path, delimiter=";").requests[0].net_arr == Decimal("48000.00")


def test_twenty_thousand_rows_are_read_each_once_in_order(tmp_path: Path) -> None:
    row = export_row()
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\n")
        line = ",".join(f'"{c}"' for c in row[1:])
        for i in range(20_000):
            out.write(f"0068X0000{i:06d},{line}\n")
    result = read_csv(path)
    # Speed is scripts/bench_mirror.py's (it reads the export of every run it times).
    assert [r.opportunity_id[:15] for r in result.requests] == [f"0068X0000{i:06d}" for i in range(20_000)]
    assert result.problems == ()


def test_a_time_without_an_offset_is_read_in_the_source_zone_and_never_guessed(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [export_row(requested_at="11/20/2026 2:05 PM")])
    (request,) = read_csv(path, zone=ZoneInfo("America/New_York")).requests
    assert request.requested_at == datetime(2026, 11, 20, 19, 5, tzinfo=UTC)  # EST is UTC-5
    unzoned = read_csv(path)
    assert unzoned.requests == () and len(unzoned.problems) == 1
    assert unzoned.problems[0].message.startswith(
        "requested_at: '11/20/2026 2:05 PM' has no time zone: set `timezone:` on its source")


# --- JSON lines ---------------------------------------------------------------------------------


def _jsonl_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        column: values()[name] for name, column in DEFAULT_EXPORT_MAPPING.columns.items() if column
    }
    record.update(overrides)
    return record


def test_jsonl_bad_lines_are_reported_by_line_number(tmp_path: Path) -> None:
    lines = [
        json.dumps(_jsonl_record()),
        "",
        "{not json",
        "[" * 100_000,
        json.dumps([1, 2]),
        json.dumps(_jsonl_record(**{"Opportunity ID": ID_B, "Region": "LATAM"})),
        json.dumps(_jsonl_record(**{"Opportunity ID": "0068X00001Third", "Net ARR": 1.5e3})),
    ]
    path = tmp_path / "requests.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    result = read_jsonl(path)
    assert [r.net_arr for r in result.requests] == [Decimal("48000.00"), Decimal("1500.00")]
    assert result.problems == (
        Problem("requests.jsonl line 3", "not valid JSON (Expecting property name enclosed in "
                "double quotes, column 2)"),
        Problem("requests.jsonl line 4", "not valid JSON (nested too deeply)"),
        Problem("requests.jsonl line 5", "expected a JSON object, got list"),
        Problem("requests.jsonl line 6", "region: unknown region 'LATAM' (expected AMER or EMEA)"),
    )  # fmt: skip
    assert result.rejected_ids == {ID_B}


def test_jsonl_relationship_paths_and_type_errors(tmp_path: Path) -> None:
    mapping = DEFAULT_EXPORT_MAPPING.with_overrides({"account": "Account.Name"})
    record = _jsonl_record(Account={"Name": "Nested Co."})
    bad = _jsonl_record(**{"Opportunity ID": ID_B, "Account": {"Name": {"deep": 1}}})
    path = tmp_path / "requests.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = read_jsonl(path, mapping)
    assert [r.account for r in result.requests] == ["Nested Co."]
    assert result.problems == (Problem("requests.jsonl line 2", "account: expected text, got dict"),)
