"""Property-based tests: any cell sources, any notebook shape → a valid, consistent report."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinyscaffold_server import Analyzer, analyze

_FRAGMENTS = [
    "def f(x):\n",
    "    return x\n",
    "class A:\n",
    "    def m(self):\n        pass\n",
    "if x:\n    y = 1\nelse:\n    y = 2\n",
    "for i in range(3):\n",
    '    """TODO: do it.\n\n    APPROACH:\n    1. a\n    2. b\n    """\n',
    "### BEGIN SOLUTION\n",
    "### END SOLUTION\n",
    "#| export\n",
    "#| hide\n",
    "assert f(1) == 1\n",
    "%matplotlib inline\n",
    "!pip install x\n",
    "x = !ls\n",
    "np.zeros?\n",
    "import numpy as np\n",
    "np.maximum(0, x)\n",
    "(((",
    "\0",
    "# HINTS: use np.maximum\n",
    "**Bold term** and $x = y$\n",
    "```\ncode = 1\n```\n",
    "## 🧪 Test\n",
    "\t\n",
]

sources = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=20)), max_size=8).map("".join),
)
metadata = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {},
        optional={
            "tags": st.lists(st.sampled_from(["tinyscaffold-ignore", "x", "hide"]), max_size=2),
            "nbgrader": st.fixed_dictionaries({"solution": st.booleans(), "grade": st.booleans()}),
            "tinyscaffold": st.fixed_dictionaries(
                {},
                optional={
                    "ignore": st.booleans(),
                    "concepts": st.lists(st.text(min_size=1, max_size=10), max_size=4),
                },
            ),
        },
    ),
)
cells = st.builds(
    lambda cell_type, source, meta, as_list: {
        "cell_type": cell_type,
        "source": source.splitlines(keepends=True) if as_list else source,
        "metadata": meta,
    },
    st.sampled_from(["code", "code", "markdown", "markdown", "raw", "widget"]),
    sources,
    metadata,
    st.booleans(),
)
notebooks = st.builds(lambda cs: {"cells": cs, "metadata": {}}, st.lists(cells, max_size=12))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notebook=notebooks)
def test_any_notebook_gives_a_consistent_report(
    notebook: dict[str, Any], validate_report: Any
) -> None:
    report = analyze(notebook)
    validate_report(report)
    summary = report["summary"]
    analysed = 0
    for index, cell in enumerate(report["cells"]):
        assert cell["index"] == index
        assert cell["complexity"] is None or 1 <= cell["complexity"] <= 5
        if cell["complexity"] is None:
            assert cell["note"]
        if cell["ignored"]:
            assert cell["findings"] == []
        else:
            analysed += cell["complexity"] is not None
        assert all(f["cell_index"] == index for f in cell["findings"])
        assert len(cell["new_concepts"]) == len(cell["concepts"])
    assert summary["counts"]["analysed"] == analysed
    assert sum(summary["distribution"].values()) == analysed
    assert 0 <= summary["pct_high"] <= 100 and 1 <= summary["scaffolding"]["score"] <= 5
    for cliff in report["cliffs"]:
        assert cliff["from_index"] < cliff["to_index"]
        assert cliff["to"] - cliff["from"] >= report["config"]["cliff_jump"]
        assert not report["cells"][cliff["to_index"]]["ignored"]
    # a warm cache gives the same bytes as a cold one
    assert json.dumps(Analyzer().analyze(notebook)) == json.dumps(report)


@settings(max_examples=150, deadline=None)
@given(source=sources)
def test_any_code_source_is_scored_or_explained(source: str) -> None:
    report = analyze({"cells": [{"cell_type": "code", "source": source, "metadata": {}}]})
    cell = report["cells"][0]
    assert (cell["complexity"] is None) == (cell["note"] is not None)
    if cell["complexity"] is not None:
        assert cell["complexity"] == min(5, sum(t["points"] for t in cell["terms"]))
    assert cell["sloc"] <= max(cell["lines"], 1)
