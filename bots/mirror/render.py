"""Text of the mirror: the bot-owned description block, the issue title and the bot's notes."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from decimal import Decimal
from importlib.resources import files
from typing import Any

from bots import markers, sanitize
from bots.calendars import BusinessCalendar
from bots.render import render, trusted
from bots.sources.request import SARequest

_SALESFORCE_HOST = re.compile(r"^https://[A-Za-z0-9.\-]+\.(salesforce|force)\.com/[^\s()<>\"']*$")
TITLE_LIMIT = 255
# Changes whenever the block's template changes, so a stored digest of the inputs goes stale with it.
BLOCK_VERSION = hashlib.sha256((files("bots.messages") / "mirror_block.md.j2").read_bytes()).hexdigest()[:8]


def inputs_digest(req: SARequest, *, region: str, ae_username: str | None, fast_track: bool,
                  calendar: BusinessCalendar | None = None) -> str:
    """A digest of everything `block` depends on: equal digests mean an equal block."""
    parts = [req.fingerprint(), region, ae_username or "", str(fast_track),
             calendar.timezone if calendar else "", BLOCK_VERSION]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def is_salesforce_url(url: str) -> bool:
    """An https link to a Salesforce host, safe to show as is."""
    return bool(_SALESFORCE_HOST.match(url))


def title(req: SARequest) -> str:
    """`SA Request: <Account> — <Opportunity>`, one line, within GitLab's 255 characters."""
    text = f"SA Request: {req.account} — {req.opportunity_name}"
    one_line = re.sub(r"\s+", " ", sanitize.clean(text)).strip()
    one_line = re.sub(r"([<>])", r"\\\1", sanitize.truncate(one_line, TITLE_LIMIT - 40))
    # GitLab renders titles as Markdown and notifies mentions in them (a mentionable attribute).
    return sanitize.defuse_mentions(one_line)


def mention(username: str | None) -> str:
    return f"@{username}" if username else ""


def _when(at: datetime | None, calendar: BusinessCalendar | None = None) -> str:
    """In the region's local time when the region is known (people read it there)."""
    if at is None:
        return "—"
    return calendar.format_local(at) + f" {at.year}" if calendar else at.strftime("%a %d %b %Y, %H:%M UTC")


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def block(req: SARequest, *, region: str, ae_username: str | None, fast_track: bool,
          state: dict[str, Any], key: bytes, calendar: BusinessCalendar | None = None) -> str:
    """The description block the bot owns (key marker and signed state inside it)."""
    url = req.opportunity_url or ""
    link = (trusted(f"[{sanitize.inline(req.opportunity_name)}]({url})")
            if is_salesforce_url(url) else req.opportunity_id)
    ae = f"{req.ae_name} ({req.ae_email})" if req.ae_email else req.ae_name
    kind = req.meeting_type.value if req.meeting_type else "type not given"
    meeting = f"{_when(req.meeting_at, calendar)} ({kind})" if req.meeting_at else "not scheduled"
    return render(
        "mirror_block.md.j2",
        key_marker=trusted(markers.issue_key_marker(req.opportunity_id)),
        state_comment=trusted(markers.signed_state_comment(state, key)),
        r=req, plan=req.command_plan, m=req.meddppicc, opportunity_link=link,
        # The AE's username in a code span: shown, but no notification on every rewrite.
        ae=trusted(f"{sanitize.inline(ae)} `@{ae_username}`" if ae_username else sanitize.inline(ae)),
        region=region, segment=req.segment.value, net_arr=_money(req.net_arr),
        subscription=req.subscription.value if req.subscription else "—",
        requested=_when(req.requested_at, calendar), meeting=meeting,
        fast_track="yes" if fast_track else "no", judgment=req.sa_judgment or "—",
    ).strip()


def questions() -> str:
    return render("mirror_questions.md.j2").strip()


def needs_info(missing: tuple[str, ...], ae_username: str | None) -> str:
    return render("needs_info.md.j2", missing=missing,
                  addressee=trusted(mention(ae_username))).strip()


def changed(changes: list[tuple[str, str, str]]) -> str:
    return render("mirror_changed.md.j2", changes=changes).strip()


def post_sales_reply(csm: bool) -> str:
    """The handbook's reply for a customer who comes back after the deal closed (a template the team
    may edit: bots/messages/post_sales_reply_with_csm.md.j2 and _without_csm.md.j2)."""
    return render(f"post_sales_reply_{'with' if csm else 'without'}_csm.md.j2").strip()


def closed(reason: str, closing: bool, *, won: bool = False, csm: str | None = None) -> str:
    """The closing note; an opportunity closed won also gets the post-sales reply, quoted to copy."""
    # The reply is the repo's own text (its links kept); quoted, no line of it can act as a command.
    quoted = "\n".join(f"> {line}".rstrip() for line in post_sales_reply(bool(csm)).split("\n"))
    reply = trusted(quoted) if won else ""
    return render("mirror_closed.md.j2", reason=reason, closing=closing, reply=reply, csm=csm or "").strip()


def region_unknown(teams: list[str]) -> str:
    return render("region_unknown.md.j2", teams=trusted(" ".join(mention(t) for t in teams))).strip()
