"""`sa-triage --version` and `--help` start without loading what only a run needs."""

import subprocess
import sys

HEAVY = ("gitlab", "requests", "yaml", "jinja2", "holidays", "simple_salesforce")


def test_version_prints_the_package_version_and_loads_nothing_a_run_needs():
    code = ("import sys; from bots.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["sa-triage, version 0.1.0", "[]"]
