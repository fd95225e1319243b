"""`setup`: the board as code (labels, board lists, issue templates, pipeline schedules)."""
