"""The CLI's exit codes and its one way of saying what went wrong (on stderr, one line).

  0  every module analysed, every gate passed
  1  a gate failed (``--fail-under``, ``--max-findings``, ``--fail-on-regression``)
  2  bad input: a path, a notebook, a configuration or a baseline that cannot be used
  3  an internal error: a bug in tinyscaffold, never the input's fault

3 wins over 2, which wins over 1: CI can tell a crash from a failed gate, and a gate
computed over a partial course is not reported as passed or failed.
"""

from __future__ import annotations

import os
import sys

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
DEBUG_ENV = "TINYSCAFFOLD_DEBUG"  # set: an internal error also prints its traceback


def error(message: str) -> None:
    print(f"tinyscaffold: {message}", file=sys.stderr)


def internal_error(exc: BaseException, where: str = "") -> str:
    """The one line an internal error is reported with (the traceback only on request)."""
    text = " ".join(str(exc).split())[:300]
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    prefix = f"{where}: " if where else ""
    return f"{prefix}internal error ({detail}); please report it ({DEBUG_ENV}=1 shows where)"


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")
