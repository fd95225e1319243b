"""The forms bot's pieces: approvals, PTO availability and reminders, notes, planning."""

from bots.forms.approvals import APPROVED_LABEL, Approvals, Role, evaluate, region_of
from bots.forms.plan import IssuePlan, plan_issue
from bots.forms.pto import availability, reminder_start

__all__ = [
    "APPROVED_LABEL",
    "Approvals",
    "IssuePlan",
    "Role",
    "availability",
    "evaluate",
    "plan_issue",
    "region_of",
    "reminder_start",
]
