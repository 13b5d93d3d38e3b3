"""Fixtures for the CLI / text / HTML tests: a schema validator, hand-built reports, notebooks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tinyscaffold_server" / "report.schema.json"
EXAMPLE = ROOT / "examples" / "activations_dev.py"


@pytest.fixture(scope="session")
def validate() -> Callable[[Any], None]:
    """Validate a report against report.schema.json (raises with the failing path)."""
    import jsonschema  # type: ignore[import-untyped]  # no stubs installed

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def check(report: Any) -> None:
        validator.validate(report)

    return check


def _cell(
    index: int,
    role: str,
    complexity: int | None,
    new: list[str] | None = None,
    findings: list[dict[str, Any]] | None = None,
    cell_type: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    code = role not in ("explanation", "test_intro")
    return {
        "index": index,
        "id": f"c{index}",
        "cell_type": cell_type or ("code" if code else "markdown"),
        "role": role,
        "ignored": False,
        "lines": 5,
        "sloc": 4 if code else 0,
        "complexity": complexity,
        "complexity_why": ["base 1"],
        "terms": [{"name": "base", "value": None, "points": 1, "text": "base 1"}],
        "note": note,
        "new_concepts": list(new or []),
        "concepts": [{"name": n, "key": n.lower(), "kind": "term", "line": 1} for n in (new or [])],
        "guidance": None,
        "blocks": [],
        "findings": list(findings or []),
    }


def _part(value: float | None, why: str) -> dict[str, Any]:
    return {"value": value, "why": why}


def make_report(
    cells: list[dict[str, Any]], cliffs: list[dict[str, Any]], grade: str = "C", score: float = 3.2
) -> dict[str, Any]:
    return {
        "version": 1,
        "cells": cells,
        "cliffs": cliffs,
        "patterns": {"bridges": [], "ladders": [], "tests": []},
        "summary": {
            "counts": {
                "cells": len(cells),
                "code": sum(c["cell_type"] == "code" for c in cells),
                "markdown": sum(c["cell_type"] == "markdown" for c in cells),
                "raw": 0,
                "other": 0,
                "ignored": 0,
                "analysed": sum(c["complexity"] is not None for c in cells),
                "lines": 5 * len(cells),
                "by_role": {},
            },
            "distribution": {"1": 1, "2": 0, "3": 0, "4": 1, "5": 0},
            "pct_high": 25.0,
            "pct_high_facing": 33.3,
            "scaffolding": {
                "score": score,
                "G": _part(0.75, "3 of 4 guidance markers on average"),
                "F": _part(1.0, "every solution is followed by a test"),
                "L": _part(0.5, "1 of 2 cells over 3 new concepts"),
                "B": _part(None, "no solution blocks"),
                "P": _part(0.5, "one cliff"),
                "C": _part(None, "no concept implemented in a solution cell: not applicable"),
                "T": _part(None, "no test cells: not applicable"),
            },
            "grade": grade,
            "recommendations": [
                {"part": "P", "message": "Add a stepping-stone cell before cell 4", "cells": [3]}
            ],
            "targets": [
                {
                    "id": "module-lines",
                    "label": "module length",
                    "met": False,
                    "value": 20,
                    "unit": "lines",
                    "target": "200\N{EN DASH}400 lines",
                },
                {
                    "id": "score",
                    "label": "scaffolding score",
                    "met": False,
                    "value": score,
                    "unit": "",
                    "target": "≥ 4",
                },
            ],
        },
        "config": {},
    }


EVIL = '<script>alert("x")</script>'


@pytest.fixture
def sample_report() -> dict[str, Any]:
    """Four cells with a cliff 1 → 4 between cells 1 and 3 and one hostile concept name."""
    finding = {
        "rule": "new-concepts",
        "severity": "warning",
        "message": f"5 new concepts (limit 3): {EVIL}, B, C, D, E",
        "suggestion": "move 2 of the 5 new concepts into the markdown cell above",
        "cell_index": 2,
    }
    cells = [
        _cell(0, "explanation", 1, ["activation function"]),
        _cell(1, "solution", 1, ["relu", "numpy.maximum"]),
        _cell(2, "explanation", 3, [EVIL, "B", "C", "D", "E"], [finding]),
        _cell(3, "solution", 4, ["softmax_with_a_very_long_name_for_truncation_checks"]),
        _cell(4, "demo", None, note="unparseable: line 1: invalid syntax"),
    ]
    cliff = {
        "track": "solution",
        "from_index": 1,
        "to_index": 3,
        "from": 1,
        "to": 4,
        "message": "complexity 1 → 4 between cells 1 and 3 (solution cells)",
        "suggestion": "add an intermediate step",
    }
    return make_report(cells, [cliff])


@pytest.fixture
def write_notebook(tmp_path: Path) -> Callable[..., Path]:
    """Write a small .ipynb whose markdown introduces ``n_concepts`` bold concepts (the code
    cell uses them again, so they are taught rather than mentioned in passing)."""

    def write(rel: str, n_concepts: int = 1, text: str = "") -> Path:
        names = [f"concept{chr(97 + i)}" for i in range(n_concepts)]
        bold = " ".join(f"**{name}**" for name in names)
        nb = {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "markdown",
                    "id": "m0",
                    "metadata": {},
                    "source": [f"# Intro\n\n{bold} {text}\n"],
                },
                {
                    "cell_type": "code",
                    "id": "c1",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": [f"def add(a, b):  # {' '.join(names)}\n", "    return a + b\n"],
                },
            ],
        }
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(nb), encoding="utf-8")
        return path

    return write
