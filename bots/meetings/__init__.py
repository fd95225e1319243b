"""`meetings`: an agenda issue ahead of each team meeting of the handbook, closed once recorded."""
