"""Is this a snapshot a delta can use?  Snapshots come from outside the analysis: a file
written by ``--save-baseline`` (which anyone may edit), or the browser sending back what
``GET /tinyscaffold/baseline`` gave it.  Every field that a delta (``delta.module_delta``), a
slim snapshot (``baseline.slim``) and the renderers of a delta read is checked here, with
its type, so that a bad one is refused with the field's name instead of failing half way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..core.config import GRADES
from ..core.typing_names import Any

__all__ = ["snapshot_problem"]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_KINDS: dict[str, Callable[[Any], bool]] = {
    "a string": lambda v: isinstance(v, str),
    "an integer": lambda v: type(v) is int,
    "an integer or null": lambda v: v is None or type(v) is int,
    "a number or null": lambda v: v is None or _number(v),
    "a list": lambda v: isinstance(v, list),
    "a list of strings": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "an object": lambda v: isinstance(v, dict),
    "a grade (A-F)": lambda v: isinstance(v, str) and v in GRADES,
}
_SNAPSHOT = {"path": "a string", "cells": "a list", "report": "an object"}
_REPORT = {"cells": "a list", "cliffs": "a list", "summary": "an object"}
_KEY = {"hash": "a string"}
_CELL = {
    "cell_type": "a string",
    "complexity": "a number or null",
    "new_concepts": "a list of strings",
    "findings": "a list",
}
_FINDING = {"rule": "a string", "cell_index": "an integer", "message": "a string"}
_CLIFF = {
    "track": "a string",
    "from_index": "an integer",
    "to_index": "an integer",
    "from": "an integer or null",
    "to": "an integer or null",
    "message": "a string",
}
_SUMMARY = {"grade": "a grade (A-F)", "pct_high": "a number or null", "scaffolding": "an object"}
_SCORE = {"score": "a number or null"}
# The student view's "before" (``delta.student_delta``): optional, but whole when present.
_STUDENT = {"totals": "an object", "exercises": "a list"}
_EXERCISE = {
    "index": "an integer",
    "reads": "a number or null",
    "writes_sloc": "a number or null",
    "writes_cc": "a number or null",
}


def _fields(value: Any, fields: Mapping[str, str], where: str) -> str | None:
    if not isinstance(value, dict):
        return f"{where}: must be an object"
    for key, want in fields.items():
        if key not in value:
            return f"{where}.{key}: missing"
        if not _KINDS[want](value[key]):
            return f"{where}.{key}: must be {want}"
    return None


def _each(items: Sequence[Any], fields: Mapping[str, str], where: str) -> str | None:
    for at, item in enumerate(items):
        problem = _fields(item, fields, f"{where}[{at}]")
        if problem is not None:
            return problem
    return None


def snapshot_problem(snap: Any) -> str | None:
    """Why ``snap`` is not a usable snapshot (``"report.cliffs: missing"``), or None."""
    problem = _fields(snap, _SNAPSHOT, "snapshot") or _fields(snap["report"], _REPORT, "report")
    if problem is not None:
        return problem
    report, keys = snap["report"], snap["cells"]
    cells = report["cells"]
    if keys and len(keys) != len(cells):
        return f"cells: {len(keys)} entries for {len(cells)} report cells"
    problem = _each(keys, _KEY, "cells")
    for at, key in enumerate(keys if problem is None else ()):
        if key.get("id") is not None and not isinstance(key["id"], str):
            return f"cells[{at}].id: must be a string or null"
    for at, cell in enumerate(cells if problem is None else ()):
        where = f"report.cells[{at}]"
        problem = _fields(cell, _CELL, where) or _each(
            cell["findings"], _FINDING, f"{where}.findings"
        )
        if problem is not None:
            return problem
    problem = (
        problem
        or _each(report["cliffs"], _CLIFF, "report.cliffs")
        or _fields(report["summary"], _SUMMARY, "report.summary")
        or _fields(report["summary"]["scaffolding"], _SCORE, "report.summary.scaffolding")
    )
    if problem is None and "student" in report:
        student = report["student"]
        problem = _fields(student, _STUDENT, "report.student") or _each(
            student["exercises"], _EXERCISE, "report.student.exercises"
        )
    return problem
