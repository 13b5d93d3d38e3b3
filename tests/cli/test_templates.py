"""Pattern templates: names from a cell, filling, course overrides, and the CLI command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinyscaffold_server import analyze
from tinyscaffold_server.cli.main import main
from tinyscaffold_server.course.templates import (
    NAMES,
    Names,
    TemplateError,
    names_from_cell,
    render_cells,
)


def test_names_come_from_the_first_function_or_the_first_bold_term() -> None:
    code = "class Net:\n    pass\n\ndef forward(self, x, weights):\n    return x\n"
    assert names_from_cell("code", code) == Names("Net", "net", ("x",))
    code = "def forward(self, x, weights):\n    return x\n"
    assert names_from_cell("code", code) == Names("forward", "forward", ("x", "weights"))
    markdown = "## Step 2\n\n**Leaky ReLU** keeps a little."
    assert names_from_cell("markdown", markdown) == Names("Leaky ReLU", "leaky_relu", ("x",))
    assert names_from_cell("markdown", '# The `softmax` "trick"').concept == "The softmax trick"
    assert names_from_cell("code", "x = (") == Names()  # half-typed code: the defaults
    test_cell = "out = len([1])\nassert relu(2) == 2, 'positive'\n"
    assert names_from_cell("code", test_cell) == Names("relu", "relu")


def test_each_filled_template_shows_its_pattern_in_the_analysis() -> None:
    """Inserted together after an import, the four templates make every pattern appear."""
    names = names_from_cell("code", "def relu(x):\n    return x\n")
    cells = [{"cell_type": "code", "source": "import numpy as np", "metadata": {}}]
    for name in NAMES:
        cells += render_cells(name, names)
    patterns = analyze({"cells": cells, "metadata": {}})["patterns"]
    [bridge] = patterns["bridges"]
    assert bridge["missing"] == [] and bridge["functions"] == ["relu_one", "relu_array", "relu"]
    [ladder] = patterns["ladders"]
    assert [r["difficulty"] for r in ladder["rungs"]] == [3, 4, 6]
    builder, teacher = patterns["tests"]
    assert builder["criteria"]["confidence_builder"] is True
    assert teacher["rating"] == 1.0


def test_a_course_template_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "confidence-builder.py").write_text("# %%\nprint('{{concept}}!')\n")
    [cell] = render_cells("confidence-builder", Names("ReLU", "relu"), tmp_path)
    assert cell["source"] == "print('ReLU!')"
    assert render_cells("concept-bridge", Names(), tmp_path)[0]["cell_type"] == "markdown"
    (tmp_path / "educational-test.py").write_text("")
    with pytest.raises(TemplateError, match="has no cells"):
        render_cells("educational-test", Names(), tmp_path)
    with pytest.raises(TemplateError, match="unknown template"):
        render_cells("nope", Names())


def test_cli_prints_a_filled_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["template", "implementation-ladder", "--concept", "Leaky ReLU", "--params", "x,slope"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("# %% [markdown]\n# ### Leaky ReLU, one rung at a time")
    assert "def leaky_relu_one(x, slope):" in out and "{{" not in out
    assert main(["template", "confidence-builder", "--function", "2bad"]) == 2
    assert "not a Python name: '2bad'" in capsys.readouterr().err
    assert main(["template", "nope"]) == 2


def test_cli_uses_the_course_configuration_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tinyscaffold.toml").write_text('templates = "tpl"\n')
    (tmp_path / "tpl" / "concept-bridge.py").write_text("# %% [markdown]\n# Our {{concept}}\n")
    args = ["template", "concept-bridge", "--concept", "Tanh", "--project", str(tmp_path)]
    assert main(args) == 0
    assert capsys.readouterr().out == "# %% [markdown]\n# Our Tanh\n"
