"""What every command shares: its output, and the debug request log, both with secrets masked."""

from __future__ import annotations

import logging
import os
import sys

from bots.output import Output, Redactor

# Every secret this process has seen; the error handler of bots.cli masks with it too.
redactor = Redactor()


def output() -> Output:
    """The command's output (GitLab CI log sections in CI), the token masked."""
    redactor.add(os.environ.get("GITLAB_TOKEN"))
    return Output(ci=os.environ.get("GITLAB_CI") == "true", redact=redactor)


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redactor(super().format(record))


def debug_logging(enabled: bool) -> None:
    """Our own request log (method, path, status: never headers) on stderr, secrets masked.

    urllib3's and python-gitlab's debug logs are not enabled: they can carry headers.
    """
    redactor.add(os.environ.get("GITLAB_TOKEN"))
    logger = logging.getLogger("sa-triage")
    for old in [h for h in logger.handlers if isinstance(h.formatter, _RedactingFormatter)]:
        logger.removeHandler(old)
    if not enabled:
        logger.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter("%(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
