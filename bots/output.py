"""Console output: plain lines, collapsible sections in GitLab CI logs, and secrets never shown."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from typing import TextIO


class Redactor:
    """Replaces every known secret value with `[MASKED]` in text about to be shown or written."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4 and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[MASKED]")
        return text


class Output:
    """Where the run reports to; in GitLab CI each job is a collapsible log section."""

    def __init__(self, stream: TextIO | None = None, *, ci: bool = False,
                 redact: Redactor | None = None) -> None:
        self.stream = stream or sys.stdout
        self.ci = ci
        self.redact = redact or Redactor()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)()) and not ci

    def line(self, text: str = "") -> None:
        self.stream.write(self.redact(text) + "\n")
        self.stream.flush()

    def section_start(self, name: str, title: str) -> None:
        if self.ci:
            self.stream.write(f"\x1b[0Ksection_start:{int(time.time())}:{name}[collapsed=true]"
                              f"\r\x1b[0K{self.redact(title)}\n")
        else:
            self.line(f"== {title}")

    def section_end(self, name: str) -> None:
        if self.ci:
            self.stream.write(f"\x1b[0Ksection_end:{int(time.time())}:{name}\r\x1b[0K\n")

    def progress(self, done: int, total: int, what: str) -> None:
        """A self-overwriting counter in a terminal; nothing in logs (they get one line per action)."""
        if self.interactive and total >= 20:
            end = "\n" if done == total else ""
            self.stream.write(f"\r   {what}: {done}/{total}{end}")
            self.stream.flush()
