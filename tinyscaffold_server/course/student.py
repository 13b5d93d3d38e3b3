"""The student view: the module as nbgrader (or otter-grader) releases it, and what each
exercise asks.

nbgrader's release step (``ClearSolutions`` + ``ClearHiddenTests`` with their defaults)
replaces the code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` by
``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the BEGIN line's indentation
(markdown answers by ``YOUR ANSWER HERE``), replaces a solution cell without delimiters
whole, and deletes ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS``.  otter-grader's
markers are released as otter does: a line ending in ``# SOLUTION`` becomes ``...`` (an
assignment keeps its target), one ending in ``# SOLUTION NO PROMPT`` goes, a ``# BEGIN
SOLUTION`` written with fewer than three ``#`` in a cell without nbgrader metadata becomes
``...`` (``NO PROMPT``: nothing), and a triple-quoted ``# BEGIN PROMPT`` string is unwrapped
into the code the student sees.

The student view analyses that released notebook and, per solution cell, records what the
student reads (the released cell's complexity) and what the student must write (SLOC and
cyclomatic complexity of the code that was removed).  An exercise in another convention (a
TODO for the student, ``raise NotImplementedError``, a ``...`` placeholder: docs/METRICS.md
§2) is already the student's version: it is shown as it is, and what the student writes is
not in the notebook (``null``).

Above ``core/``: it transforms a notebook and calls the public ``analyze``.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Mapping

from ..core.analyzer import analyze
from ..core.lazy_re import compile_lazily
from ..core.roles import nbgrader_flag
from ..core.typing_names import Any

__all__ = ["CODE_STUB", "TEXT_STUB", "release", "student_report"]

Json = dict[str, Any]
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = "YOUR ANSWER HERE"
_BEGIN = compile_lazily(r"^([ \t]*)(#+)[ \t]*BEGIN SOLUTION\b(?P<quiet>[ \t]+NO PROMPT)?")
_END = compile_lazily(r"^[ \t]*#+[ \t]*END SOLUTION\b")
# otter-grader's line markers (docs/METRICS.md §2); an assignment keeps its target.
_OTTER_LINE = compile_lazily(
    r"^(?P<indent>[ \t]*)(?P<code>[^#\n]*\S)[ \t]*#[ \t]*SOLUTION"
    r"(?P<quiet>[ \t]+NO[ \t]+PROMPT)?[ \t]*$"
)
_TARGET = compile_lazily(r"^[\w.,\[\] \t]*?(?<![=!<>])=(?!=)")
_BEGIN_PROMPT = compile_lazily(r"^[ \t]*[rRuU]?(?:\"\"\"|\'\'\')[ \t]*#[ \t]*BEGIN[ \t]+PROMPT\b")
_END_PROMPT = compile_lazily(r"^[ \t]*(?:\"\"\"|\'\'\')[ \t;]*#[ \t]*END[ \t]+PROMPT\b")
_BEGIN_HIDDEN = compile_lazily(r"^[ \t]*#+[ \t]*BEGIN HIDDEN TESTS\b")
_END_HIDDEN = compile_lazily(r"^[ \t]*#+[ \t]*END HIDDEN TESTS\b")


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def _clear_solutions(source: str, code: bool, nbgrader: bool) -> tuple[str, list[str]] | None:
    """(released source, removed regions) or None when the cell has no BEGIN SOLUTION.

    ``nbgrader``: the cell has nbgrader metadata, so a ``# BEGIN SOLUTION`` is nbgrader's
    whatever its number of ``#`` (module docstring)."""
    lines = source.split("\n")
    out: list[str] = []
    removed: list[str] = []
    current: list[str] | None = None
    found = False
    for line in lines:
        begin = _BEGIN.match(line)
        if current is None and begin:
            found = True
            indent = begin.group(1)
            if not code:
                out.append(TEXT_STUB)
            elif nbgrader or len(begin.group(2)) >= 3:
                out.extend(indent + stub for stub in CODE_STUB)
            elif not begin.group("quiet"):
                out.append(indent + "...")  # otter-grader's prompt
            current = []
        elif current is not None and _END.match(line):
            removed.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
        else:
            out.append(line)
    if current is not None:  # unclosed: the region runs to the end of the cell
        removed.append("\n".join(current))
    return ("\n".join(out), removed) if found else None


def _clear_otter_lines(source: str) -> tuple[str, list[str]] | None:
    """otter-grader's line markers and prompts (module docstring); None when there are
    none."""
    if "SOLUTION" not in source and "PROMPT" not in source:
        return None
    out: list[str] = []
    removed: list[str] = []
    found = prompt = False
    for line in source.split("\n"):
        if not prompt and _BEGIN_PROMPT.match(line):
            found = prompt = True
            continue
        if prompt and _END_PROMPT.match(line):
            prompt = False
            continue
        match = None if prompt else _OTTER_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        found = True
        indent, written = match.group("indent"), match.group("code")
        removed.append(written)
        if match.group("quiet"):
            continue
        target = _TARGET.match(written)
        out.append(f"{indent}{target.group(0)} ..." if target else f"{indent}...")
    return ("\n".join(out), removed) if found else None


def _clear_hidden_tests(source: str) -> tuple[str, int]:
    out: list[str] = []
    hidden = False
    regions = 0
    for line in source.split("\n"):
        if not hidden and _BEGIN_HIDDEN.match(line):
            hidden, regions = True, regions + 1
        elif hidden and _END_HIDDEN.match(line):
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out), regions


def release(notebook: Mapping[str, Any]) -> tuple[Json, dict[int, list[str]], int]:
    """(released notebook, removed solution code per cell index, hidden-test regions removed).

    Cells are never added or dropped, so indexes in the student report are the author's.
    """
    released: Json = copy.deepcopy(dict(notebook))
    removed_by_cell: dict[int, list[str]] = {}
    hidden_total = 0
    cells = released.get("cells", [])
    for index, cell in enumerate(cells if isinstance(cells, list) else ()):
        if not isinstance(cell, dict):
            continue  # not a cell: the analysis rejects the notebook with its own message
        kind = cell.get("cell_type")
        source = _text(cell.get("source"))
        code = kind == "code"
        metadata = cell.get("metadata") or {}
        graded = isinstance(metadata, Mapping) and "nbgrader" in metadata
        cleared = _clear_solutions(source, code, graded) if kind in ("code", "markdown") else None
        if cleared is not None:
            source, removed = cleared
            removed_by_cell[index] = removed
        elif kind in ("code", "markdown") and nbgrader_flag(metadata, "solution"):
            removed_by_cell[index] = [source]
            source = "\n".join(CODE_STUB) if code else TEXT_STUB
        if code:
            otter = _clear_otter_lines(source)
            if otter is not None:
                source = otter[0]
                removed_by_cell.setdefault(index, []).extend(otter[1])
            source, hidden = _clear_hidden_tests(source)
            hidden_total += hidden
        cell["source"] = source
    return released, removed_by_cell, hidden_total


def _written(regions: list[str], config: Mapping[str, Any] | None) -> Json:
    """SLOC (summed) and largest CC of the removed code, each region measured on its own."""
    sloc, cc = 0, 0
    for region in regions:
        code = textwrap.dedent(region)
        if not code.strip():
            continue
        cell = {"cell_type": "code", "source": code, "metadata": {}}
        measured = analyze({"cells": [cell], "metadata": {}}, config)["cells"][0]
        sloc += measured["sloc"]
        if measured["cc"]:
            cc = max(cc, int(measured["cc"]["value"]))
    return {"sloc": sloc, "cc": cc}


def student_report(
    notebook: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    known: frozenset[str] = frozenset(),
) -> Json:
    """The report of the released notebook, with a ``student`` section (report.schema.json).

    ``known``: concepts earlier modules of the course introduced (as for ``analyze``)."""
    released, removed, hidden = release(notebook)
    report = analyze(released, config, known)
    exercises = []
    for index, cell in enumerate(report["cells"]):
        if index in removed:
            written: Json = _written(removed[index], config)
        elif cell["role"] == "solution":
            written = {"sloc": None, "cc": None}  # already the student's version
        else:
            continue
        exercises.append({
            "index": index,
            "reads": cell["complexity"],
            "writes_sloc": written["sloc"],
            "writes_cc": written["cc"],
        })  # fmt: skip
    reads = [e["reads"] for e in exercises if e["reads"] is not None]
    known_sloc = [e["writes_sloc"] for e in exercises if e["writes_sloc"] is not None]
    report["student"] = {
        "exercises": exercises,
        "totals": {
            "exercises": len(exercises),
            "as_given": len(exercises) - len(known_sloc),
            "writes_sloc": sum(known_sloc),
            "max_writes_cc": max((e["writes_cc"] or 0 for e in exercises), default=0),
            "mean_reads": round(sum(reads) / len(reads), 1) if reads else None,
            "hidden_tests_removed": hidden,
        },
    }
    return report
