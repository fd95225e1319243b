"""Who a note mentions: what GitLab would notify (code, fenced blocks and HTML comments do not)."""

from __future__ import annotations

import re

_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MENTION = re.compile(r"(?<![\w@\\/`])@([A-Za-z0-9_][A-Za-z0-9_.\-]*)")


def mentions(body: str) -> set[str]:
    """Usernames @mentioned in `body`, lower-cased."""
    visible = _COMMENT.sub(" ", _CODE_SPAN.sub(" ", _FENCED.sub(" ", body)))
    return {m.rstrip(".").lower() for m in _MENTION.findall(visible)}
