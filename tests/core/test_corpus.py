"""End to end on the real TinyTorch module 01 (../shared/corpus/tensor_dev.ipynb).

How each value was checked by reading the notebook:
- roles: cell metadata — cell 1 has `#| export` and nbgrader solution false (library), cell 2
  is plain setup code (demo), cell 7 has nbgrader solution true, cells 13-15 have nbgrader
  grade true; markdown cell 12 is "### 🧪 Test Your Tensor Implementation".
- cell 7 SLOC 68: counted independently with `tokenize` (lines holding a token that is not a
  comment or a docstring) and with radon's raw `sloc` — both give 68 of 287 lines.
- cell 7 CC: radon `cc_visit` ranks `Tensor.__init__` first with 13 (the if/elif chain over
  input types with nested dtype checks); no asserts in the cell, so no_assert changes nothing.
  Complexity 1 + 3 (SLOC > 60) + 2 (CC ≥ 11) = 6, capped at 5.
- cell 7 guidance: every method docstring has TODO, EXAMPLE and HINT(S); APPROACH lists have
  3 numbered steps (`__init__` uses "STEP-BY-STEP:", which SPEC does not count); 12
  BEGIN/END SOLUTION blocks, the largest (`__init__`, lines 38-71) with 24 SLOC.
- cliffs: the only solution cell is 7 (no pair), and the explanation cells never rise by 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze, load_notebook

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TENSOR = CORPUS / "tensor_dev.ipynb"


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not TENSOR.exists():
        pytest.skip(f"shared corpus notebook not found at {TENSOR}")
    return analyze(load_notebook(TENSOR))


def test_validates(report: dict[str, Any], validate_report: Any) -> None:
    validate_report(report)


def test_roles(report: dict[str, Any]) -> None:
    assert [c["role"] for c in report["cells"]] == [
        "explanation",
        "library",
        "demo",
        "explanation",
        "explanation",
        "explanation",
        "explanation",
        "solution",
        "explanation",
        "explanation",
        "explanation",
        "explanation",
        "test_intro",
        "test",
        "test",
        "test",
        "explanation",
    ]


def test_solution_cell_7(report: dict[str, Any]) -> None:
    cell = report["cells"][7]
    assert (cell["lines"], cell["sloc"]) == (287, 68)
    assert cell["cc"] == {"value": 13, "rank": "C", "where": "Tensor.__init__", "lines": [10, 70]}
    assert cell["complexity"] == 5
    assert cell["complexity_why"] == [
        "base 1",
        "SLOC 68 → +3",
        "CC 13 (C) in Tensor.__init__ → +2",
        "6 capped at 5",
    ]
    assert cell["guidance"]["present"] == ["TODO", "APPROACH", "EXAMPLE", "HINTS"]
    assert cell["guidance"]["approach_steps"] == 3
    assert len(cell["blocks"]) == 12
    assert cell["blocks"][0] == {"start_line": 38, "end_line": 71, "sloc": 24, "closed": True}
    rules = [f["rule"] for f in cell["findings"]]
    assert "cell-sloc" in rules and "solution-levels" in rules
    assert "block-sloc" not in rules and "approach-steps" not in rules
    cell_sloc = next(f for f in cell["findings"] if f["rule"] == "cell-sloc")
    assert cell_sloc["message"] == "solution cell has 68 SLOC (limit 30)"


def test_code_cells(report: dict[str, Any]) -> None:
    # cell 1: only `import numpy as np`, `import sys`, `from typing import …` are code.
    # test cells: SLOC 21 / 26 / 18 → +1 each, straight-line code (asserts not counted).
    assert [
        (c["index"], c["sloc"], c["complexity"])
        for c in report["cells"]
        if c["cell_type"] == "code"
    ] == [
        (1, 3, 1),
        (2, 4, 1),
        (7, 68, 5),
        (13, 21, 2),
        (14, 26, 2),
        (15, 18, 2),
    ]


def test_summary(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert report["cliffs"] == []
    assert summary["counts"]["cells"] == 17
    assert (summary["counts"]["code"], summary["counts"]["markdown"]) == (6, 11)
    assert summary["counts"]["lines"] == 566
    parts = summary["scaffolding"]
    # G: one solution cell with all four markers; F: next solution/test cell after 7 is 13
    # (a test); B: all blocks ≤ 30 SLOC and APPROACH lists of 3; P: no cliffs.
    assert [parts[p]["value"] for p in "GFBP"] == [1.0, 1.0, 1.0, 1.0]
    facing = [c for c in report["cells"] if c["role"] in ("solution", "explanation", "test_intro")]
    light = sum(1 for c in facing if len(c["new_concepts"]) <= 3)
    assert parts["L"]["value"] == round(light / len(facing), 4)
    # C: the one concept implemented (Tensor) has analogy, code and why but no formula that
    # names it; T: the tests explain their asserts and print, but have no docstring and the
    # first one is not an easy confidence builder.
    assert parts["C"]["value"] == 0.75
    assert 0.5 < parts["T"]["value"] < 1
    # S = 1 + 4 x (4 + L + C + T) / 7: the module half follows the patterns and stays an A.
    values = [parts[p]["value"] for p in "GFLBPCT"]
    assert parts["score"] == round(1 + 4 * sum(values) / 7, 1)
    assert summary["grade"] == "A"
    targets = {t["id"]: (t["met"], t["value"]) for t in summary["targets"]}
    assert targets["module-lines"] == (False, 566)
    assert targets["cell-lines"] == (False, 68)
    assert targets["hinted-cells"] == (True, 100.0)
