"""``tinyscaffold concepts`` and the course glossary, as an author uses them."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server.cli.main import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "activations_dev.py"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(EXAMPLE, root / "activations_dev.py")
    return root


def test_concepts_lists_each_with_its_cell_kind_and_uses(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["concepts", str(course), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["concepts"]
    relu = next(row for row in rows if row["concept"] == "ReLU")
    assert (relu["cell"], relu["kind"]) == (3, "heading")  # "## Step 1: ReLU"
    assert relu["cells_using"] >= 4
    assert [row["concept"] for row in rows][:4] == ["ReLU", "Sigmoid", "Tanh", "Softmax"]
    assert main(["concepts", str(course)]) == 0
    text = capsys.readouterr().out
    assert "  cell   3  ReLU  [heading," in text


def test_suggest_writes_a_glossary_the_config_file_accepts(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = course / "tinyscaffold.toml"
    assert main(["concepts", str(course), "--suggest", "--output", str(target)]) == 0
    glossary = tomllib.loads(target.read_text(encoding="utf-8"))["glossary"]
    ranked = list(glossary)
    # most used first: the example's ReLU bridge and its Leaky ReLU step use ReLU most
    assert ranked[0] == "ReLU" and "Sigmoid" in ranked
    # never overwrites
    assert main(["concepts", str(course), "--suggest", "--output", str(target)]) == 2
    assert "exists; not overwritten" in capsys.readouterr().err
    # the file is picked up by the next report: the glossary decides
    assert main(["report", str(course / "activations_dev.py"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["config"]["glossary"][0][0] == "ReLU"


def test_with_a_glossary_other_emphasised_terms_are_candidates(
    course: Path, capsys: pytest.CaptureFixture[str], validate_report: Any
) -> None:
    (course / "tinyscaffold.toml").write_text(
        '[glossary]\nSoftmax = ["soft max"]\n"ReLU" = ["rectified linear unit"]\n',
        encoding="utf-8",
    )
    assert main(["report", str(course / "activations_dev.py"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate_report(report)
    introduced = {n: c["index"] for c in report["cells"] for n in c["new_concepts"]}
    # Found wherever they first appear, emphasised or not (here the learning goals of the
    # first cell); nothing outside the glossary counts.
    assert introduced == {"ReLU": 0, "Softmax": 0}
    assert all(c["kind"] == "glossary" for cell in report["cells"] for c in cell["concepts"])
    softmax_intro = report["cells"][14]
    assert [c["name"] for c in softmax_intro["concept_candidates"]] == [
        "logits",
        "probability distribution",
        "Numerical stability",
        "log-sum-exp trick",
    ]
    assert softmax_intro["findings"] == []  # candidates do not count


def test_a_bad_glossary_is_named_and_nothing_is_reported(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "tinyscaffold.toml").write_text("[glossary]\nReLU = 3\n", encoding="utf-8")
    assert main(["concepts", str(course)]) == 2
    err = capsys.readouterr().err
    assert "tinyscaffold.toml" in err and "glossary.ReLU must be a list" in err


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concepts", "--help"]) == 0
    assert "--suggest" in capsys.readouterr().out
