"""The example module shows exactly the three things examples/README.md promises.

Cell numbers in examples/README.md and in the text report are 1-based; the report's
``index`` values (used below) are 0-based.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze, load_notebook

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "activations_dev.py"


@pytest.fixture(scope="module")
def example() -> tuple[dict[str, Any], dict[str, int]]:
    """The report, and each nbgrader grade_id → cell index (so the test reads like the file)."""
    notebook = load_notebook(EXAMPLE)
    ids = {
        cell["metadata"]["nbgrader"]["grade_id"]: index
        for index, cell in enumerate(notebook["cells"])
        if "nbgrader" in cell["metadata"]
    }
    return analyze(notebook), ids


def test_example_runs_top_to_bottom() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "All activation tests passed!"


def test_one_cliff_from_tanh_to_softmax(example: tuple[dict[str, Any], dict[str, int]]) -> None:
    report, ids = example
    assert (ids["tanh"], ids["softmax"]) == (11, 15)  # cells 12 and 16 in examples/README.md
    [cliff] = report["cliffs"]
    assert cliff["track"] == "solution"
    assert (cliff["from_index"], cliff["to_index"]) == (ids["tanh"], ids["softmax"])
    assert (cliff["from"], cliff["to"]) == (1, 4)
    softmax = report["cells"][ids["softmax"]]
    assert softmax["complexity_why"] == ["base 1", "SLOC 30 → +1", "CC 12 (C) in softmax → +2"]
    assert softmax["findings"] == []  # the cliff is the only problem of that cell


def test_one_rule_of_3s_violation_in_the_softmax_introduction(
    example: tuple[dict[str, Any], dict[str, int]],
) -> None:
    report, ids = example
    findings = [f for cell in report["cells"] for f in cell["findings"]]
    [finding] = findings
    intro = ids["softmax"] - 1  # the markdown cell right above the Softmax exercise
    assert intro == 14
    assert (finding["rule"], finding["cell_index"]) == ("new-concepts", intro)
    assert report["cells"][intro]["new_concepts"] == [
        "Softmax",  # the "Step 4: Softmax" heading, line 1
        "logits",
        "probability distribution",
        "Numerical stability",
        "log-sum-exp trick",
    ]


def test_the_activation_ladder_is_well_scaffolded(
    example: tuple[dict[str, Any], dict[str, int]],
) -> None:
    report, ids = example
    cells = report["cells"]
    for name in ("relu", "sigmoid", "tanh"):
        solution = cells[ids[name]]
        test = cells[ids[f"test-{name}"]]
        intro = cells[ids[name] - 1]
        assert solution["role"] == "solution" and solution["complexity"] <= 2, name
        assert solution["findings"] == [] and intro["findings"] == [], name
        assert intro["role"] == "explanation" and intro["complexity"] <= 2, name
        assert solution["guidance"]["present"] == ["TODO", "APPROACH", "EXAMPLE", "HINTS"]
        assert 1 <= solution["guidance"]["approach_steps"] <= 3
        # Each rung is checked straight away: the next code cell is its test.
        assert test["role"] == "test" and ids[f"test-{name}"] == ids[name] + 2
    assert [ids[n] for n in ("relu", "sigmoid", "tanh")] == [3, 7, 11]  # cells 4, 8, 12


def test_summary_of_the_example(example: tuple[dict[str, Any], dict[str, int]]) -> None:
    summary = example[0]["summary"]
    parts = {key: summary["scaffolding"][key]["value"] for key in "GFLBP"}
    assert parts["F"] == 1.0 and parts["B"] == 1.0 and parts["P"] == 0.5
    assert summary["scaffolding"]["score"] == 4.5
    assert all(target["met"] for target in summary["targets"])
