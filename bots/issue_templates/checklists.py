"""Field types written as task lists: checklists with required items, and pick-one choices."""

from __future__ import annotations

from dataclasses import dataclass

from bots.issue_templates import markdown
from bots.issue_templates.fields import Context, FieldType, FieldValue, Invalid


@dataclass(frozen=True)
class Item:
    """One checklist line; `required` items must be ticked."""

    key: str
    text: str
    required: bool = True


def _matches(written: str, expected: str) -> bool:
    """True if squashed task text is the squashed expected item (a note may follow it)."""
    return bool(expected) and written.startswith(expected)


def _quote_items(items: list[Item]) -> str:
    """Our own item texts, quoted for a message."""
    return "; ".join(f"“{item.text}”" for item in items)


@dataclass(frozen=True)
class Checklist(FieldType):
    """Task-list items; the value is the keys of the ticked ones, in template order."""

    items: tuple[Item, ...]
    expects: str = "a ticked checklist"

    def body(self, placeholder: str) -> list[str]:
        """One unticked task line per item."""
        return [f"- [ ] {item.text}" for item in self.items]

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """Which items are ticked; complain about required ones that are not."""
        written = [(task.ticked, markdown.squash(task.text)) for task in markdown.tasks(text)]
        wanted = {item.key: markdown.squash(item.text) for item in self.items}
        ticked = tuple(
            item.key for item in self.items if any(on and _matches(w, wanted[item.key]) for on, w in written)
        )
        unticked = [i for i in self.items if i.required and i.key not in ticked]
        if not unticked:
            return ticked
        absent = [i for i in unticked if not any(_matches(w, wanted[i.key]) for _, w in written)]
        message = f"Tick each of these once it is true: {_quote_items(unticked)}."
        if absent:
            message += " Keep each item's wording from the template so the bot can find it."
        return Invalid(message)


@dataclass(frozen=True)
class Choice(FieldType):
    """Exactly one of `options`, ticked in a task list (or written on its own line)."""

    options: tuple[str, ...]
    expects: str = "one option"

    def body(self, placeholder: str) -> list[str]:
        """One unticked task line per option."""
        return [f"- [ ] {option}" for option in self.options]

    def _option(self, written: str) -> str | None:
        """The option a line names, if any."""
        squashed = markdown.squash(written)
        return next((o for o in self.options if _matches(squashed, markdown.squash(o))), None)

    def unanswered(self, text: str) -> bool:
        """Only the template's unticked options: nothing chosen."""
        return all(t is not None and not t.ticked
                   for t in (markdown.task(x) for x in text.split("\n") if x.strip()))

    def parse(self, text: str, context: Context) -> FieldValue | Invalid:
        """The one option ticked (or written plainly)."""
        chosen: list[str] = []
        for line in text.split("\n"):
            task = markdown.task(line)
            if task is None or task.ticked:
                option = self._option(task.text if task else line)
                if option is not None and option not in chosen:
                    chosen.append(option)
        listed = ", ".join(self.options)
        if not chosen:
            return Invalid(f"Tick one of: {listed}.")
        if len(chosen) > 1:
            return Invalid(f"Tick only one of: {listed}.")
        return chosen[0]
