"""The one place that talks to GitLab (the only python-gitlab user): reads snapshots as plain
values, applies actions, counts requests."""

from bots.gateway.convert import issue_from_json, note_from_json, parse_time
from bots.gateway.session import RequestCounter
from bots.gateway.writes import Gateway

__all__ = ["Gateway", "RequestCounter", "issue_from_json", "note_from_json", "parse_time"]
