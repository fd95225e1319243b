"""Rows a consumer finds unchanged (`Skip`) are kept by id, not normalized; the raw digest covers every
value normalize reads and the zone; rows it cannot vouch for are normalized as ever."""

from __future__ import annotations

import csv
from pathlib import Path
from zoneinfo import ZoneInfo

from bots.sources import result as result_mod
from bots.sources.exports import read_csv, read_jsonl, sample_path
from bots.sources.fields import DEFAULT_EXPORT_MAPPING, FIELD_NAMES
from bots.sources.normalize import TEXT_LIMIT, RawRow, raw_row

ROW = {"opportunity_id": "0068X00001kgPoY", "account": "Bluefin", "ae_email": "jordan.lee@example.com"}


def test_the_digest_covers_values_and_zone_and_the_key_is_the_18_character_id():
    raw = raw_row(ROW.get)
    assert raw is not None and raw.key == "0068X00001kgPoYQAU"
    assert raw_row({**ROW, "account": "Bluefin "}.get).digest != raw.digest  # type: ignore[union-attr]
    assert raw_row({**ROW, "csm_name": ""}.get).digest != raw.digest  # type: ignore[union-attr]
    assert raw_row(ROW.get, ZoneInfo("Europe/London")).digest != raw.digest  # type: ignore[union-attr]
    assert raw_row(dict(ROW).get).digest == raw.digest  # type: ignore[union-attr]


def test_no_raw_row_for_a_bad_key_or_a_value_normalize_would_truncate():
    assert raw_row({**ROW, "opportunity_id": "not-an-id"}.get) is None
    assert raw_row({**ROW, "why_now": "x" * (TEXT_LIMIT + 1)}.get) is None


def test_skipped_csv_rows_are_listed_unchanged_and_not_normalized(monkeypatch):
    calls = []
    real = result_mod.normalize
    monkeypatch.setattr(result_mod, "normalize", lambda get, zone=None: calls.append(1) or real(get, zone))
    every = read_csv(sample_path())
    full, calls[:] = len(calls), []
    keys = {r.opportunity_id for r in every.requests[:5]}
    got = read_csv(sample_path(), skip=lambda raw: raw.key in keys)
    assert got.unchanged == keys
    assert {r.opportunity_id for r in got.requests} == {r.opportunity_id for r in every.requests} - keys
    assert got.problems == every.problems and got.rejected_ids == every.rejected_ids
    assert full > len(every.requests) and len(calls) == full - 5  # bad rows are still read and reported
    assert set(got.digests) == {r.opportunity_id for r in got.requests}  # what the mirror may plan


def test_a_later_duplicate_wins_over_an_unchanged_row_and_the_other_way_round(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    line = '{"Opportunity ID": "0068X00001kgPoY", "Account Name": "A%s", "Opportunity Name": "O", ' \
           '"Owner Email": "a@example.com", "Segment": "Named", "Stage": "2-Scoping", ' \
           '"Close Date": "2027-01-01", "Net ARR": "1", "SA Request Date": "2026-11-01T10:00:00Z"}\n'
    path.write_text(line % "1" + line % "2")
    seen: list[RawRow] = []

    def first_only(raw: RawRow) -> bool:
        seen.append(raw)
        return len(seen) == 1

    later_changed = read_jsonl(path, skip=first_only)
    assert [r.account for r in later_changed.requests] == ["A2"] and not later_changed.unchanged
    assert later_changed.digests == {"0068X00001kgPoYQAU": seen[1].digest}  # the winner's row
    assert any("duplicate" in p.message for p in later_changed.problems)
    seen.clear()
    later_same = read_jsonl(path, skip=lambda raw: seen.append(raw) or len(seen) == 2)
    assert later_same.requests == () and later_same.unchanged == {"0068X00001kgPoYQAU"}
    assert later_same.digests == {}
    assert any("duplicate" in p.message for p in later_same.problems)


def test_csv_rows_digest_as_their_mapped_values_do(tmp_path: Path):
    # read_csv hands the digest its cells without a dict per row: the digests must be the ones the
    # mirror recorded (raw_row over the row's field -> value mapping), short rows and absent columns too.
    path = tmp_path / "x.csv"
    lines = sample_path().read_text(encoding="utf-8").splitlines()
    header = lines[0].replace("Why Now", "Not Read")  # a column the export lacks
    path.write_text("\n".join([header, *lines[1:], lines[1].rsplit(",", 3)[0]]) + "\n", encoding="utf-8")
    seen: list[RawRow] = []
    read_csv(path, skip=lambda raw: seen.append(raw) or False)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = {column: i for i, column in reversed(list(enumerate(rows[0])))}
    columns = DEFAULT_EXPORT_MAPPING.columns
    mapped = [{name: row[cells[column]] for name, column in columns.items()
               if column in cells and cells[column] < len(row)} for row in rows[1:]]
    expected = [raw for raw in (raw_row(m.get) for m in mapped) if raw is not None]
    assert len(seen) == len(expected) > 5 and "why_now" not in mapped[0]
    assert [(r.key, r.digest) for r in seen] == [(r.key, r.digest) for r in expected]
    assert [r.get(name) for r in seen for name in FIELD_NAMES] == \
        [r.get(name) for r in expected for name in FIELD_NAMES]
