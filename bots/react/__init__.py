"""`react`: webhook-triggered runs for the one issue an event names (bots/react/run.py)."""
