"""Are exercise cells exercises?  Issue 19's target: of the code cells written in a common
exercise convention, at least 95 % have role ``solution`` and a complexity.

The cells are picked by a plain pattern of the conventions (TODO, YOUR CODE HERE,
NotImplementedError, BEGIN SOLUTION, ``= ...`` and ``= None  #`` placeholders), on purpose
not by the analysis' own marker rules, so that the figure checks them rather than repeats them.

    python bench/exercise_roles.py NOTEBOOK_OR_FOLDER ...
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tinyscaffold_server import analyze  # noqa: E402
from tinyscaffold_server.core.loading import is_notebook_file, load_notebook  # noqa: E402

CONVENTIONS = re.compile(
    r"TODO|YOUR CODE HERE|raise NotImplementedError|BEGIN SOLUTION|=\s*\.\.\.|=\s*None\s*#"
)


def notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for given in map(Path, paths):
        files = sorted(given.rglob("*")) if given.is_dir() else [given]
        found += [f for f in files if f.is_file() and is_notebook_file(f)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    exercises = held = 0
    for path in notebooks(args.paths):
        notebook = load_notebook(path)
        report = analyze(notebook)
        for index, (cell, entry) in enumerate(zip(notebook["cells"], report["cells"], strict=True)):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            if cell.get("cell_type") != "code" or not CONVENTIONS.search(text):
                continue
            exercises += 1
            if entry["role"] == "solution" and entry.get("complexity") is not None:
                held += 1
            else:
                first = text.strip().splitlines()[0][:70] if text.strip() else ""
                print(f"{path.name} cell {index + 1}: role {entry['role']}: {first}")
    if not exercises:
        print("no exercise cells found")
        return 1
    share = held / exercises
    verdict = "met" if share >= 0.95 else "NOT met"
    print(f"{held}/{exercises} exercise cells are solutions with a complexity: {share:.1%}")
    print(f"target >= 95 %: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
