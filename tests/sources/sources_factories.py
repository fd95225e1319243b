"""Test helpers for bots.sources: valid export rows with a default for every column."""

from __future__ import annotations

import csv
from pathlib import Path

from bots.sources.fields import DEFAULT_EXPORT_MAPPING

HEADER = [column for column in DEFAULT_EXPORT_MAPPING.columns.values() if column]
ID15 = "0068X00001AbCdE"
ID18 = "0068X00001AbCdEQAV"  # ID15 with its checksum suffix

_DEFAULTS = {
    "opportunity_id": ID18,
    "opportunity_url": f"https://sfdc.example.com/lightning/r/Opportunity/{ID18}/view",
    "account": "Example Widgets Inc.",
    "opportunity_name": "Example Widgets - Platform Eval",
    "ae_name": "Jordan Lee",
    "ae_email": "jordan.lee@example.com",
    "region": "AMER",
    "segment": "Mid-Market First Order",
    "stage": "3-Technical Evaluation",
    "close_date": "2027-01-15",
    "net_arr": "$48,000.00",
    "subscription": "SaaS",
    "requested_at": "2026-11-20T14:00:00Z",
    "meeting_at": "2026-11-25T16:00:00Z",
    "meeting_type": "Demo",
    "fast_track": "No",
    "status": "Open",
    "scm": "GitHub",
    "planning": "Jira",
    "ci_cd": "Jenkins",
    "cloud": "AWS",
    "deployment": "Kubernetes",
    "competitors": "GitHub",
    "attendees": "Dana Cruz (VP Engineering)",
    "use_cases": "Consolidate CI",
    "why_now": "Jenkins end of support",
    "compelling_event": "Licence expires 2027-02-15",
    "metrics": "Lead time 3 weeks -> 3 days",
    "economic_buyer": "Maria Gomez, CFO",
    "decision_criteria": "Single platform",
    "decision_process": "POC then CFO",
    "paper_process": "Order form",
    "identify_pain": "Flaky pipelines",
    "champion": "Tom Reyes",
    "competition": "GitHub",
    "sa_judgment": "",
    "named_account": "",
    "csm_name": "",
    "csm_eligible": "",
    "required_7": "Yes",
    "custom_pitch_deck": "https://docs.google.com/presentation/d/deck",
    "deep_technical_or_resale": "",
    "narrow_scope": "",
}


def values(**overrides: str) -> dict[str, str]:
    """A valid request keyed by our field names, with `overrides` applied."""
    unknown = set(overrides) - set(_DEFAULTS)
    assert not unknown, f"unknown fields {unknown}"
    return {**_DEFAULTS, **overrides}


def export_row(**overrides: str) -> list[str]:
    """One CSV row (cells in HEADER order) of a valid request with `overrides` applied."""
    v = values(**overrides)
    return [v[name] for name, column in DEFAULT_EXPORT_MAPPING.columns.items() if column]


def write_csv(
    folder: Path, rows: list[list[str]], name: str = "requests.csv", header: list[str] | None = None
) -> Path:
    """A CSV export (CRLF, as Excel and Salesforce write it) at folder/name."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER if header is None else header)
        writer.writerows(rows)
    return path
