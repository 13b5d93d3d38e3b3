"""The student view: the notebook as nbgrader releases it and what each exercise asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from course_data import SOLUTION, TEST, percent_module

from tinyscaffold_server.cli.main import main
from tinyscaffold_server.core.loading import NotANotebook
from tinyscaffold_server.course.student import release, student_report

HIDDEN = "assert relu(1) == 1\n### BEGIN HIDDEN TESTS\nassert relu(-5) == 0\n### END HIDDEN TESTS"


def _nb(*cells: dict[str, Any]) -> dict[str, Any]:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source: str, **nbgrader: Any) -> dict[str, Any]:
    metadata = {"nbgrader": nbgrader} if nbgrader else {}
    return {"cell_type": "code", "source": source, "metadata": metadata}


def test_solutions_become_nbgraders_stub_at_the_begin_lines_indentation() -> None:
    released, removed, hidden = release(_nb(_code(SOLUTION), _code(HIDDEN)))
    source = released["cells"][0]["source"]
    assert source.endswith('    """\n    # YOUR CODE HERE\n    raise NotImplementedError()')
    assert "BEGIN SOLUTION" not in source and "return 0" not in source
    assert removed == {0: ["    if x > 0:\n        return x\n    return 0"]}
    assert released["cells"][1]["source"] == "assert relu(1) == 1"
    assert hidden == 1


def test_a_solution_cell_without_delimiters_and_a_markdown_answer_are_replaced_whole() -> None:
    answer = {"cell_type": "markdown", "source": "It is 42.", "metadata": {}}
    answer["metadata"] = {"nbgrader": {"solution": True}}
    released, removed, _ = release(_nb(_code("y = 2 * 21", solution=True), answer))
    assert released["cells"][0]["source"] == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert released["cells"][1]["source"] == "YOUR ANSWER HERE"
    assert removed == {0: ["y = 2 * 21"], 1: ["It is 42."]}


def test_the_student_report_says_what_is_read_and_what_must_be_written(
    validate: Callable[[Any], None],
) -> None:
    report = student_report(_nb(_code("import math"), _code(SOLUTION), _code(HIDDEN)))
    validate(report)
    student = report["student"]
    assert student["exercises"] == [
        {"index": 1, "reads": report["cells"][1]["complexity"], "writes_sloc": 3, "writes_cc": 2}
    ]
    assert student["totals"] == {
        "exercises": 1,
        "as_given": 0,
        "writes_sloc": 3,
        "max_writes_cc": 2,
        "mean_reads": float(report["cells"][1]["complexity"]),
        "hidden_tests_removed": 1,
    }


def test_cli_student_view(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = tmp_path / "m.py"
    module.write_text(percent_module("md:# ReLU", SOLUTION, TEST), encoding="utf-8")
    assert main(["report", str(module), "--view", "student"]) == 0
    out = capsys.readouterr().out
    assert "Student view" in out
    assert "cell 2: reads complexity 1, writes 3 SLOC (CC 2)" in out
    assert main(["report", str(module)]) == 0  # the author view stays the default
    assert "Student view" not in capsys.readouterr().out


def test_otter_markers_are_released_as_otter_releases_them() -> None:
    square = (
        "def square(x):\n    y = x * x # SOLUTION NO PROMPT\n    return y # SOLUTION\n\n"
        "nine = square(3) # SOLUTION"
    )
    area = (
        "if True:\n    # BEGIN SOLUTION\n    radius = 3\n    # END SOLUTION\n    print(radius)\n\n"
        "def circumference(r):\n    # BEGIN SOLUTION NO PROMPT\n    return 2 * r\n"
        '    # END SOLUTION\n    """ # BEGIN PROMPT\n    # Next, the circumference.\n    pass\n'
        '    """; # END PROMPT'
    )
    released, removed, _ = release(_nb(_code(square), _code(area)))
    assert released["cells"][0]["source"] == "def square(x):\n    ...\n\nnine = ..."
    assert released["cells"][1]["source"] == (
        "if True:\n    ...\n    print(radius)\n\n"
        "def circumference(r):\n    # Next, the circumference.\n    pass"
    )
    assert removed == {
        0: ["y = x * x", "return y", "nine = square(3)"],
        1: ["    radius = 3", "    return 2 * r"],
    }
    # nbgrader's own BEGIN SOLUTION keeps nbgrader's stub, whatever its number of "#"
    graded, _, _ = release(_nb(_code("# BEGIN SOLUTION\nx = 1\n# END SOLUTION", solution=True)))
    assert graded["cells"][0]["source"] == "# YOUR CODE HERE\nraise NotImplementedError()"


def test_a_todo_style_exercise_is_already_the_students_version(
    validate: Callable[[Any], None],
) -> None:
    todo = "def softmax(x):\n    # TODO: compute the softmax of x\n    return x"
    notebook = _nb(_code(SOLUTION), _code(todo), _code(TEST))
    released, removed, _ = release(notebook)
    assert released["cells"][1]["source"] == todo and 1 not in removed
    report = student_report(notebook)
    validate(report)
    assert report["student"]["exercises"][1] == {
        "index": 1,
        "reads": report["cells"][1]["complexity"],
        "writes_sloc": None,
        "writes_cc": None,
    }
    totals = report["student"]["totals"]
    assert (totals["exercises"], totals["as_given"], totals["writes_sloc"]) == (2, 1, 3)


def test_a_cell_that_is_no_object_is_rejected_in_the_student_view_too() -> None:
    for cells in ([1], [None, _code(SOLUTION)], ["text"]):
        with pytest.raises(NotANotebook, match="cell 0: must be an object"):
            student_report({"cells": cells})
