"""Pattern templates: names from a cell, filling, course overrides, and the CLI command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze
from tinyscaffold_server.cli.main import main
from tinyscaffold_server.course.templates import (
    Names,
    TemplateError,
    drop_repeated_heading,
    names_from_cell,
    render_cells,
)


def test_names_come_from_the_cells_definition_or_the_first_bold_term() -> None:
    code = "class Net:\n    pass\n\ndef forward(self, x, weights):\n    return x\n"
    names = names_from_cell("code", code)
    assert (names.concept, names.function, names.params, names.is_class) == (
        "Net", "Net", (), True
    )  # fmt: skip
    assert (names.values()["call"], names.values()["params"]) == ("Net()", "x")
    code = "def forward(self, x, weights):\n    return x\n"
    assert names_from_cell("code", code).params == ("x", "weights")
    markdown = "## Step 2\n\n**Leaky ReLU** keeps a little."
    assert names_from_cell("markdown", markdown) == Names("Leaky ReLU", "leaky_relu", ("x",))
    assert names_from_cell("markdown", '# The `softmax` "trick"').concept == "The softmax trick"
    assert names_from_cell("markdown", "### 🧪 Unit Test: Dense").concept == "Dense"
    assert names_from_cell("code", "x = (") == Names()  # half-typed code: the defaults
    test_cell = "out = len([1])\nassert relu(2) == 2, 'positive'\n"
    assert names_from_cell("code", test_cell) == Names("relu", "relu", found="called")


def test_names_are_written_as_in_the_code() -> None:
    """A bridge from `matmul_blocked` says matmul_blocked (not "matmulblocked"), in LaTeX too,
    and names the cell's own solution, not the helper before it."""
    cell = (
        "def _check(a, b):\n    assert a.shape[1] == b.shape[0]\n\n\n"
        "def matmul_blocked(a, b, block):\n    ### BEGIN SOLUTION\n    return a @ b\n"
        "    ### END SOLUTION\n"
    )
    names = names_from_cell("code", cell)
    assert (names.function, names.params) == ("matmul_blocked", ("a", "b", "block"))
    [bridge] = render_cells("concept-bridge", names)
    text = bridge["source"]
    assert "Think of **matmul_blocked** as" in text and "matmulblocked" not in text
    assert r"$$\mathrm{matmul\_blocked}(a, b, block) = \ldots$$" in text
    # It lands after the code cell: the code is above, not "in the next cell".
    assert "`matmul_blocked(..., ..., ...)`, in the cell above, implements" in text
    assert "next cell" not in text
    # The concept of the cell's bridge picks the definition it names, unless that is a
    # helper beside the solution.
    assert names_from_cell("code", cell, "check").function == "matmul_blocked"
    plain = "def _check(a):\n    return a\n\n\ndef matmul(a, b):\n    return a @ b\n"
    assert names_from_cell("code", plain, "check").function == "_check"


def test_where_the_code_is_follows_where_the_cells_land() -> None:
    from_test = names_from_cell("code", "assert relu(2) == 2\n")
    [bridge] = render_cells("concept-bridge", from_test)
    assert "`relu(...)`, defined earlier in this module, implements" in bridge["source"]
    from_markdown = names_from_cell("markdown", "The **Leaky ReLU** leaks.")
    [bridge] = render_cells("concept-bridge", from_markdown)
    assert "`leaky_relu(...)`, in the code that follows, implements" in bridge["source"]


def test_a_class_is_instantiated_with_its_init_parameters() -> None:
    dense = "class Dense:\n    def __init__(self, n_in, n_out):\n        self.n = n_in\n"
    names = names_from_cell("code", dense)
    for name in ("confidence-builder", "educational-test"):
        code = next(c["source"] for c in render_cells(name, names) if c["cell_type"] == "code")
        assert "result = Dense(..., ...)" in code and "dense(" not in code
    ladder = render_cells("implementation-ladder", names)[1]["source"]
    assert "def dense_one(n_in, n_out):" in ladder  # new functions: snake_case


def _run(*sources: str) -> dict[str, Any]:
    """Run cells one after the other, as a student running the notebook would."""
    namespace: dict[str, Any] = {}
    for source in sources:
        exec(compile(source, "<cell>", "exec"), namespace)
    return namespace


def test_the_ladder_never_redefines_the_solution_it_follows(tmp_path: Path) -> None:
    solution = "def relu(x):\n    return max(0.0, x)\n"
    names = names_from_cell("code", solution)
    ladder = render_cells("implementation-ladder", names)[1]["source"]
    namespace = _run(solution, ladder)
    assert namespace["relu"](-2) == 0.0 and namespace["relu"].__code__.co_firstlineno == 1
    assert {"relu_one", "relu_array", "relu_checked"} <= set(namespace)
    # A course's own template that defines {{function}} gets it renamed, calls included.
    (tmp_path / "implementation-ladder.py").write_text(
        "# %%\ndef {{function}}({{params}}):\n    return 1\n\n\nprint({{function}}(2))\n"
    )
    [cell] = render_cells("implementation-ladder", names, tmp_path)
    assert cell["source"] == "def relu_2(x):\n    return 1\n\n\nprint(relu_2(2))"
    namespace = _run(solution, cell["source"])
    assert namespace["relu"](-2) == 0.0
    # From a test cell, the solution it calls is taken too.
    from_test = names_from_cell("code", "assert relu(2) == 2\n")
    [cell] = render_cells("implementation-ladder", from_test, tmp_path)
    assert "def relu_2(x):" in cell["source"]


def test_a_repeated_heading_is_dropped_and_the_cells_go_under_it() -> None:
    names = names_from_cell("code", "class Dense:\n    pass\n")
    cells = render_cells("educational-test", names)
    active = {"cell_type": "code", "source": "class Dense:\n    pass\n"}
    heading = {"cell_type": "markdown", "source": "## 🧪 unit test: DENSE!\n\nOur checks."}
    kept, skip = drop_repeated_heading(cells, active, heading)
    assert (len(kept), skip) == (1, 1) and kept[0]["cell_type"] == "code"
    kept, skip = drop_repeated_heading(cells, heading, None)  # inserted after the heading
    assert (len(kept), skip) == (1, 0)
    other = {"cell_type": "markdown", "source": "## Unit Test: Linear"}
    assert drop_repeated_heading(cells, active, other) == (cells, 0)


# The walkthrough's 04_losses cell 9: the class holding the solution, then two helpers.
_MSE_CELL = (
    "#| export\nclass MeanSquaredError:\n    def __init__(self):\n        pass\n\n"
    "    def __call__(self, y_pred, y_true):\n        ### BEGIN SOLUTION\n"
    "        return ((y_pred - y_true) ** 2).mean()\n        ### END SOLUTION\n\n\n"
    "def visualize_loss_landscapes():\n    mse = MeanSquaredError()\n\n\n"
    "def analyze_mse_properties():\n    mse = MeanSquaredError()\n"
)
_MSE_TEST_HEADING = {
    "cell_type": "markdown",
    "source": "### TEST Unit Test: MSE Loss Computation\nThis test validates "
    "`MeanSquaredError.__call__`, ensuring correct MSE computation.",
}


@pytest.mark.parametrize("concept", [None, "analyze_mse_properties", "visualize_loss_landscapes"])
def test_a_class_cell_names_the_class_holding_the_solution_not_a_helper(
    concept: str | None,
) -> None:
    """The panel sends the cell's first bridge concept, which may be a helper the cell also
    defines: every template still fills in (and instantiates) the class with the solution."""
    names = names_from_cell("code", _MSE_CELL, concept)
    assert (names.concept, names.function, names.is_class) == (
        "MeanSquaredError", "MeanSquaredError", True
    )  # fmt: skip
    for name in ("concept-bridge", "implementation-ladder", "confidence-builder",
                 "educational-test"):  # fmt: skip
        text = "\n".join(cell["source"] for cell in render_cells(name, names))
        assert "MeanSquaredError" in text and "analyze_mse" not in text, name
    code = render_cells("educational-test", names)[1]["source"]
    assert "result = MeanSquaredError()\n" in code  # its __init__ takes nothing
    # A concept the prose names (not a definition) still heads the template.
    prose = names_from_cell("code", _MSE_CELL, "Mean Squared Error")
    assert (prose.concept, prose.function) == ("Mean Squared Error", "MeanSquaredError")


def test_an_existing_unit_test_heading_for_the_subject_gets_no_second_one() -> None:
    names = names_from_cell("code", _MSE_CELL, "analyze_mse_properties")
    cells = render_cells("educational-test", names)
    active = {"cell_type": "code", "source": _MSE_CELL}
    kept, skip = drop_repeated_heading(cells, active, _MSE_TEST_HEADING, names)
    assert (len(kept), skip) == (1, 1) and kept[0]["cell_type"] == "code"
    # Named by initials or by the concept's words, with any emoji or label before it.
    for heading in ("## 🧪 Unit Test: MSE", "### TEST Tests — MeanSquaredError loss"):
        following = {"cell_type": "markdown", "source": heading}
        assert drop_repeated_heading(cells, active, following, names)[1] == 1, heading
    # A unit-test heading about something else, or a heading that is not a test: kept.
    for heading in ("### TEST Unit Test: Cross-Entropy Loss", "## Mean Squared Error"):
        following = {"cell_type": "markdown", "source": heading}
        assert drop_repeated_heading(cells, active, following, names) == (cells, 0), heading


def _filled(source: str) -> str:
    """What an author writes over the template's blanks."""
    for blank, text in (
        (" … (something your students already know, and where\nthe comparison stops working)",
         " a light switch: off below zero, on above it"),
        (r"= \ldots", "= \\max(0, x)"),
        (" … (what breaks, or what it enables)", " a deep network is one linear map"),
        ("relu(...)", "relu(3.0)"),
        ("should give …", "should give 3.0"),
        ("… (say why this case matters)", "negative inputs give 0, the point of ReLU"),
        ('assert True, "explain what is expected here and why"',
         'assert relu(-1.0) == 0, "negative inputs are cut to 0"'),
    ):  # fmt: skip
        source = source.replace(blank, text)
    return source


def test_an_unfilled_template_earns_no_score_until_the_author_fills_it() -> None:
    """A placeholder bridge is no analogy, a placeholder test teaches nothing; filled, they
    count.  ("Unfilled": the template's own placeholder text is still there.)"""
    solution = {
        "cell_type": "code",
        "source": "def relu(x):\n    ### BEGIN SOLUTION\n    return max(0.0, x)\n"
        "    ### END SOLUTION\n",
        "metadata": {"nbgrader": {"solution": True}},
    }
    names = names_from_cell("code", solution["source"])
    templates = [c for n in ("concept-bridge", "confidence-builder", "educational-test")
                 for c in render_cells(n, names)]  # fmt: skip
    as_inserted = analyze({"cells": [solution, *templates], "metadata": {}})
    [bridge] = as_inserted["patterns"]["bridges"]
    assert bridge["missing"] == ["analogy", "math", "why"]
    assert [t["rating"] for t in as_inserted["patterns"]["tests"]] == [0.0, 0.0]
    assert as_inserted["summary"]["scaffolding"]["T"]["value"] == 0.0
    assert "placeholders are not filled in" in as_inserted["patterns"]["tests"][0]["why"]

    filled = [{**cell, "source": _filled(cell["source"])} for cell in templates]
    assert all("…" not in cell["source"] for cell in filled)
    as_written = analyze({"cells": [solution, *filled], "metadata": {}})
    [bridge] = as_written["patterns"]["bridges"]
    assert bridge["missing"] == []
    builder, teacher = as_written["patterns"]["tests"]
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


def test_an_unfilled_ladder_is_left_out_of_g_f_and_b_until_filled() -> None:
    solution = {
        "cell_type": "code",
        "source": "def relu(x):\n    ### BEGIN SOLUTION\n    return max(0.0, x)\n"
        "    ### END SOLUTION\n",
        "metadata": {"nbgrader": {"solution": True}},
    }
    test = {"cell_type": "code", "source": "assert relu(2) == 2, 'keeps positives'\n",
            "metadata": {"nbgrader": {"grade": True}}}  # fmt: skip
    before = analyze({"cells": [solution, test], "metadata": {}})["summary"]["scaffolding"]
    ladder = render_cells("implementation-ladder", names_from_cell("code", test["source"]))
    inserted = analyze({"cells": [solution, test, *ladder], "metadata": {}})
    parts = inserted["summary"]["scaffolding"]
    assert [parts[k]["value"] for k in "GFB"] == [before[k]["value"] for k in "GFB"]
    assert (
        "1 solution cell with a template's blanks left out until filled (cell 4)"
        in (parts["G"]["why"])
    )
    blanks = (("= ...", "= x"), ("... is None", "x is None"), ("_array(...)", "_array(x)"))
    filled = []
    for cell in ladder:
        source = cell["source"]
        for blank, text in blanks:
            source = source.replace(blank, text)
        filled.append({**cell, "source": source})
    counted = analyze({"cells": [solution, test, *filled], "metadata": {}})["summary"]
    # Filled, the ladder's solution cell counts: all four markers, beside relu's none.
    assert counted["scaffolding"]["G"]["why"].startswith("4 of 8 guidance markers over 2")


def test_numpy_ellipsis_and_stub_bodies_are_code_not_blanks() -> None:
    import ast

    from tinyscaffold_server.core.patterns.placeholders import has_blank_value

    assert not has_blank_value(ast.parse("y = x[..., 0]\ndef f(): ...\nT = tuple[int, ...]\n"))
    assert has_blank_value(ast.parse("value = ...\n"))
    assert has_blank_value(ast.parse("if ... is None:\n    pass\n"))
    assert has_blank_value(ast.parse("r = relu_array(...)\n"))
