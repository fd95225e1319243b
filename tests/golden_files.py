"""Golden-file comparison shared by the message tests (`UPDATE_GOLDEN=1` rewrites the files)."""

from __future__ import annotations

import os
from pathlib import Path

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def check(folder: Path, name: str, text: str) -> None:
    """`text` equals `folder/<name>.md` (written first when UPDATE_GOLDEN=1)."""
    path = folder / f"{name}.md"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: run with UPDATE_GOLDEN=1"


def orphans(folder: Path, names: set[str]) -> set[str]:
    """Golden files in `folder` that no scenario writes."""
    return {p.stem for p in folder.glob("*.md")} - names
