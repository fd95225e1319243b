"""`python -m bots.sandbox --port N [--state FILE] [--premium]`: serve until interrupted."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import serve


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and serve."""
    parser = argparse.ArgumentParser(prog="python -m bots.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8929)
    parser.add_argument("--state", type=Path, default=None, help="JSON state, saved on exit")
    parser.add_argument("--premium", action="store_true", help="scoped labels are exclusive")
    args = parser.parse_args(argv)
    serve(args.port, args.state, args.premium)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
