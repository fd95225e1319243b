"""Salesforce record ids: 15-character case-sensitive ids and their 18-character form."""

from __future__ import annotations

import re
import string

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ALNUM = re.compile(r"[A-Za-z0-9]+")
OPPORTUNITY_PREFIX = "006"


class BadId(ValueError):
    """The text is not a well-formed Salesforce id; the message says why."""


# An id's letters as bits, upper case 1 (a 15-character id of letters and digits only).
_UPPER_BITS = str.maketrans(string.ascii_uppercase + string.ascii_lowercase + string.digits,
                            "1" * 26 + "0" * 36)


def checksum(id15: str) -> str:
    """The 3-character suffix that makes a 15-character id safe to compare case-insensitively."""
    if len(id15) == 15 and id15.isascii() and id15.isalnum():  # every export row's id: one translate
        flags = id15.translate(_UPPER_BITS)  # each block's first character is its lowest bit
        a = _SUFFIX_ALPHABET
        return a[int(flags[4::-1], 2)] + a[int(flags[9:4:-1], 2)] + a[int(flags[14:9:-1], 2)]
    suffix = ""
    for chunk in (id15[0:5], id15[5:10], id15[10:15]):
        bits = sum(1 << i for i, ch in enumerate(chunk) if "A" <= ch <= "Z")
        suffix += _SUFFIX_ALPHABET[bits]
    return suffix


def _restore_case(id15: str, suffix: str) -> str:
    """The first 15 characters with letter case recovered from the suffix (case was folded)."""
    chars = list(id15.lower())
    for block, code in enumerate(suffix):
        bits = _SUFFIX_ALPHABET.index(code)
        for i in range(5):
            pos = block * 5 + i
            if bits >> i & 1:
                if not chars[pos].isalpha():
                    raise BadId("checksum does not match")
                chars[pos] = chars[pos].upper()
    return "".join(chars)


def to_18(raw: str) -> str:
    """The canonical 18-character id for a 15- or 18-character id (case repaired when folded)."""
    text = raw.strip()
    if len(text) not in (15, 18) or not _ALNUM.fullmatch(text):
        raise BadId("expected 15 or 18 letters and digits")
    if len(text) == 15:
        return text + checksum(text)
    head, suffix = text[:15], text[15:].upper()
    if any(ch not in _SUFFIX_ALPHABET for ch in suffix):
        raise BadId("checksum does not match")
    if checksum(head) == suffix:
        return head + suffix
    if head not in (head.lower(), head.upper()):
        raise BadId("checksum does not match")
    repaired = _restore_case(head, suffix)
    if checksum(repaired) != suffix:
        raise BadId("checksum does not match")
    return repaired + suffix


def opportunity_id(raw: str) -> str:
    """The 18-character id of an Opportunity (key prefix 006), or BadId."""
    canonical = to_18(raw)
    if not canonical.startswith(OPPORTUNITY_PREFIX):
        raise BadId(f"not an Opportunity id (expected prefix {OPPORTUNITY_PREFIX})")
    return canonical
