"""Every score part's "why" is computed from the numbers of the part: read back, it gives the
value shown beside it.  Also the small words: targets with their unit, singular nouns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze, load_notebook
from tinyscaffold_server.render.text import render_module

ROOT = Path(__file__).resolve().parents[2]
GUIDED = '''def step(x):
    """
    TODO: one step.

    APPROACH:
    1. Take x
    2. Return it

    EXAMPLE:
    step(1) → 1

    HINTS:
    - nothing to it
    """
    ### BEGIN SOLUTION
    return x
    ### END SOLUTION
'''
# Longer than the first SLOC band (10), so that it needs APPROACH steps (METRICS.md §7 B).
UNGUIDED = (
    'def step(x):\n    """TODO: one step."""\n    ### BEGIN SOLUTION\n'
    + "".join(f"    x = x + {n}\n" for n in range(10))
    + "    return x\n    ### END SOLUTION\n"
)


def _solution(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": {"solution": True}}}


def _test(source: str = "assert step(1) == 1\n") -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": {"grade": True}}}


def _long_cell_without_blocks(sloc: int) -> str:
    body = "".join(f"    x = x + {n}\n" for n in range(sloc - 2))
    return (
        '"""TODO: add up.\n\nAPPROACH:\n1. Add\n2. Return\n"""\n'
        f"def total(x):\n{body}    return x\n"
    )


def _value_from_why(key: str, why: str) -> float:
    """Read the part's value back from its text alone."""
    if key in ("G", "C", "F", "L"):
        found, whole = re.match(r"(\d+) of (\d+)", why).groups()  # type: ignore[union-attr]
        return int(found) / int(whole)
    if key == "B":
        cells = int(re.match(r"mean over (\d+) solution cells?", why).group(1))  # type: ignore[union-attr]
        shares = re.findall(r"(\d+) \N{MULTIPLICATION SIGN} ([\d.]+) \(", why)
        assert sum(int(times) for times, _ in shares) == cells
        return sum(int(times) * float(score) for times, score in shares) / cells
    if key == "P":
        cliffs = 0 if why.startswith("no ") else int(why.split()[0])
        return 1.0 if cliffs == 0 else 0.5 if cliffs == 1 else 0.0
    raise AssertionError(key)


def _reports() -> list[dict[str, Any]]:
    notebooks = [
        load_notebook(ROOT / "examples" / "activations_dev.py"),
        load_notebook(ROOT / "tests" / "fixtures" / "activations.py"),
        load_notebook(ROOT / "tests" / "fixtures" / "layers.ipynb"),
        {"cells": [_solution(UNGUIDED), _test(), _solution(UNGUIDED), _test()], "metadata": {}},
        {"cells": [_solution(GUIDED), _solution(UNGUIDED), _test()], "metadata": {}},
    ]
    return [analyze(notebook) for notebook in notebooks]


@pytest.mark.parametrize(
    "report", _reports(), ids=["example", "activations", "layers", "b-half", "mixed"]
)
def test_each_part_reads_as_its_value(report: dict[str, Any]) -> None:
    parts = report["summary"]["scaffolding"]
    for key in ("G", "F", "L", "B", "P", "C"):
        part = parts[key]
        if part["value"] is None:
            assert part["why"].endswith("not applicable")
            continue
        assert _value_from_why(key, part["why"]) == pytest.approx(part["value"], abs=5e-5), key


def test_b_half_says_why_each_cell_scores_a_half() -> None:
    """Two solution cells that need steps (12 SLOC) and have no APPROACH: 0.50, and the text
    says 2 times 0.5."""
    notebook = {"cells": [_solution(UNGUIDED), _test(), _solution(UNGUIDED), _test()]}
    part = analyze({**notebook, "metadata": {}})["summary"]["scaffolding"]["B"]
    assert part["value"] == 0.5
    assert part["why"].startswith(
        "mean over 2 solution cells: 2 \N{MULTIPLICATION SIGN} 0.5 (blocks ≤ 30 SLOC but no"
    )
    assert "0 of 2" not in part["why"]


def test_b_names_the_blocks_it_measured_beside_a_long_cell() -> None:
    """A 73-SLOC solution cell without BEGIN/END blocks: B is 1 (it measures blocks) and says
    there is no block, while cell-sloc flags the cell."""
    cell = _solution(_long_cell_without_blocks(73))
    report = analyze({"cells": [cell, _test("assert total(0) == 2628\n")], "metadata": {}})
    part = report["summary"]["scaffolding"]["B"]
    assert part["value"] == 1.0
    assert "no BEGIN/END SOLUTION block" in part["why"]
    assert "cell-sloc" in part["why"]
    [finding] = [f for f in report["cells"][0]["findings"] if f["rule"] == "cell-sloc"]
    assert "73" in finding["message"]


def test_t_reads_as_a_mean_rating_and_counts_the_cells_meeting_all() -> None:
    report = analyze(load_notebook(ROOT / "examples" / "activations_dev.py"))
    part = report["summary"]["scaffolding"]["T"]
    ratings = report["patterns"]["tests"]
    full = sum(1 for rating in ratings if rating["rating"] == 1)
    assert part["why"].startswith(
        f"mean over {len(ratings)} test cells of the share of its criteria each meets;"
        f" {full} with all met;"
    )
    assert part["value"] == pytest.approx(
        sum(r["rating"] for r in ratings) / len(ratings), abs=5e-5
    )


def test_c_counts_parts_so_that_the_share_is_the_value() -> None:
    report = analyze(load_notebook(ROOT / "examples" / "activations_dev.py"))
    part = report["summary"]["scaffolding"]["C"]
    bridges = report["patterns"]["bridges"]
    found = sum(4 - len(bridge["missing"]) for bridge in bridges)
    assert part["why"].startswith(f"{found} of {4 * len(bridges)} bridge parts")
    assert part["value"] == pytest.approx(found / (4 * len(bridges)), abs=5e-5)


def test_targets_carry_their_unit_and_the_text_shows_it() -> None:
    report = analyze(load_notebook(ROOT / "examples" / "activations_dev.py"))
    units = {target["id"]: target["unit"] for target in report["summary"]["targets"]}
    assert units == {
        "module-lines": "lines",
        "cell-lines": "SLOC",
        "pct-high": "%",
        "score": "",
        "hinted-cells": "%",
    }
    text = render_module(report, "m.py", width=100, color=False)
    assert "high-complexity cells: 4 % (target ≤ 30 %)" in text
    assert "longest non-test code cell: 30 SLOC (target ≤ 30 SLOC)" in text


def test_one_is_singular() -> None:
    markdown = {"cell_type": "markdown", "source": "Hello\n\n$x = 1$", "metadata": {}}
    [cell] = analyze({"cells": [markdown], "metadata": {}})["cells"]
    assert "1 math line → +1" in cell["complexity_why"]
    one_word = {"cell_type": "markdown", "source": "Hello", "metadata": {}}
    [cell] = analyze({"cells": [one_word], "metadata": {}})["cells"]
    assert "1 word → +0" in cell["complexity_why"]
    parts = analyze({"cells": [_solution(GUIDED), _test()], "metadata": {}})["summary"]
    assert parts["scaffolding"]["F"]["why"] == "1 of 1 solution cell is followed by a test cell"
