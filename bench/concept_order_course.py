"""How often ``concept-order`` speaks on a real course in its own order.  Issue 19's target:
at most one finding per two modules (while a module placed before the one it builds on
still gets findings: try the same course with one folder renamed to come first).

Each course folder is analysed as the CLI does (``tinyscaffold report FOLDER --format
json``, its modules in course order); the findings are printed with the module they sit on.

    python bench/concept_order_course.py COURSE_FOLDER ...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def order_messages(report: Any) -> Iterator[str]:
    """The messages of every concept-order finding anywhere in one module's report."""
    if isinstance(report, dict):
        if report.get("rule") == "concept-order":
            yield str(report.get("message", ""))
            return
        for value in report.values():
            yield from order_messages(value)
    elif isinstance(report, list):
        for value in report:
            yield from order_messages(value)


def course_findings(folder: Path) -> tuple[int, list[tuple[str, str]]]:
    """(number of modules, [(module, message)]) for one course folder."""
    done = subprocess.run(
        [sys.executable, "-m", "tinyscaffold_server.cli", "report", str(folder),
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        sys.exit(f"{folder}: tinyscaffold report exited {done.returncode}: {done.stderr.strip()}")
    modules = json.loads(done.stdout)["modules"]
    found = [
        (Path(module["path"]).parent.name, message.replace(str(folder) + "/", ""))
        for module in modules
        for message in order_messages(module["report"])
    ]
    return len(modules), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("courses", nargs="+", type=Path)
    args = parser.parse_args()
    met = True
    for folder in args.courses:
        modules, found = course_findings(folder)
        for module, message in found:
            print(f"  {module}: {message}")
        ok = len(found) <= modules / 2
        met &= ok
        verdict = "met" if ok else "NOT met"
        print(f"{folder.name}: {len(found)} findings on {modules} modules "
              f"(target <= {modules / 2:g}): {verdict}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
