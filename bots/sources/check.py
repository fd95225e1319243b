"""What `sa-triage validate` checks of the sources without the network: the export files are there,
and their times carry an offset or the source says their zone (`timezone:`)."""

from __future__ import annotations

from pathlib import Path

from bots.errors import ConfigError, UsageError
from bots.sources.config import FileSource, SourcesConfig
from bots.sources.exports import read_csv, read_jsonl
from bots.sources.parsers import NO_ZONE


def offline_problems(sources: SourcesConfig, file: str, base_dir: Path) -> list[ConfigError]:
    """One error per export that is missing or unreadable, or whose times need a `timezone:`."""
    problems: list[ConfigError] = []
    for source in sources.sources:
        if isinstance(source, FileSource):
            problem = _file_problem(source, file, base_dir)
            if problem:
                problems.append(problem)
    return problems


def _file_problem(source: FileSource, file: str, base_dir: Path) -> ConfigError | None:
    path = base_dir / source.path
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "file not found"
        return ConfigError(file, f"{source.label}.path", f"{source.path}: {what} (looked in {base_dir})")
    if source.timezone:
        return None
    try:
        if source.kind == "csv":
            result = read_csv(path, source.mapping, source.delimiter)
        else:
            result = read_jsonl(path, source.mapping)
    except UsageError as e:
        return ConfigError(file, f"{source.label}.path", str(e))
    naive = next((p for p in result.problems if NO_ZONE in p.message), None)
    if naive is None:
        return None
    return ConfigError(file, f"{source.label}.timezone",
                       f"required: {source.path} has times without an offset ({naive.place}: "
                       f"{naive.message.split(f' {NO_ZONE}')[0]}); set the exporting user's zone, "
                       "e.g. timezone: America/New_York")
