"""Incremental re-analysis is exact: after any sequence of edits, one long-lived Analyzer
answers byte-for-byte what a fresh Analyzer answers for the same notebook."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinyscaffold_server import Analyzer
from tinyscaffold_server.core.concepts import novelty
from tinyscaffold_server.core.concepts.candidates import CellConcepts, Concept
from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell

SOL = {"nbgrader": {"solution": True, "grade": False}}
TEST = {"nbgrader": {"solution": False, "grade": True}}

# Sources chosen so that edits interact: imports resolve later calls, bold terms and
# definitions make later mentions not new, tests after solutions feed the F part, long and
# branchy cells make cliffs and solution-level findings.
CODE = [
    "import numpy as np\n",
    "import numpy as xp\nimport torch as np\n",
    "from math import sqrt as np\n",
    "y = np.maximum(0, 1)\nz = np.tanh(y)\n",
    "def relu(x):\n    return np.maximum(x, 0)\n",
    "class Tensor:\n    def relu(self):\n        return relu(self)\n",
    "def f(x):\n    '''TODO: f.\n\n    APPROACH:\n    1. a\n    2. b\n\n    EXAMPLE: f(1)\n"
    "    HINTS: none\n    '''\n    ### BEGIN SOLUTION\n    if x:\n        return 1\n"
    "    elif x > 2:\n        return 2\n    for i in x:\n        if i:\n            pass\n"
    "    return np.zeros(3)\n    ### END SOLUTION\n",
    "\n".join(f"v{i} = np.ones({i})" for i in range(40)) + "\n",
    "assert relu(1) == 1\nprint('ok')\n",
    "def a(): pass\ndef b(): pass\ndef c(): pass\ndef d(): pass\ndef e(): pass\n",
    "x = (\n",
    "",
]
MARKDOWN = [
    "We use **ReLU** and **Tensor** here.",
    "## Step\n\nThe **numpy.maximum** call and **forward pass**, **a**, **b c**, **d e**,"
    " **tanh**.",
    "Plain prose " * 30,
    "## 🧪 Test the **relu** function\n",
    "$x^2$\n$$y$$\n**Batches** and **batch**",
]
cell_strategy = st.one_of(
    st.builds(
        lambda s, m: {"cell_type": "code", "source": s, "metadata": copy.deepcopy(m)},
        st.sampled_from(CODE),
        st.sampled_from([{}, SOL, TEST, {"tags": ["tinyscaffold-ignore"]}]),
    ),
    st.builds(
        lambda s, m: {"cell_type": "markdown", "source": s, "metadata": copy.deepcopy(m)},
        st.sampled_from(MARKDOWN),
        st.sampled_from([{}, {"tinyscaffold": {"concepts": ["ReLU", "sigmoid"]}}]),
    ),
    st.just({"cell_type": "raw", "source": "raw", "metadata": {}}),
)
edit_strategy = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 99), cell_strategy),
    st.tuples(st.just("source"), st.integers(0, 99), st.sampled_from(CODE + MARKDOWN)),
    st.tuples(st.just("append"), st.integers(0, 99), st.sampled_from(["\nq = np.sum(1)\n", "\n"])),
    st.tuples(st.just("insert"), st.integers(0, 99), cell_strategy),
    st.tuples(st.just("delete"), st.integers(0, 99), st.none()),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("meta"), st.integers(0, 99), st.sampled_from([{}, SOL, TEST])),
    st.tuples(st.just("undo"), st.integers(0, 99), st.none()),
)


def _apply(cells: list[dict[str, Any]], history: list[Any], edit: tuple[str, int, Any]) -> None:
    """Edit the cell list in place, the way a live notebook model changes (cell dicts and
    metadata mutated in place, so identity alone never proves a cell unchanged)."""
    op, at, arg = edit
    if op == "undo":
        if history:
            cells[:] = history[-1 - at % len(history)]
        return
    if op == "insert":
        cells.insert(at % (len(cells) + 1), arg)
        return
    if not cells:
        return
    at %= len(cells)
    if op == "replace":
        cells[at] = arg
    elif op == "source":
        cells[at]["source"] = arg
    elif op == "append":
        cells[at]["source"] += arg
    elif op == "delete":
        del cells[at]
    elif op == "move":
        cells.insert(arg % len(cells), cells.pop(at))
    elif op == "meta":
        metadata = cells[at].setdefault("metadata", {})
        metadata.clear()
        metadata.update(copy.deepcopy(arg))


def _fresh(notebook: dict[str, Any]) -> str:
    return json.dumps(Analyzer().analyze(copy.deepcopy(notebook)), ensure_ascii=False)


def _check(analyzer: Analyzer, notebook: dict[str, Any]) -> None:
    got = json.dumps(analyzer.analyze(notebook), ensure_ascii=False)
    assert got == _fresh(notebook)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(cell_strategy, max_size=10),
    st.lists(edit_strategy, min_size=1, max_size=12),
    st.sampled_from([4096, 3]),
)
def test_edit_sequences_match_fresh_analysis(
    start: list[dict[str, Any]], edits: list[tuple[str, int, Any]], max_cells: int
) -> None:
    analyzer = Analyzer(max_cells=max_cells)
    notebook: dict[str, Any] = {"cells": start, "metadata": {}}
    history: list[Any] = []
    _check(analyzer, notebook)
    for edit in edits:
        history.append(copy.deepcopy(notebook["cells"]))
        _apply(notebook["cells"], history, edit)
        _check(analyzer, notebook)


_WORDS = ["a", "b", "c", "numpy max", "x"]


Draw = list[tuple[list[str], list[str], list[tuple[str, str]], list[str]]]


def _concepts(draw: Draw) -> list[Any]:
    cells = []
    for candidates, calls, imports, words in draw:
        # MENTIONED terms: kept only where another cell's text uses them again
        cands = tuple(Concept(k, k, "term", n + 1, level=1) for n, k in enumerate(candidates))
        cell_calls = tuple((raw, n + 1) for n, raw in enumerate(calls))
        text = f" {' '.join(words)} "  # padded, as concepts.extract_concepts stores it
        cells.append(CellConcepts(cands, cell_calls, tuple(imports), markdown=True, text=text))
    return cells


_keys = st.sampled_from(["a", "b", "numpy.max", "torch.max", "c"])
_cell = st.tuples(
    st.lists(_keys, max_size=3),
    st.lists(st.sampled_from(["np.max", "t.max", "np", "x.y"]), max_size=3),
    st.lists(
        st.tuples(st.sampled_from(["np", "t"]), st.sampled_from(["numpy", "torch"])), max_size=2
    ),
    st.lists(st.sampled_from(_WORDS), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_cell, min_size=1, max_size=8),
    st.lists(st.lists(st.sampled_from(_WORDS), max_size=3), min_size=1, max_size=6),
    st.lists(st.lists(_cell, max_size=8), max_size=3),
)
def test_novelty_update_matches_reference(
    first: list[Any], texts: list[list[str]], others: list[Any]
) -> None:
    """Text-only edits (a keystroke inside a body) reuse the previous walk; any result must
    equal the reference walk's."""
    versions = [first]
    for at, words in enumerate(texts):  # the same cells, one text changed each time
        edited = list(versions[-1])
        target = at % len(edited)
        edited[target] = (*edited[target][:3], words)
        versions.append(edited)
    versions.extend(others)
    previous = None
    for version in versions:
        cells = _concepts(version)
        previous = novelty.update(previous, cells)
        assert [list(new) for new in previous.new] == [
            list(new) for new in new_concepts_per_cell(cells)
        ]


def _nb(*cells: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "cells": [{"cell_type": t, "source": s, "metadata": copy.deepcopy(m)} for t, s, m in cells],
        "metadata": {},
    }


def _names(report: dict[str, Any], index: int) -> list[str]:
    return list(report["cells"][index]["new_concepts"])


def _aliases(report: dict[str, Any], index: int) -> list[list[str]]:
    return [c["aliases"] for c in report["cells"][index]["concepts"]]


@pytest.mark.parametrize("max_cells", [4096, 1])
def test_edit_changes_other_cells(max_cells: int) -> None:
    analyzer = Analyzer(max_cells=max_cells)
    notebook = _nb(
        ("code", "x = 1\n", {}),
        ("markdown", "About it: `np.maximum(x, 0)`.", {}),
        ("code", "def relu(x):\n    return np.maximum(x, 0)\n", SOL),
        ("code", "assert relu(1) == 1\n", TEST),
    )
    report = analyzer.analyze(notebook)
    assert _names(report, 2) == ["relu"] and _aliases(report, 2) == [[]]
    assert report["summary"]["scaffolding"]["F"]["value"] == 1.0

    # An import earlier resolves the call the markdown names: relu is written with it.
    notebook["cells"][0]["source"] = "import numpy as np\n"
    report = analyzer.analyze(notebook)
    assert _names(report, 2) == ["relu"] and _aliases(report, 2) == [["np.maximum"]]
    _check(analyzer, notebook)

    # A term defined earlier makes the later implementation not new.
    notebook["cells"][1]["source"] = "**ReLU**: keeps positives, `np.maximum(x, 0)`."
    report = analyzer.analyze(notebook)
    assert _names(report, 1) == ["ReLU"]
    assert _names(report, 2) == []
    _check(analyzer, notebook)

    # Removing the test cell changes the F part of the summary.
    del notebook["cells"][3]
    report = analyzer.analyze(notebook)
    assert report["summary"]["scaffolding"]["F"]["value"] == 0.0
    _check(analyzer, notebook)

    # Moving the markdown cell after the solution moves the novelty with it; indexes shift.
    notebook["cells"].append(notebook["cells"].pop(1))
    report = analyzer.analyze(notebook)
    assert _names(report, 1) == ["relu"] and _aliases(report, 1) == [[]]  # case is no variant
    assert [c["index"] for c in report["cells"]] == [0, 1, 2]
    _check(analyzer, notebook)

    # Metadata mutated in place (same dict objects) still changes the role.
    notebook["cells"][1]["metadata"]["nbgrader"]["solution"] = False
    notebook["cells"][1]["metadata"]["nbgrader"]["grade"] = True
    report = analyzer.analyze(notebook)
    assert report["cells"][1]["role"] == "test"
    _check(analyzer, notebook)


def test_shared_analyzer_alternating_notebooks() -> None:
    analyzer = Analyzer()
    first = _nb(("code", "import numpy as np\n", {}), ("code", "y = np.tanh(1)\n", {}))
    second = _nb(("code", "y = np.tanh(1)\n", {}), ("code", "import numpy as np\n", {}))
    for _ in range(3):
        _check(analyzer, first)
        _check(analyzer, second)


def test_a_call_given_code_makes_earlier_is_no_longer_taught_after_an_edit() -> None:
    analyzer = Analyzer()
    notebook = _nb(
        ("code", "import numpy as np\nx = [2.0, -1.0]\n", {}),
        (
            "code",
            "# TODO: use np.clip to keep each value between 0 and 1\ny = np.clip(x, 0, 1)\n",
            {},
        ),
    )
    assert "numpy.clip" in _names(analyzer.analyze(notebook), 1)
    # the given code now calls it: a keystroke in another cell changes what the TODO teaches
    notebook["cells"][0]["source"] = "import numpy as np\nx = np.clip([2.0, -1.0], 0, 1)\n"
    assert "numpy.clip" not in _names(analyzer.analyze(notebook), 1)
    _check(analyzer, notebook)
    notebook["cells"][0]["source"] = "import numpy as np\nx = [2.0, -1.0]\n"
    assert "numpy.clip" in _names(analyzer.analyze(notebook), 1)
    _check(analyzer, notebook)
