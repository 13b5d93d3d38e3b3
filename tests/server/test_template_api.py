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
        "function": "relu",
        "params": "x",
        "call": "relu(...)",
    }
    markdown, solution = data["cells"]
    assert markdown["cell_type"] == "markdown" and markdown["source"].startswith("### relu, one")
    assert solution["metadata"]["nbgrader"]["solution"] is True
    assert "def relu_one(x):" in solution["source"] and "def relu(x):" in solution["source"]
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
