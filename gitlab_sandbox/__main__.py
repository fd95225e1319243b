"""`python -m gitlab_sandbox` is `sa-triage-sandbox` (`serve --port N [--state FILE] [--premium]`, `demo`)."""

from gitlab_sandbox.cli import main

main()
