"""Error types and per-item problem reports; the CLI maps them to exit codes."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_ITEMS_FAILED = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 3


class SaTriageError(Exception):
    """An expected failure: shown to the user as one clear message, never a traceback."""

    exit_code = EXIT_ITEMS_FAILED


class UsageError(SaTriageError):
    """Bad invocation, bad config or bad credentials: nothing was attempted."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """A configuration problem, located by file and key path."""

    def __init__(self, file: str, key_path: str, problem: str) -> None:
        self.file, self.key_path, self.problem = file, key_path, problem
        where = f"{file}: {key_path}" if key_path else file
        super().__init__(f"{where}: {problem}")


class GitLabAccessError(UsageError):
    """GitLab refused us (token, project, permissions) before any work was done."""


@dataclass(frozen=True)
class Problem:
    """One bad input item, reported with its place (file and row, issue, field) while the run goes on."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"
