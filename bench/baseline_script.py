"""A STAND-IN for a course's old analysis script: the baseline of bench/cli_startup.py.

Issue 9 compares ``tinyscaffold report`` with "the course's old analysis script", which is
not in this repository (it belonged to the course, and measured 0.29 s there).  This file
plays its part so the comparison can be run anywhere: it does what such scripts typically
did, and nothing more -- read a percent-format ``.py`` module with plain string parsing,
count per cell the source lines, the branches (a radon-free cyclomatic estimate from the
standard ``ast`` module), the prose words and the TODO markers, and print JSON.

It imports only the standard library (json, ast, sys), so it starts about as fast as a
Python process can: a harsher baseline than the original, which is the point -- a CLI that
keeps up with this keeps up with any script of its kind.

Usage: python bench/baseline_script.py MODULE.py
"""

from __future__ import annotations

import ast
import json
import sys

BRANCHES = (ast.If, ast.For, ast.While, ast.IfExp, ast.ExceptHandler, ast.With, ast.BoolOp)


def split_cells(text: str) -> list[dict[str, object]]:
    cells: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in text.splitlines():
        if line.startswith("# %%"):
            current = {"type": "markdown" if "[markdown]" in line else "code", "lines": []}
            cells.append(current)
        elif current is not None:
            lines = current["lines"]
            assert isinstance(lines, list)
            lines.append(line)
    return cells


def measure(cell: dict[str, object]) -> dict[str, object]:
    lines = cell["lines"]
    assert isinstance(lines, list)
    source = "\n".join(lines)
    facts: dict[str, object] = {"type": cell["type"], "todo": source.count("TODO")}
    if cell["type"] == "markdown":
        facts["words"] = len(source.replace("#", " ").replace('"""', " ").split())
        return facts
    facts["sloc"] = sum(1 for s in lines if s.strip() and not s.lstrip().startswith("#"))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        facts["cc"] = None
    else:
        facts["cc"] = 1 + sum(isinstance(node, BRANCHES) for node in ast.walk(tree))
    return facts


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cells = [measure(cell) for cell in split_cells(handle.read())]
    print(json.dumps({"module": sys.argv[1], "cells": cells}, indent=2))


if __name__ == "__main__":
    main()
