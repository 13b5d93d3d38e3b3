"""The CLI's exit codes and its one way of saying what went wrong (on stderr, one line)."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_GATE, EXIT_INPUT = 0, 1, 2


def error(message: str) -> None:
    print(f"tinyscaffold: {message}", file=sys.stderr)
