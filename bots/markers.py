"""Hidden HTML-comment markers that let the bot find, trust and rewrite what it wrote itself."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from typing import Any

from bots.model import Issue, Note

_PREFIX = "sa-triage"
_STATE = re.compile(r"<!-- sa-triage:state (\{.*?\}) -->", re.S)
_BLOCK = re.compile(r"<!-- sa-triage:begin -->.*?<!-- sa-triage:end -->", re.S)


def note_marker(kind: str, key: str = "") -> str:
    """The first line of a bot note of this kind (and key), e.g. `<!-- sa-triage:needs-info -->`."""
    suffix = f" {key}" if key else ""
    return f"<!-- {_PREFIX}:{kind}{suffix} -->"


def issue_key_marker(key: str) -> str:
    """The marker that ties an issue to its source record (e.g. a Salesforce opportunity id)."""
    return f"<!-- {_PREFIX}:key {key} -->"


def find_issue_key(issue: Issue, bot_username: str) -> str | None:
    """The source key of an issue the bot created, or None (a key in someone else's issue is not ours)."""
    if issue.author != bot_username:
        return None
    return block_key(current_block(issue.description) or "")  # a key pasted elsewhere is not ours


def block_key(block: str) -> str | None:
    """The source key in a bot-owned block, or None."""
    m = _KEY.search(block)
    return m.group(1) if m else None


def bot_notes(notes: Iterable[Note], bot_username: str) -> list[Note]:
    """Notes written by the bot itself: the only ones whose markers and state we trust."""
    return [n for n in notes if n.author == bot_username and not n.system]


def find_note(notes: Iterable[Note], marker: str, bot_username: str) -> Note | None:
    """The oldest bot note carrying `marker` (there should be only one)."""
    found = [n for n in bot_notes(notes, bot_username) if n.body.startswith(marker)]
    return min(found, key=lambda n: n.id) if found else None


def with_marker(marker: str, body: str, state: dict[str, Any] | None = None) -> str:
    """A note body: marker line, optional hidden state, then the visible text."""
    lines = [marker]
    if state is not None:
        lines.append(state_comment(state))
    return "\n".join(lines) + "\n" + body.strip() + "\n"


def with_record(marker: str, body: str, record: str) -> str:
    """A note body that carries the bot's signed record: marker line, record (hidden), visible text.

    A note edit adds no "changed the description" entry to the issue's feed, so bookkeeping that
    changes with each run lives here rather than in the description."""
    return f"{marker}\n{record}\n{body.strip()}\n"


def visible_text(body: str) -> str:
    """A bot note's text as people read it: without its marker line and hidden records."""
    lines = body.strip().split("\n")
    while lines and lines[0].startswith(f"<!-- {_PREFIX}:") and lines[0].endswith("-->"):
        lines.pop(0)
    return "\n".join(lines).strip()


def state_comment(state: dict[str, Any]) -> str:
    """Hidden JSON state; `--` is escaped so the comment can never be closed early."""
    return f"<!-- {_PREFIX}:state {_payload(state)} -->"


# JSON escapes for what could close the comment or mean something to GitLab if a renderer ever
# looked inside it (markers, HTML, mentions): the text reads back the same, and untrusted text from
# Salesforce (the recorded Command Plan) sits in the record as inert as in the block.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "@": "\\u0040", "&": "\\u0026"})


def _payload(data: dict[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":")).translate(_INERT)
    return text.replace("--", "-\\u002d")


def read_state(note: Note | None) -> dict[str, Any]:
    """The hidden state of a bot note, or {} when absent or unreadable."""
    if note is None:
        return {}
    m = _STATE.search(note.body)
    if not m:
        return {}
    try:
        value = json.loads(m.group(1))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def owned_block(content: str) -> str:
    """Wrap bot-owned description content in begin/end markers."""
    return f"<!-- {_PREFIX}:begin -->\n{content.strip()}\n<!-- {_PREFIX}:end -->"


def replace_block(description: str, content: str) -> str:
    """`description` with only its bot-owned block replaced; text people wrote outside it is kept."""
    block = owned_block(content)
    if _BLOCK.search(description or ""):
        return _BLOCK.sub(lambda _m: block, description, count=1)
    return f"{block}\n\n{description}".rstrip() + "\n" if description else block + "\n"


_KEY = re.compile(r"<!-- sa-triage:key (\S+) -->")
_DIGEST = re.compile(r"<!-- sa-triage:digest ([0-9a-f]{16}) -->")


def content_digest(content: str) -> str:
    """The digest of the block `owned_block(content)` would make (signatures aside)."""
    return _digest(owned_block(content))


def _digest(block: str) -> str:
    return hashlib.sha256(without_signature(block).encode()).hexdigest()[:16]


def block_digest(description: str) -> str | None:
    """The digest of a description's bot-owned block (also of a compacted one), or None."""
    block = current_block(description)
    if block is None:
        return None
    m = _DIGEST.search(block)
    return m.group(1) if m else _digest(block)


def compact(description: str, boilerplate: Iterable[str] = ()) -> str:
    """`description` with its block's visible lines replaced by their digest; hidden records kept.

    What the bots decide on is in the block's hidden comments (key, signed state) and outside the
    block; the visible lines are only compared, so a snapshot keeps their digest, not their text.
    `boilerplate`, text the bot wrote outside the block (the mirror's 4 Questions), is dropped where
    it stands unchanged: a person's edit of it keeps it whole. A block whose state predates the
    recorded Command Plan keeps its lines (`suggest` reads them); a block without state (a meeting
    agenda, a digest: only compared, by digest) is compacted too.
    """
    block = current_block(description)
    if block is None:
        return description
    start = description.find(_BEGIN)  # where `current_block` found it (no search for the block's text)
    hidden = hidden_lines(block)
    states = [x for x in hidden if x.startswith(f"<!-- {_PREFIX}:state ")]
    if states and not any('"plan":' in x for x in states):
        return description
    lean = [hidden[0], f"<!-- {_PREFIX}:digest {_digest(block)} -->", *hidden[1:]]
    rest = description[start + len(block):]
    for text in boilerplate:
        rest = rest.replace(text, "", 1)
    return description[:start] + "\n".join(lean) + rest


_BEGIN, _END = f"<!-- {_PREFIX}:begin -->", f"<!-- {_PREFIX}:end -->"
_HIDDEN = f"<!-- {_PREFIX}:"


def hidden_lines(text: str) -> list[str]:
    """The lines of `text` that start with a bot marker (`<!-- sa-triage:`), in order.

    Split at the marker's line starts: splitting every block of a board into its lines to test each
    one cost more than anything else in the listing."""
    return [_HIDDEN + rest.split("\n", 1)[0] for rest in ("\n" + text).split("\n" + _HIDDEN)[1:]]


def current_block(description: str) -> str | None:
    """The bot-owned block of a description, markers included, or None.

    `str.find`, not the block regex: a lazy `.*?` tries the end marker at every character of every
    description of the board, and this runs for each of them in every bot.
    """
    text = description or ""
    start = text.find(_BEGIN)
    end = text.find(_END, start) if start >= 0 else -1
    return text[start:end + len(_END)] if end >= 0 else None


def state_key(secret: str) -> bytes:
    """The key that signs hidden state kept where people can edit it (derived, never the secret)."""
    return hashlib.sha256(b"sa-triage-state:" + secret.encode()).digest()


# A read-only dry run's key: records are read without checking their signature (it writes nothing).
UNVERIFIED_KEY = b"\0sa-triage:unverified"


def signed_state_comment(state: dict[str, Any], key: bytes) -> str:
    """Hidden state that only the bot can write: anyone may edit a description, nobody can forge this."""
    return signed_comment("state", state, key)


def read_signed_state(text: str, key: bytes) -> dict[str, Any] | None:
    """The signed state in `text`, or None when absent, unreadable or not signed by us."""
    return read_signed_comment(text, "state", key)


_SIGNATURE = re.compile(r" sig=[0-9a-f]{32} -->")


def without_signature(text: str) -> str:
    """`text` with state signatures blanked, to compare content across a change of signing key."""
    return _SIGNATURE.sub(" -->", text)


def _sign(key: bytes, kind: str, payload: str) -> str:
    """A record's signature (`hmac.digest`: the one-shot C path, a third of `hmac.new`'s cost)."""
    return hmac.digest(key, kind.encode() + b":" + payload.encode(), "sha256").hex()[:32]


def signed_comment(kind: str, data: dict[str, Any], key: bytes) -> str:
    """`<!-- sa-triage:<kind> {...} sig=... -->`: a bot's own record, signed per kind so one kind's
    record can never pass for another's."""
    payload = _payload(data)
    sig = _sign(key, kind, payload)
    return f"<!-- {_PREFIX}:{kind} {payload} sig={sig} -->"


_SIG = re.compile(r"[0-9a-f]{32}")


def _record_at(text: str, brace: int) -> tuple[str, str] | None:
    """The payload starting at `text[brace]` ("{") and its signature: what the record pattern of
    the first release, `({.*?}) sig=([0-9a-f]{32}) -->` (braces escaped, re.S), matches there, its
    lazy `.*?` ending at the first `} sig=<32 hex> -->`. Found with `str.find`: the regex's lazy
    scan was most of a read's cost, and every bot reads several records of every request."""
    end = text.find("} sig=", brace + 1)
    while end >= 0:
        sig = text[end + 6:end + 38]
        if _SIG.fullmatch(sig) and text.startswith(" -->", end + 38):
            return text[brace:end + 1], sig
        end = text.find("} sig=", end + 1)
    return None


def read_signed_comment(text: str | None, kind: str, key: bytes) -> dict[str, Any] | None:
    """The data of the `kind` record in `text`, or None when absent, unreadable or not signed by us."""
    text = text or ""
    head = f"<!-- {_PREFIX}:{kind} {{"
    at = text.find(head)
    found = _record_at(text, at + len(head) - 1) if at >= 0 else None
    if found is None:
        return None
    payload, signature = found
    if key != UNVERIFIED_KEY and not hmac.compare_digest(signature, _sign(key, kind, payload)):
        return None
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def put_signed_comment(description: str | None, kind: str, comment: str) -> str:
    """`description` with its `kind` record replaced (removed, for an empty `comment`), or placed right
    after the bot-owned block."""
    pattern = re.compile(rf"\n?<!-- {_PREFIX}:{re.escape(kind)} \{{.*?\}}(?: sig=[0-9a-f]*)? -->", re.S)
    text = pattern.sub("", description or "", count=1)
    if not comment:  # an empty comment removes the record
        return text
    end = f"<!-- {_PREFIX}:end -->"
    if end in text:
        return text.replace(end, f"{end}\n{comment}", 1)
    return f"{text.rstrip()}\n\n{comment}\n" if text.strip() else comment + "\n"
