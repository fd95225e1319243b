"""Mirror Salesforce SA requests onto the triage board: decisions only, no I/O."""
