"""GitLab's quick-action extractor (lib/gitlab/quick_actions/extractor.rb), ported to Python."""

from __future__ import annotations

import re

# Every command name GitLab's InterpretService knows (issue, MR, commit and work-item
# actions). The extractor strips all of them, whether or not they apply to the target;
# only the ones in quick_exec.EXECUTORS have an effect in the sandbox. `/cc` is a
# no-op definition, which the extractor skips, so it stays in the text.
KNOWN_COMMANDS = frozenset(
    (
        "add_child", "add_contacts", "add_email", "approve", "assign", "assign_reviewer",
        "award", "blocked_by", "blocks", "board_move", "checkin_reminder", "child_epic",
        "clear_health_status", "clear_weight", "clone", "close", "confidential",
        "convert_to_ticket", "copy_metadata", "create_merge_request", "done", "draft", "due",
        "duplicate", "epic", "escalate", "estimate", "estimate_time", "health_status",
        "invite_email", "iteration", "label", "labels", "link", "lock", "merge", "milestone",
        "move", "page", "parent_epic", "promote", "promote_to", "promote_to_incident",
        "publish", "q", "react", "ready", "reassign", "reassign_reviewer", "rebase", "relabel",
        "relate", "remove_child", "remove_child_epic", "remove_contacts", "remove_due_date",
        "remove_email", "remove_epic", "remove_estimate", "remove_iteration", "remove_label",
        "remove_milestone", "remove_parent", "remove_parent_epic", "remove_reviewer",
        "remove_time_estimate", "remove_time_spent", "remove_zoom", "reopen", "request_review",
        "reviewer", "set_parent", "severity", "shrug", "spend", "spend_time", "spent", "status",
        "submit_review", "subscribe", "summarize_diff", "tableflip", "tag", "target_branch",
        "timeline", "title", "todo", "type", "unapprove", "unassign", "unassign_reviewer",
        "unlabel", "unlink", "unlock", "unrelate", "unsubscribe", "weight", "wip", "zoom",
    )
)


def _pattern(names: frozenset[str]) -> re.Pattern[str]:
    """The extractor regex: code, inline code, HTML and >>> blocks shield what they contain."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        r"""
        (?P<code> ^```.+?\n```$ )
        | (?P<inline_code> ^.*`\n*.+?\n*`$ )
        | (?P<html> ^<[^>]+?>\n.+?\n</[^>]+?>$ )
        | (?P<quote> ^>>>.+?\n>>>$ )
        | (?: ^/(?P<cmd>"""
        + alternatives
        + r""")(?:[ ](?P<arg>[^\n]*))?(?:\s*\n|$) )
        """,
        re.MULTILINE | re.DOTALL | re.IGNORECASE | re.VERBOSE,
    )


_REGEX = _pattern(KNOWN_COMMANDS)


def extract(text: str | None) -> tuple[str, list[tuple[str, str]]]:
    """Return (text without command lines, [(command, argument)]), as GitLab does."""
    if not text:
        return text or "", []
    text = text.replace("\r", "")
    if not text.startswith("/") and "\n/" not in text:
        return text.rstrip(), []  # a command starts a line: without one, nothing to strip
    commands: list[tuple[str, str]] = []

    def replace(match: re.Match[str]) -> str:
        if match.group("cmd") is None:
            return match.group(0)
        commands.append((match.group("cmd").lower(), (match.group("arg") or "").strip()))
        return ""

    content = _REGEX.sub(replace, text)
    return content.rstrip(), commands


def redact(text: str) -> str:
    """Wrap each command in backticks, like GitLab's `redact_commands` (for reference)."""

    def wrap(match: re.Match[str]) -> str:
        if match.group("cmd") is None:
            return match.group(0)
        arg = match.group("arg")
        output = f"`/{match.group('cmd')}{' ' + arg if arg else ''}`"
        return output + ("\n" if "\n" in match.group(0) else "")

    return _REGEX.sub(wrap, text.replace("\r", ""))
