"""Whether an export file can be read, looked at without reading it (no network): the one check
behind `read_all`, `sa-triage validate` and the start of a run without the mirror
(`bots.sources.check.unavailable`)."""

from __future__ import annotations

import os
from pathlib import Path

from bots.errors import SourceUnavailable


def file_unavailable(label: str, relative: str, file: str, base_dir: Path) -> SourceUnavailable | None:
    """Why the export at `relative` (the `path` of source `label` in config `file`) cannot be read
    (missing, a folder, not readable), or None."""
    path = Path(base_dir) / relative
    if path.is_file():
        if os.access(path, os.R_OK):
            return None
        what = "permission denied"
    else:
        what = "is a folder, not a file" if path.is_dir() else "file not found"
    return SourceUnavailable(file, f"{label}.path", f"{relative}: {what} (looked in {base_dir})")
