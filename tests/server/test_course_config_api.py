"""The server reads the course's configuration file (thresholds, glossary, module order)
like the CLI, and analyses a folder as one course."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from server_data import ipynb

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tinyscaffold_server" / "report.schema.json").read_text("utf-8"))

BRANCHY = "def f(x):\n" + "".join(f"    y{i} = x + {i}\n" for i in range(8)) + "    return x\n"


def md(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def code(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": []}


@pytest.fixture
def course2(course_tree: Path) -> Iterator[Path]:
    """A second course under the root, removed again so the root ends as it began."""
    folder = course_tree / "course2"
    folder.mkdir()
    first = [md("## Tensors\n\nA **tensor** holds numbers."), code("p = softmax(scores)\n")]
    second = [
        md("## Softmax\n\nSoftmax turns a tensor into probabilities."),
        md("Each row of the tensor then sums to one."),
        md("The largest entry of the tensor gets the largest probability."),
    ]
    (folder / "m1.ipynb").write_text(json.dumps(ipynb(first)))
    (folder / "m2.ipynb").write_text(json.dumps(ipynb(second)))
    yield folder
    shutil.rmtree(folder)


def test_the_course_file_sets_thresholds_and_glossary_for_the_live_notebook(
    post: Any, course2: Path
) -> None:
    (course2 / "tinyscaffold.toml").write_text(
        '[thresholds]\nmax_cell_sloc = 5\n[glossary]\nTensor = ["tensors"]\n', encoding="utf-8"
    )
    body = {"notebook": {"cells": [md("Our tensors."), code(BRANCHY)]}, "path": "course2/x.ipynb"}
    report = post(body).json()
    jsonschema.validate(report, SCHEMA)
    assert report["config"]["max_cell_sloc"] == 5
    assert report["config"]["test_cell_note_sloc"] == 70  # the server's own config still holds
    assert report["cells"][0]["concepts"][0]["kind"] == "glossary"
    assert [f["rule"] for f in report["cells"][1]["findings"]] == ["cell-sloc"]
    # the request's own config wins over the file
    body["config"] = {"max_cell_sloc": 40}
    assert post(body).json()["config"]["max_cell_sloc"] == 40
    # a notebook outside that folder is not governed by it
    assert (
        post({**body, "path": "elsewhere.ipynb", "config": {}}).json()["config"]["max_cell_sloc"]
        == 30
    )


def test_a_bad_course_file_is_a_400_naming_it(post: Any, course2: Path) -> None:
    (course2 / "tinyscaffold.toml").write_text("[thresholds]\nmax_cel_sloc = 5\n")
    reply = post({"notebook": {"cells": []}, "path": "course2/x.ipynb"})
    assert reply.code == 400
    error = reply.json()
    assert error["error"] == "invalid-config"
    assert "tinyscaffold.toml" in error["detail"] and "max_cel_sloc" in error["detail"]


def test_a_folder_is_analysed_as_one_course_in_course_order(fetch: Any, course2: Path) -> None:
    rows = fetch("course", params={"path": "course2"}).json()["modules"]
    assert [row["path"] for row in rows] == ["course2/m1.ipynb", "course2/m2.ipynb"]
    # m1's code calls softmax, which it does not define, before m2 introduces it: one
    # concept-order finding
    assert [row["findings"] for row in rows] == [1, 0]
    (course2 / "tinyscaffold.toml").write_text('modules = ["m2.ipynb", "m1.ipynb"]\n')
    rows = fetch("course", params={"path": "course2"}).json()["modules"]
    assert [row["path"] for row in rows] == ["course2/m2.ipynb", "course2/m1.ipynb"]
    # now m2's prose relies on the tensor (in three cells) that m1 introduces; softmax in m1
    # comes after m2
    assert [row["findings"] for row in rows] == [1, 0]
