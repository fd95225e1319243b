"""A label to declare in GitLab: what `setup` creates (from `labels:` in sa-triage.yml, and the SLO rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str
    description: str
