"""Render each form definition as its GitLab issue template, and check the committed files."""

from __future__ import annotations

from pathlib import Path

from bots.errors import Problem
from bots.issue_templates.definitions import FORMS
from bots.issue_templates.model import FieldSpec, FormDefinition, RequiredWhen

TEMPLATE_DIRECTORY = Path("templates/issue_templates")
INSTRUCTIONS = (
    "<!-- Keep every heading as it is: a bot reads the sections after you file. Replace each"
    " `Replace with …` line with your answer, tick checklist items with [x], and leave the"
    " label line at the end in place. -->"
)


def _hint(form: FormDefinition, spec: FieldSpec) -> str:
    """The hidden guidance under a heading: required or not, and the hint."""
    conditions = [r.reason for r in form.rules if isinstance(r, RequiredWhen) and r.key == spec.key]
    if spec.required:
        status = "Required."
    elif conditions:
        status = "Required when " + " or ".join(conditions) + "."
    else:
        status = "Optional."
    return f"<!-- {status} {spec.hint} -->"


def render(form: FormDefinition) -> str:
    """The Markdown of the form's issue template."""
    lines = [INSTRUCTIONS, "", form.intro, ""]
    for spec in form.fields:
        lines += [
            f"### {spec.heading}",
            "",
            _hint(form, spec),
            "",
            *spec.type.body(spec.prompt),
            "",
        ]
    lines.append(f'/label ~"{form.label}"')
    return "\n".join(lines) + "\n"


def write_templates(directory: Path | str) -> list[Path]:
    """Write every form's template into `directory`; returns the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for form in FORMS:
        path = directory / form.file_name
        path.write_text(render(form), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def check_template_files(directory: Path | str) -> list[Problem]:
    """Template files that are missing, stale (differ from their definition) or unknown."""
    directory = Path(directory)
    problems = []
    expected = {form.file_name: form for form in FORMS}
    for name, form in expected.items():
        path = directory / name
        if not path.is_file():
            problems.append(Problem(str(path), "missing: regenerate with `sa-triage templates`"))
        elif path.read_text(encoding="utf-8") != render(form):
            problems.append(Problem(str(path), "stale: regenerate with `sa-triage templates`"))
    if directory.is_dir():
        for path in sorted(directory.glob("*.md")):
            if path.name not in expected:
                problems.append(Problem(str(path), "no form definition makes this template"))
    return problems
