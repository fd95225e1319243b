"""Recognise links to Salesforce records (classic and Lightning) and check their record ids."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Key prefixes of the record kinds our forms link to.
KEY_PREFIXES = {"Opportunity": "006", "Account": "001"}
CLASSIC_HOST = ".my.salesforce.com"
LIGHTNING_HOST = ".lightning.force.com"
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
MAX_LINKS = 20  # links looked at before giving up
_ID = r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?"
_CLASSIC_PATH = re.compile(rf"/(?P<id>{_ID})(?:/[A-Za-z]*)?/?")
_LIGHTNING_PATH = re.compile(rf"/lightning/r/(?:(?P<object>[A-Za-z_]+)/)?(?P<id>{_ID})(?:/\w+)?/?")
_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
EXAMPLE = "`https://yourorg.my.salesforce.com/006…` or a Lightning `…/lightning/r/Opportunity/006…/view` link"


@dataclass(frozen=True)
class SalesforceRecord:
    """A link to one Salesforce record."""

    kind: str  # "Opportunity" or "Account"
    record_id: str  # as written, 15 or 18 characters
    url: str

    @property
    def id15(self) -> str:
        """The case-sensitive 15-character id (the same record however it was linked)."""
        return self.record_id[:15]


def checksum(id15: str) -> str:
    """The three characters Salesforce appends to a 15-character id to make it 18."""
    suffix = ""
    for chunk in range(3):
        flags = sum(1 << bit for bit, ch in enumerate(id15[chunk * 5 : chunk * 5 + 5]) if ch.isupper())
        suffix += _CHECKSUM_ALPHABET[flags]
    return suffix


def _valid_host(host: str) -> bool:
    """True for `<org>.my.salesforce.com` and `<org>.lightning.force.com` (sandboxes included)."""
    for suffix in (CLASSIC_HOST, LIGHTNING_HOST):
        if host.endswith(suffix):
            labels = host[: -len(suffix)].split(".")
            return all(_HOST_LABEL.fullmatch(label) for label in labels)
    return False


def _record(url: str, kinds: tuple[str, ...]) -> SalesforceRecord | str:
    """The record `url` links to, or why it isn't an acceptable link."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or parts.username or parts.password or parts.port:
        return f"Use the plain `https://` link to the record, e.g. {EXAMPLE}."
    if not _valid_host(host):
        return f"This isn't a Salesforce link; paste one like {EXAMPLE}."
    match = _LIGHTNING_PATH.fullmatch(parts.path) or _CLASSIC_PATH.fullmatch(parts.path)
    if match is None:
        return f"This Salesforce link doesn't point at a record; paste one like {EXAMPLE}."
    record_id = match["id"]
    kind = next((k for k in kinds if record_id.startswith(KEY_PREFIXES[k])), None)
    linked_object = match.groupdict().get("object")
    if kind is None or (linked_object is not None and linked_object.lower() != kind.lower()):
        wanted = " or ".join(kinds)
        return f"This Salesforce link isn't an {wanted}; link the {wanted} record itself."
    if len(record_id) == 18 and record_id[15:].upper() != checksum(record_id[:15]):
        return "The record id in this link is damaged (its last three characters don't match)."
    return SalesforceRecord(kind, record_id, url)


def find_record(text: str, kinds: tuple[str, ...] = ("Opportunity",)) -> SalesforceRecord | str:
    """The first acceptable Salesforce link in `text`, or a message saying what is wrong."""
    first_problem = ""
    for m in itertools.islice(_URL.finditer(text), MAX_LINKS):
        result = _record(m.group(0).rstrip(".,;:!?"), kinds)
        if isinstance(result, SalesforceRecord):
            return result
        first_problem = first_problem or result
    return first_problem or f"Paste the link to the Salesforce record, e.g. {EXAMPLE}."
