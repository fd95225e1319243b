"""What `sa-triage validate` checks of the sources without the network: the export files are there,
and their times carry an offset or the source says their zone (`timezone:`)."""

from __future__ import annotations

from pathlib import Path

from bots.errors import ConfigError, SourceUnavailable, UsageError
from bots.sources.available import file_unavailable
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


def unavailable(sources: SourcesConfig | None, file: str, base_dir: Path) -> SourceUnavailable | None:
    """The first configured export that cannot be read, or None: `sa-triage run` asks before the bots
    that plan on the sources' data (digest, slo, suggest) when the mirror is not in the run (each has
    its own schedule). A Salesforce org is not asked (that costs a login): its failure is the mirror's."""
    for source in sources.sources if sources else ():
        if isinstance(source, FileSource):
            error = file_unavailable(source.label, source.path, file, base_dir)
            if error is not None:
                return error
    return None


def _file_problem(source: FileSource, file: str, base_dir: Path) -> ConfigError | None:
    missing = file_unavailable(source.label, source.path, file, base_dir)
    if missing is not None:
        return missing
    path = base_dir / source.path
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
