"""A faithful local GitLab REST v4 emulator (the sandbox) for the bots and their e2e tests."""

# Importing the route modules registers their handlers with the router.
from . import (  # noqa: F401
    routes_boards,
    routes_core,
    routes_hooks,
    routes_issues,
    routes_labels,
    routes_notes,
    routes_repo,
    routes_schedules,
)
from .faults import Faults, Limits
from .quickactions import extract as extract_quick_actions
from .reqlog import RequestLog
from .sandbox import Sandbox, serve

__all__ = ["Faults", "Limits", "RequestLog", "Sandbox", "extract_quick_actions", "serve"]
