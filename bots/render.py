"""Jinja2 rendering of bot messages: strict, and every value is made inert unless we built it."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from bots import sanitize


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return sanitize.inline(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment for bot messages (templates in bots/messages/)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bots", "messages"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # Markdown, not HTML: `_finalize` does the escaping that matters here
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quote"] = quote
    return env


@cache
def _compiled(source: str) -> jinja2.Template:
    return environment().from_string(source)


def trusted(text: str) -> Markup:
    """Mark text the bot itself composed (never anything from outside) as safe to emit as is."""
    return Markup(text)


def quote(text: object, limit: int = sanitize.DEFAULT_BLOCK_LIMIT) -> Markup:
    """Untrusted multi-line text as an inert blockquote."""
    return Markup(sanitize.block(text, limit))


def render(template: str, **context: Any) -> str:
    """Render `bots/messages/<template>` with `context`."""
    return environment().get_template(template).render(**context)


def render_source(source: str, **context: Any) -> str:
    """Render a template given as text (an SLO level's note, declared in its rule module), the same way."""
    return _compiled(source).render(**context)
