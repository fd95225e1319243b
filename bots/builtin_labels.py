"""The labels the built-in features need, declared by default so a team's `labels:` may stay empty.

`setup` creates them; an entry under `labels:` with the same name restyles one (colour, description).
The SLO rules declare their own (`slo::*` and the marks people set) beside their rules; these are the
board lists, the mirror's, the digest's and the issue templates' labels, and one `region::` per region.
"""

from __future__ import annotations

from collections.abc import Iterable

from bots.labels import LabelSpec

DEFAULT_BOARD_NAME = "Commercial Triage"
DEFAULT_BOARD_LISTS = ("triage::new", "triage::in-review", "triage::assigned", "triage::engaged")

_TABLE: tuple[tuple[str, str, str], ...] = (
    # Board lists: where a request is in triage.
    ("triage::new", "#6699CC", "New SA request, waiting for triage (first board list)"),
    ("triage::in-review", "#5843AD", "Being discussed by the regional SA team (the 4 Questions)"),
    ("triage::assigned", "#009966", "An SA is assigned and has contacted the AE"),
    ("triage::engaged", "#004E00", "SA activities under way (discovery, demo, deep dive...)"),
    # The mirror of Salesforce SA requests.
    ("sa-request", "#1F75CB", "Mirrored from a Salesforce SA Request (managed by sa-triage)"),
    ("region::unknown", "#808080", "Region could not be determined: both teams asked"),
    ("segment::first-order", "#D9534F", "Mid-Market First Order (tech eval done 15 days before close)"),
    ("segment::named", "#F0AD4E", "Mid-Market Named / Key (tech eval done 30 days before close)"),
    ("segment::territory", "#5CB85C", "Mid-Market Territory (tech eval done 30 days before close)"),
    ("segment::smb", "#5BC0DE", "Small Business (no engagement model: any stage, no tech-eval deadline)"),
    ("stage::2-scoping", "#A8D695", "Opportunity stage 2-Scoping"),
    ("stage::3-technical-evaluation", "#7BC96F", "Opportunity stage 3-Technical Evaluation"),
    ("stage::4-proposal", "#239A3B", "Opportunity stage 4-Proposal"),
    ("stage::5-negotiating", "#196127", "Opportunity stage 5-Negotiating"),
    ("stage::6-awaiting-signature", "#0E4429", "Opportunity stage 6-Awaiting Signature"),
    ("stage::other", "#BFBFBF", "Opportunity stage outside the usual SA range"),
    ("fast-track", "#FF0000", "Meeting less than 24 hours after the request (or flagged in Salesforce)"),
    ("priority::1", "#CC0000", "Highest priority (deal size, named account, urgency)"),
    ("priority::2", "#E67E22", "Medium priority"),
    ("priority::3", "#F1C40F", "Lower priority"),
    ("needs-info", "#FFCC00", "Missing information: see the bot's note"),
    ("async-slack", "#4A154B", "Early-stage or narrowly scoped: pointed to the region's Slack channel"),
    ("not-in-source", "#E24329",
     "The request left the source (deleted, not an SA request, gone from the export): see the note"),
    # The weekly digest.
    ("sa-digest", "#6E49CB", "Weekly triage digest per region (managed by sa-triage)"),
    # Templated issues: the label each template sets, and the one the bot sets once it is complete.
    ("form::onsite-request", "#8E44AD", "Filed from the On-site Request template"),
    ("form::pto-coverage", "#16A085", "Filed from the PTO Coverage template"),
    ("form::sa-handoff", "#2C3E50", "Filed from the SA Handoff template"),
    ("form::sa-request", "#2980B9", "Filed from the SA Request template"),
    ("form::ephemeral-slack-channel", "#E91E63", "Filed from the Ephemeral Slack Channel template"),
    ("onsite::awaiting-approval", "#F39C12",
     "Complete; waiting for SA Manager and ASM approval (thumbs up)"),
    ("onsite::approved", "#27AE60", "Approved by the SA Manager and the Area Sales Manager"),
    ("pto::coverage-planned", "#1ABC9C", "PTO coverage issue complete"),
    ("handoff::complete", "#34495E", "SA-to-SA handoff checklist complete"),
    ("sa-request::ready-for-triage", "#3498DB", "SA request filed outside Salesforce is complete"),
    ("slack-channel::awaiting-approval", "#C2185B",
     "Ephemeral Slack channel request complete; waiting for the SA's approval"),
    ("slack-channel::approved", "#27AE60", "Ephemeral Slack channel approved by the SA (and the CSM)"),
)
# One colour per region, in the order the regions are declared (then round again).
_REGION_COLOURS = ("#0033CC", "#CC0033", "#009966", "#8E44AD", "#E67E22", "#16A085")


def builtin_labels(regions: Iterable[str]) -> tuple[LabelSpec, ...]:
    """Every label the built-in features need, with a `region::<name>` for each region."""
    region_labels = tuple(
        LabelSpec(f"region::{name}", _REGION_COLOURS[i % len(_REGION_COLOURS)], f"{name} regional SA team")
        for i, name in enumerate(regions))
    table = tuple(LabelSpec(*row) for row in _TABLE)
    return table[:5] + region_labels + table[5:]
