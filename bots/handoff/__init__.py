"""`handoff`: the SA-to-SA handoff checklist when a mirrored request changes SA (see job.py)."""
