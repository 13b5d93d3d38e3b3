"""The example module shows exactly the things examples/README.md promises.

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
    # Besides the cliff, the only note on that cell proposes the ladder it could become.
    [ladder] = softmax["findings"]
    assert (ladder["rule"], ladder["severity"]) == ("implementation-ladder", "info")
    assert ladder["message"].startswith(
        "`def softmax` (lines 2\u201346; 30 SLOC, CC 12) is one big step"
    )
    assert [rung["lines"] for rung in ladder["rungs"]] == [[18, 24], [25, 36], [37, 40], [41, 46]]


def test_one_rule_of_3s_violation_in_the_softmax_introduction(
    example: tuple[dict[str, Any], dict[str, int]],
) -> None:
    report, ids = example
    pattern_hints = ("concept-bridge", "implementation-ladder")
    findings = [f for cell in report["cells"] for f in cell["findings"]]
    [finding] = [f for f in findings if f["rule"] not in pattern_hints]
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


def test_the_first_three_steps_are_well_scaffolded(
    example: tuple[dict[str, Any], dict[str, int]],
) -> None:
    report, ids = example
    cells = report["cells"]
    for name in ("relu", "sigmoid", "tanh"):
        solution = cells[ids[name]]
        test = cells[ids[f"test-{name}"]]
        intro = cells[ids[name] - 1]
        assert solution["role"] == "solution" and solution["complexity"] <= 2, name
        # Tanh's introduction deliberately lacks the analogy of its concept bridge.
        hints = ["concept-bridge"] if name == "tanh" else []
        assert solution["findings"] == [], name
        assert [f["rule"] for f in intro["findings"]] == hints, name
        assert intro["role"] == "explanation" and intro["complexity"] <= 2, name
        assert solution["guidance"]["present"] == ["TODO", "APPROACH", "EXAMPLE", "HINTS"]
        assert 1 <= solution["guidance"]["approach_steps"] <= 3
        # Each rung is checked straight away: the next code cell is its test.
        assert test["role"] == "test" and ids[f"test-{name}"] == ids[name] + 2
    assert [ids[n] for n in ("relu", "sigmoid", "tanh")] == [3, 7, 11]  # cells 4, 8, 12


def test_summary_of_the_example(example: tuple[dict[str, Any], dict[str, int]]) -> None:
    summary = example[0]["summary"]
    parts = {key: summary["scaffolding"][key]["value"] for key in "GFLBPCT"}
    assert parts["F"] == 1.0 and parts["B"] == 1.0 and parts["P"] == 0.5
    assert (parts["C"], parts["T"]) == (0.95, 0.9)
    assert (summary["scaffolding"]["score"], summary["grade"]) == (4.6, "A")
    assert all(target["met"] for target in summary["targets"])


def test_the_example_shows_each_scaffolding_pattern(
    example: tuple[dict[str, Any], dict[str, int]],
) -> None:
    report, ids = example
    patterns = report["patterns"]
    bridges = {bridge["name"]: bridge for bridge in patterns["bridges"]}
    assert list(bridges) == ["ReLU", "Sigmoid", "Tanh", "Softmax", "Leaky ReLU"]
    # A complete bridge: analogy, formula, code and why for ReLU, all near it.
    relu = bridges["ReLU"]
    assert relu["missing"] == [] and relu["parts"]["code"]["cells"] == [ids["relu"]]
    assert relu["parts"]["analogy"]["cells"] == [ids["relu"] - 1]
    # A deliberately missing part: Tanh has math, code and why, but no analogy.
    assert bridges["Tanh"]["missing"] == ["analogy"]
    # A ladder: Leaky ReLU in three guided rungs of rising difficulty.
    [ladder] = patterns["ladders"]
    assert [rung["name"] for rung in ladder["rungs"]] == [
        "leaky_relu_one",
        "leaky_relu_array",
        "leaky_relu",
    ]
    assert [rung["difficulty"] for rung in ladder["rungs"]] == [5, 7, 14]
    assert bridges["Leaky ReLU"]["functions"] == [
        "leaky_relu_one",
        "leaky_relu_array",
        "leaky_relu",
    ]
    # A confidence builder opens the Leaky ReLU tests, then an educational test follows.
    ratings = {rating["cell_index"]: rating for rating in patterns["tests"]}
    builder = ratings[ids["test-leaky-relu-first-rung"]]
    assert builder["criteria"]["confidence_builder"] is True and builder["rating"] == 1.0
    full = ratings[ids["test-leaky-relu"]]
    assert full["rating"] == 1.0 and full["relative"] == "hardest"
    # The Sigmoid test teaches but is too big to build confidence first.
    assert ratings[ids["test-sigmoid"]]["criteria"]["confidence_builder"] is False
