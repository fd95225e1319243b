"""`python -m bots` is `sa-triage`."""

from bots.cli import main

main()
