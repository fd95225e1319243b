"""Report exports (CSV, JSON lines) read row by row into SA requests; bad rows are reported."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import tzinfo
from pathlib import Path
from typing import TextIO

from bots.errors import Problem, UsageError
from bots.sources.fields import DEFAULT_EXPORT_MAPPING, FIELD_NAMES, REQUIRED_FIELDS, FieldMapping
from bots.sources.normalize import Skip, mapped_getter
from bots.sources.request import LATER_FIELDS
from bots.sources.result import Accumulator, SourceResult

__all__ = ["SourceResult", "read_csv", "read_jsonl", "sample_path"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_FIELD_BYTES = 64 * 1024 * 1024  # csv's own default (128 KiB) is below a Salesforce long text


def sample_path(name: str = "sample_requests.csv") -> Path:
    """A sample export shipped in the package (bots/data)."""
    return DATA_DIR / name


@contextlib.contextmanager
def _open_text(path: Path) -> Iterator[TextIO]:
    """`path` opened for streaming; undecodable bytes kept as surrogates, reported per row."""
    try:
        with path.open("rb") as probe:
            start = probe.read(2)
        if start in (b"\xff\xfe", b"\xfe\xff"):
            raise UsageError(f"{path}: file is UTF-16; export it as UTF-8 instead")
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            yield handle
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """Raise csv's per-field size limit for the duration (it is process-wide)."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _fold(header: str) -> str:
    """A header as compared: case and runs of blanks ignored."""
    return " ".join(header.split()).casefold()


def _header_index(header: list[str], mapping: FieldMapping, path: Path) -> tuple[dict[str, int], list[str]]:
    """Field -> cell index (headers match ignoring case and spacing), and absent columns."""
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        positions.setdefault(_fold(cell), i)
    index: dict[str, int] = {}
    absent: dict[str, str] = {}
    for name, column in mapping.columns.items():
        if column is None:
            continue
        if _fold(column) in positions:
            index[name] = positions[_fold(column)]
        elif name not in LATER_FIELDS:  # a field added later is read only where an export has it
            absent[name] = column
    required = [f"'{absent[n]}' ({n})" for n in absent if n in REQUIRED_FIELDS]
    if required:
        raise UsageError(f"{path}: row 1: missing required column(s) {', '.join(required)}")
    return index, [f"'{column}'" for column in absent.values()]


def read_csv(
    path: str | Path, mapping: FieldMapping = DEFAULT_EXPORT_MAPPING, delimiter: str = ",",
    zone: tzinfo | None = None, skip: Skip | None = None,
) -> SourceResult:
    """Requests from a CSV export with a header row; bad rows reported as "file row N"; times
    without an offset are in `zone` (None: a bad field); rows `skip` finds unchanged are not
    normalized (`SourceResult.unchanged`)."""
    path = Path(path)
    acc = Accumulator()
    with _open_text(path) as handle, _csv_field_limit(MAX_FIELD_BYTES):
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader, None)
        except csv.Error as error:
            raise UsageError(f"{path}: row 1: unreadable header ({error})") from None
        if not header or not any(cell.strip() for cell in header):
            raise UsageError(f"{path}: no header row")
        index, absent = _header_index(header, mapping, path)
        if absent:
            acc.problems.append(
                Problem(f"{path.name} row 1", f"columns not found, read as blank: {', '.join(absent)}")
            )
        # Each field's cell index (past any row's end when the export lacks the column): a row's
        # values are read straight from its cells, with no dict per row.
        at = [index.get(name, sys.maxsize) for name in FIELD_NAMES]
        file_name = path.name
        row = 1
        while True:
            row += 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                acc.problems.append(Problem(f"{path.name} row {row}", f"unreadable CSV ({error})"))
                continue
            if any(cell.strip() for cell in cells):
                size = len(cells)
                values: list[object] = [cells[i] if i < size else None for i in at]
                acc.add_values(f"{file_name} row {row}", values, zone, skip)
    return acc.result()


def read_jsonl(path: str | Path, mapping: FieldMapping = DEFAULT_EXPORT_MAPPING,
               zone: tzinfo | None = None, skip: Skip | None = None) -> SourceResult:
    """Requests from a JSON lines export, one object a line; bad lines reported as "file line N"
    (`skip`: as for `read_csv`)."""
    path = Path(path)
    acc = Accumulator()
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            place = f"{path.name} line {number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                acc.problems.append(Problem(place, f"not valid JSON ({error.msg}, column {error.colno})"))
                continue
            except RecursionError:
                acc.problems.append(Problem(place, "not valid JSON (nested too deeply)"))
                continue
            if not isinstance(record, Mapping):
                acc.problems.append(Problem(place, f"expected a JSON object, got {type(record).__name__}"))
                continue
            acc.add_record(place, mapped_getter(record, mapping), zone, skip)
    return acc.result()
