"""Console output: GitLab CI collapsible sections, terminal progress, secrets masked everywhere."""

import io
import re

from bots.output import Output, Redactor


def test_ci_sections_use_gitlabs_markers_and_mask_secrets():
    stream = io.StringIO()
    out = Output(stream, ci=True, redact=Redactor(["glpat-secret"]))
    out.section_start("sa_triage_mirror", "mirror with glpat-secret")
    out.line("token glpat-secret here")
    out.section_end("sa_triage_mirror")
    text = stream.getvalue()
    assert re.search(r"\x1b\[0Ksection_start:\d+:sa_triage_mirror\[collapsed=true\]\r\x1b\[0Kmirror", text)
    assert re.search(r"\x1b\[0Ksection_end:\d+:sa_triage_mirror\r\x1b\[0K", text)
    assert "glpat-secret" not in text and text.count("[MASKED]") == 2


def test_plain_output_has_headers_and_no_progress_when_not_a_terminal():
    stream = io.StringIO()
    out = Output(stream)
    out.section_start("x", "mirror")
    out.progress(5, 100, "mirror")
    assert stream.getvalue() == "== mirror\n"


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_overwrites_itself_in_a_terminal():
    stream = Tty()
    out = Output(stream)
    for i in (1, 50, 50):
        out.progress(i, 50, "mirror")
    assert stream.getvalue() == "\r   mirror: 1/50\r   mirror: 50/50\n\r   mirror: 50/50\n"


def test_short_secrets_are_not_masked_everywhere():
    assert Redactor(["abc"])("abc def") == "abc def"
