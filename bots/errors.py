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


class ConfigErrors(ConfigError):
    """Every problem found in the configuration at once (the first one names the error)."""

    def __init__(self, errors: list[ConfigError]) -> None:
        assert errors
        first = errors[0]
        super().__init__(first.file, first.key_path, first.problem)
        self.errors = tuple(errors)
        if len(errors) > 1:
            lines = "\n".join(f"  {e}" for e in errors)
            self.args = (f"{len(errors)} problems in the configuration:\n{lines}",)

    @staticmethod
    def of(error: ConfigError) -> tuple[ConfigError, ...]:
        """The problems one error stands for (itself, or all of a ConfigErrors)."""
        return error.errors if isinstance(error, ConfigErrors) else (error,)


class SourceUnavailable(ConfigError):
    """A configured source (an export file, a Salesforce org) could not be read: the mirror stops, and
    the bots that plan on the source's data write nothing this run (`bots.jobs.NEEDS_SOURCES`)."""


class GitLabAccessError(UsageError):
    """GitLab refused us (token, project, permissions) before any work was done."""


@dataclass(frozen=True)
class Problem:
    """One bad input item, reported with its place (file and row, issue, field) while the run goes on."""

    place: str
    message: str
    warning: bool = False  # worth saying (a value truncated), but the item went through: no failure

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"
