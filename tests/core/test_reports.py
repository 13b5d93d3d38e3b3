"""End-to-end reports on the fixtures, with every number checked by hand.

activations.py is a TinyTorch-style module with short, guided, tested cells -- perfect on
G F L B P -- that follows none of the scaffolding patterns (no concept bridge, tests that do
not teach), so it grades B; layers.ipynb breaks each Rule of 3s once, has one cliff on each
track, and grades D.
"""

from __future__ import annotations

from typing import Any


def test_reports_validate(activations: Any, layers: Any, validate_report: Any) -> None:
    validate_report(activations)
    validate_report(layers)


def test_activations_cells(activations: dict[str, Any]) -> None:
    rows = [
        (
            c["role"],
            c["ignored"],
            c["lines"],
            c["sloc"],
            c["words"],
            c["math_lines"],
            c["complexity"],
        )
        for c in activations["cells"]
    ]
    assert rows == [
        ("explanation", False, 3, 0, 15, 0, 1),  # title 3 words + sentence 12 words
        ("library", False, 4, 1, None, None, 1),  # only `import numpy as np` is code
        ("explanation", False, 4, 0, 15, 1, 2),  # the $f(x) = …$ line → +1
        ("solution", False, 20, 2, None, None, 1),  # `def relu` + `return`, docstring excluded
        ("test_intro", False, 1, 0, 3, 0, 1),  # 🧪 heading
        ("test", False, 7, 5, None, None, 1),
        ("demo", True, 1, 1, None, None, 1),  # %timeit neutralised to `pass`, tagged ignore
        ("hidden", False, 3, 2, None, None, 1),
    ]
    relu = activations["cells"][3]
    assert relu["cc"] == {"value": 1, "rank": "A", "where": "relu", "lines": [2, 19]}
    assert relu["guidance"]["present"] == ["TODO", "APPROACH", "EXAMPLE", "HINTS"]
    assert relu["guidance"]["approach_steps"] == 2
    assert relu["blocks"] == [{"start_line": 18, "end_line": 20, "sloc": 1, "closed": True}]
    # `relu` was introduced by the "Step 1: ReLU" section; np.maximum is named only in the
    # HINTS, a tip on how to write it, not a function the lesson teaches.
    assert relu["new_concepts"] == []
    # The title introduces nothing; **ReLU** in the intro yields to the section about it, and
    # **non-linearity** is never used again (a passing mention).
    assert activations["cells"][0]["new_concepts"] == []
    assert activations["cells"][2]["concepts"] == [
        {"name": "ReLU", "key": "relu", "kind": "heading", "level": "section", "line": 1,
         "aliases": []}
    ]  # fmt: skip
    # The only hint: ReLU's bridge has its formula and code but no analogy and no "why".
    [hint] = [f for c in activations["cells"] for f in c["findings"]]
    assert (hint["rule"], hint["cell_index"]) == ("concept-bridge", 2)
    assert (
        hint["message"]
        == "concept bridge for ReLU: 2 of 4 parts (math, code); missing analogy, why"
    )
    assert activations["cliffs"] == []


def test_activations_summary(activations: dict[str, Any]) -> None:
    summary = activations["summary"]
    assert summary["counts"] == {
        "cells": 8,
        "code": 5,
        "markdown": 3,
        "raw": 0,
        "other": 0,
        "ignored": 1,
        "analysed": 7,
        "lines": 43,
        "by_role": {
            "solution": 1,
            "test": 1,
            "hidden": 1,
            "library": 1,
            "demo": 1,
            "test_intro": 1,
            "explanation": 2,
            "raw": 0,
            "other": 0,
        },
    }
    assert summary["distribution"] == {"1": 6, "2": 1, "3": 0, "4": 0, "5": 0}
    assert (summary["pct_high"], summary["pct_high_facing"]) == (0.0, 0.0)
    parts = summary["scaffolding"]
    assert [parts[p]["value"] for p in "GFLBP"] == [1.0, 1.0, 1.0, 1.0, 1.0]
    # C: ReLU has 2 of 4 bridge parts; T: the one test has no docstring, no assert message,
    # prints no explanation and is no confidence builder (only "in order" holds): 1/5.
    # S = 1 + 4 x (5 + 0.5 + 0.2) / 7 = 4.26 -> 4.3, B: short cells alone do not make an A.
    assert (parts["C"]["value"], parts["T"]["value"]) == (0.5, 0.2)
    assert (parts["score"], summary["grade"]) == (4.3, "B")
    assert [r["part"] for r in summary["recommendations"]] == ["T", "C"]
    assert [(t["id"], t["met"], t["value"]) for t in summary["targets"]] == [
        ("module-lines", False, 43),
        ("cell-lines", True, 2),
        ("pct-high", True, 0.0),
        ("score", True, 4.3),
        ("hinted-cells", True, 100.0),
    ]


def test_layers_cells_and_findings(layers: dict[str, Any]) -> None:
    cells = layers["cells"]
    assert [(c["role"], c["sloc"], c["complexity"]) for c in cells] == [
        ("explanation", 0, 1),
        ("solution", 2, 1),
        ("test", 1, 1),
        ("explanation", 0, 4),  # 5 math lines → +2, 5 new concepts → +1
        ("solution", 37, 5),  # SLOC 37 → +2, CC 11 → +2
        ("demo", 2, 1),
    ]
    assert cells[3]["complexity_why"] == [
        "base 1",
        # heading 2 + prose 14 + 7 + LaTeX tokens with a letter/digit 4+2+4+4+3
        "40 words → +0",
        "5 math lines → +2",
        "5 new concepts (limit 3) → +1",
    ]
    assert cells[4]["cc"] == {"value": 11, "rank": "C", "where": "Linear.forward", "lines": [6, 49]}
    assert [f["rule"] for f in cells[3]["findings"]] == ["new-concepts"]
    assert cells[3]["findings"][0]["message"] == (
        "5 new concepts (limit 3): weight matrices, bias vector, forward pass, matrix product,"
        " activation function"
    )
    assert cells[3]["findings"][0]["suggestion"] == (
        "split it before line 4: the first part keeps weight matrices, bias vector and forward"
        " pass, the second introduces matrix product and activation function"
    )
    found = {f["rule"]: f for f in cells[4]["findings"]}
    assert list(found) == [
        "approach-steps",
        "block-sloc",
        "cell-sloc",
        "implementation-ladder",
        "solution-levels",
        "concept-bridge",
    ]
    # The ladder proposal cuts forward's body at statement boundaries, the elif chain split.
    assert [(r["lines"], r["sloc"]) for r in found["implementation-ladder"]["rungs"]] == [
        ([18, 28], 11),
        ([29, 40], 12),
        ([41, 49], 9),
    ]
    assert found["approach-steps"]["message"] == "APPROACH: at line 10 has 5 steps (limit 3)"
    assert found["approach-steps"]["lines"] == [10, 15]
    assert "start a new one at step 4 (line 14)" in found["approach-steps"]["suggestion"]
    assert found["block-sloc"]["message"] == (
        "implementation block at lines 17\u201350 has 32 SLOC (limit 30)"
    )
    assert found["cell-sloc"]["message"] == "solution cell has 37 SLOC (limit 30)"
    # the one method is longer than the limit by itself: no cut between the cell's
    # statements can help; its block's cut says what to move into a helper, and the cell's
    # advice quotes the block's advice word for word (one plan, the same lines and sizes)
    block_advice = (
        "split it before line 41: 2 parts of 23 and 9 SLOC; make each part its own "
        "BEGIN/END SOLUTION exercise"
    )
    assert found["block-sloc"]["suggestion"] == block_advice
    assert found["cell-sloc"]["suggestion"] == (
        "no statement boundary keeps every part within 30 SLOC: method `Linear.forward` "
        "(lines 6\u201349) has 33 SLOC on its own; for its BEGIN/END SOLUTION block "
        f"(lines 17\u201350): {block_advice}; move lines 41\u201349 (9 SLOC) into a helper "
        "function in a cell of its own above this one, leaving a call behind; the cell then "
        "has 29 SLOC"
    )
    # the ladder names the method as the length hints do: same lines, same SLOC
    assert found["implementation-ladder"]["message"].startswith(
        "method `Linear.forward` (lines 6\u201349; 33 SLOC, CC 11) is one big step"
    )
    assert found["solution-levels"]["message"] == (
        "complexity 5 is above the solution-cell maximum 4"
    )
    assert all(f["cell_index"] == 4 for f in found.values())
    # scale (cell 1) and Linear (introduced by its own solution cell 4) have code but no
    # other bridge part.
    assert cells[0]["findings"] == []
    assert [f["rule"] for f in cells[1]["findings"]] == ["concept-bridge"]
    assert found["concept-bridge"]["message"] == (
        "concept bridge for Linear: 1 of 4 parts (code); missing analogy, math, why"
    )


def test_layers_cliffs_and_summary(layers: dict[str, Any]) -> None:
    assert [
        (c["track"], c["from_index"], c["to_index"], c["from"], c["to"]) for c in layers["cliffs"]
    ] == [
        ("explanation", 0, 3, 1, 4),
        ("solution", 1, 4, 1, 5),
    ]
    assert (
        layers["cliffs"][1]["message"] == "complexity 1 → 5 between cells 2 and 5 (solution cells)"
    )
    summary = layers["summary"]
    parts = summary["scaffolding"]
    # G: (1/4 TODO only + 2/4 TODO, APPROACH) / 2; F: cell 1 → test, cell 4 → none;
    # L: 3 of 4 solution/markdown cells ≤ 3 new; B: (1 for cell 1, short enough to need no
    # steps, + 0 long block) / 2; P: two cliffs → 0; C: Linear and scale have 1 of 4 bridge
    # parts each; T: the one test meets 1 of 5 criteria.  S = 1 + 4 x 2.575 / 7 = 2.47 → 2.5,
    # C.
    assert [(p, parts[p]["value"], parts[p]["cells"]) for p in "GFLBPCT"] == [
        ("G", 0.375, [1, 4]),
        ("F", 0.5, [4]),
        ("L", 0.75, [3]),
        ("B", 0.5, [4]),
        ("P", 0.0, [3, 4]),
        ("C", 0.25, [1, 4]),
        ("T", 0.2, [2]),
    ]
    assert (parts["score"], summary["grade"]) == (2.5, "C")
    assert [r["part"] for r in summary["recommendations"]] == ["P", "T", "C", "G", "F", "B", "L"]
    assert summary["distribution"] == {"1": 4, "2": 0, "3": 0, "4": 1, "5": 1}
    assert (summary["pct_high"], summary["pct_high_facing"]) == (33.3, 50.0)
