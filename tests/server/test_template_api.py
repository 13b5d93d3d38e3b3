"""POST /tinyscaffold/template: a pattern template filled with names from the active cell."""

from __future__ import annotations

import json
from typing import Any

from server_data import SOLUTION


def _template(fetch: Any, body: Any) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return fetch("template", method="POST", body=data)


def test_each_template_is_filled_from_a_code_cell(fetch: Any) -> None:
    cell = {"cell_type": "code", "source": SOLUTION}
    reply = _template(fetch, {"name": "implementation-ladder", "cell": cell})
    assert reply.code == 200
    data = reply.json()
    assert data["title"] == "Insert implementation ladder"
    assert data["names"] == {
        "concept": "relu",
        "concept_tex": "relu",
        "function": "relu",
        "stem": "relu",
        "params": "x",
        "call": "relu(...)",
        "code_where": "in the cell above",
    }
    assert data["skip"] == 0
    markdown, solution = data["cells"]
    assert markdown["cell_type"] == "markdown" and markdown["source"].startswith("### relu, one")
    assert solution["metadata"]["nbgrader"]["solution"] is True
    # Three rungs of their own: the ladder never redefines the solution it is inserted after.
    assert "def relu_one(x):" in solution["source"]
    assert "def relu_checked(x):" in solution["source"] and "def relu(" not in solution["source"]
    for name in ("concept-bridge", "confidence-builder", "educational-test"):
        assert _template(fetch, {"name": name, "cell": cell}).code == 200


def test_a_concept_from_the_report_and_markdown_cells(fetch: Any) -> None:
    cell = {"cell_type": "code", "source": SOLUTION}
    data = _template(fetch, {"name": "concept-bridge", "cell": cell, "concept": "ReLU"}).json()
    [bridge] = data["cells"]
    assert bridge["cell_type"] == "markdown" and "Think of **ReLU** as" in bridge["source"]
    md = {"cell_type": "markdown", "source": "## Step 5\n\nThe **Leaky ReLU** leaks."}
    data = _template(fetch, {"name": "confidence-builder", "cell": md}).json()
    assert data["names"]["function"] == "leaky_relu"
    [test] = data["cells"]
    assert test["metadata"]["nbgrader"]["grade"] is True
    assert "leaky_relu(...)" in test["source"]


def test_a_course_overrides_a_template_in_its_configured_folder(fetch: Any) -> None:
    cell = {"cell_type": "code", "source": SOLUTION}
    body = {"name": "confidence-builder", "cell": cell, "path": "templated/m.ipynb"}
    [test] = _template(fetch, body).json()["cells"]
    assert test["source"] == 'print("Our course says well done for relu!")'
    # Other templates still come from the built-in set.
    body["name"] = "educational-test"
    assert "Unit Test: relu" in _template(fetch, body).json()["cells"][0]["source"]


def test_bad_requests_get_clear_errors(fetch: Any) -> None:
    cell = {"cell_type": "code", "source": "x = 1"}
    unknown = _template(fetch, {"name": "nope", "cell": cell})
    assert unknown.code == 400 and "unknown template 'nope'" in unknown.json()["detail"]
    assert _template(fetch, {"name": "concept-bridge"}).code == 400
    assert _template(fetch, "{oops").json()["error"] == "invalid-json"
    assert _template(fetch, [1]).code == 400
    escape = {"name": "concept-bridge", "cell": cell, "path": "../x.ipynb"}
    assert _template(fetch, escape).json()["error"] == "forbidden-path"
    outside = {"name": "concept-bridge", "cell": cell, "path": "escaping/m.ipynb"}
    reply = _template(fetch, outside)
    assert reply.code == 403 and reply.json()["detail"] == (
        "escaping/tinyscaffold.toml: templates folder '…/outside' resolves outside the server root"
    )


def test_a_heading_the_next_cell_has_is_not_repeated(fetch: Any) -> None:
    """Inserted after `class Dense`, above its "🧪 Unit Test: Dense": no second heading, and
    the test goes under the existing one; the class is instantiated, as written."""
    dense = "class Dense:\n    def __init__(self, n_in, n_out):\n        self.n = n_in\n"
    body = {
        "name": "educational-test",
        "cell": {"cell_type": "code", "source": dense},
        "following": {"cell_type": "markdown", "source": "### 🧪 Unit Test: Dense\n\nChecks."},
    }
    data = _template(fetch, body).json()
    assert data["skip"] == 1
    [test] = data["cells"]
    assert test["cell_type"] == "code" and "result = Dense(..., ...)" in test["source"]
    assert "dense(" not in test["source"]
    body["following"] = {"cell_type": "code", "source": "x = 1"}
    data = _template(fetch, body).json()
    assert data["skip"] == 0 and len(data["cells"]) == 2
    body["following"] = {"cell_type": "markdown"}
    assert _template(fetch, body).code == 400


def test_a_class_cell_with_helpers_gets_the_class_and_keeps_its_test_heading(fetch: Any) -> None:
    """The walkthrough's losses cell: the panel sends the cell's first bridge concept, a
    helper; the template instantiates the class holding the solution and goes under the
    existing "TEST Unit Test: MSE Loss Computation" heading instead of adding a second."""
    cell = (
        "class MeanSquaredError:\n    def __call__(self, y_pred, y_true):\n"
        "        ### BEGIN SOLUTION\n        return 0.0\n        ### END SOLUTION\n\n\n"
        "def analyze_mse_properties():\n    mse = MeanSquaredError()\n"
    )
    heading = (
        "### TEST Unit Test: MSE Loss Computation\nThis test validates `MeanSquaredError.__call__`."
    )
    body = {
        "name": "educational-test",
        "cell": {"cell_type": "code", "source": cell},
        "following": {"cell_type": "markdown", "source": heading},
        "concept": "analyze_mse_properties",
    }
    data = _template(fetch, body).json()
    assert data["names"]["function"] == "MeanSquaredError" and data["skip"] == 1
    [test] = data["cells"]
    assert "result = MeanSquaredError()" in test["source"]
    assert "analyze_mse_properties" not in test["source"]
