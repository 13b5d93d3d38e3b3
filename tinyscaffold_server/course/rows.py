"""One summary row per module and a course total, shared by the CLI's text/json/html output.

Pure functions over finished reports (report.schema.json): no I/O and no heavy imports, so
the server's course view can reuse them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.config import GRADES, grade_for
from ..core.typing_names import Any

__all__ = [
    "course_summary",
    "error_row",
    "finding_count",
    "gated_finding_count",
    "grade_for",
    "grade_rank",
    "module_row",
    "nothing_to_score",
]


def grade_rank(grade: str) -> int:
    """0 for A … 4 for F, so that "worse" is simply "larger"."""
    return GRADES.index(grade)


def finding_count(report: Mapping[str, Any]) -> int:
    """Rule-of-3s findings over all cells (cliffs are counted separately)."""
    return sum(len(cell["findings"]) for cell in report["cells"])


def gated_finding_count(report: Mapping[str, Any]) -> int:
    """What ``--max-findings`` counts: findings that are not notes (severity "info": the
    pattern suggestions and long test cells), plus the cliffs."""
    warnings = sum(1 for c in report["cells"] for f in c["findings"] if f["severity"] != "info")
    return warnings + len(report["cliffs"])


def nothing_to_score(report: Mapping[str, Any]) -> bool:
    """True when the score measures nothing: no part applies but P (progression), and P
    found no cliff (a module without solution, test or markdown cells: a backup of helpers,
    a scratch file).  Its 5.0 must not rank it first."""
    parts = report["summary"]["scaffolding"]
    others = [part["value"] for name, part in parts.items() if name not in ("score", "P")]
    progression = parts.get("P", {}).get("value")
    return all(value is None for value in others) and progression in (None, 1.0)


def module_row(path: str, report: Mapping[str, Any]) -> dict[str, Any]:
    """A module's row; ``score`` and ``grade`` are None (``scored`` false) when the module has
    nothing to score."""
    summary = report["summary"]
    scored = not nothing_to_score(report)
    return {
        "path": path,
        "cells": summary["counts"]["cells"],
        "lines": summary["counts"]["lines"],
        "pct_high": summary["pct_high"],
        "findings": finding_count(report),
        "cliffs": len(report["cliffs"]),
        "score": summary["scaffolding"]["score"] if scored else None,
        "grade": summary["grade"] if scored else None,
        "scored": scored,
        # For the course overview's chart: complexity levels in the module, and how many
        # concepts it introduces.
        "new_concepts": sum(len(cell["new_concepts"]) for cell in report["cells"]),
        "distribution": dict(summary["distribution"]),
    }


def error_row(path: str, error: str) -> dict[str, Any]:
    return {"path": path, "error": error}


def course_total(
    rows: Sequence[Mapping[str, Any]], bands: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Sums over the analysed modules; the course grade is the grade of the mean score over
    the modules with something to score.

    The worst module grade is reported next to it because a mean can hide one bad module.
    """
    ok = [row for row in rows if "error" not in row]
    scored = [row for row in ok if row.get("scored", True)]
    scores = [float(row["score"]) for row in scored]
    mean = round(sum(scores) / len(scores), 1) if scores else None
    worst = max((row["grade"] for row in scored), key=grade_rank, default=None)
    return {
        "modules": len(rows),
        "analysed": len(ok),
        "errors": len(rows) - len(ok),
        "scored": len(scored),
        "cells": sum(int(row["cells"]) for row in ok),
        "lines": sum(int(row["lines"]) for row in ok),
        "findings": sum(int(row["findings"]) for row in ok),
        "cliffs": sum(int(row["cliffs"]) for row in ok),
        "score": mean,
        "grade": grade_for(mean, bands) if mean is not None else None,
        "worst_grade": worst,
    }


def course_summary(
    rows: Sequence[Mapping[str, Any]], bands: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """The `course` object of the CLI's multi-module JSON: the rows (given in course order;
    ``order`` numbers them, as the course chart does) plus their total."""
    numbered = [{**row, "order": at} for at, row in enumerate(rows, start=1)]
    return {"rows": numbered, "total": course_total(rows, bands)}
