"""Concept bridges: which concepts get one, which parts are found where, and the hint."""

from __future__ import annotations

from typing import Any

from pattern_notebooks import RELU_INTRO, RELU_SOLUTION, md, notebook, solution

from tinyscaffold_server import analyze


def _bridges(report: dict[str, Any]) -> dict[str, Any]:
    return {bridge["name"]: bridge for bridge in report["patterns"]["bridges"]}


def _rules(report: dict[str, Any], index: int) -> list[str]:
    return [finding["rule"] for finding in report["cells"][index]["findings"]]


def test_a_complete_bridge_finds_all_four_parts_with_their_cells() -> None:
    report = analyze(notebook(md(RELU_INTRO), solution(RELU_SOLUTION)))
    relu = _bridges(report)["ReLU"]
    assert relu["introduced_in"] == 0 and relu["implemented_in"] == [1]
    assert {part: value["cells"] for part, value in relu["parts"].items()} == {
        "analogy": [0],
        "math": [0],
        "code": [1],
        "why": [0],
    }
    assert (relu["score"], relu["missing"]) == (1.0, [])
    assert "concept-bridge" not in _rules(report, 0)
    assert report["summary"]["scaffolding"]["C"]["value"] == 1.0


def test_a_bridge_missing_its_analogy_gets_a_hint_on_the_introducing_cell() -> None:
    intro = RELU_INTRO.replace("is like a light switch: it lets", "lets")
    report = analyze(notebook(md(intro), solution(RELU_SOLUTION)))
    relu = _bridges(report)["ReLU"]
    assert relu["missing"] == ["analogy"] and relu["score"] == 0.75
    [hint] = [f for f in report["cells"][0]["findings"] if f["rule"] == "concept-bridge"]
    assert hint["message"] == (
        "concept bridge for ReLU: 3 of 4 parts (math, code, why); missing analogy"
    )
    assert "ReLU is like" in hint["suggestion"]
    c_part = report["summary"]["scaffolding"]["C"]
    assert (c_part["value"], c_part["cells"]) == (0.75, [0])


def test_parts_count_only_near_the_concept() -> None:
    """An analogy in a paragraph about something else does not bridge ReLU."""
    elsewhere = md("## Overview\n\nA GPU is like a factory floor.\n\nWhy it matters: speed.")
    intro = md("## ReLU\n\n**ReLU** keeps positive values: ReLU(x) = max(0, x).")
    report = analyze(notebook(elsewhere, intro, solution(RELU_SOLUTION)))
    relu = _bridges(report)["ReLU"]
    assert relu["missing"] == ["analogy", "why"]
    assert relu["parts"]["math"]["cells"] == [1]


def test_a_later_cell_that_names_the_concept_completes_the_bridge() -> None:
    intro = md("## ReLU\n\n**ReLU** keeps positive values: ReLU(x) = max(0, x).")
    later = md("### Why ReLU matters\n\nThink of it as a one-way valve for signals.")
    report = analyze(notebook(intro, solution(RELU_SOLUTION), later))
    relu = _bridges(report)["ReLU"]
    assert relu["parts"]["analogy"]["cells"] == [2] and relu["parts"]["why"]["cells"] == [2]


def test_only_concepts_implemented_in_solution_cells_deserve_a_bridge() -> None:
    demo = {"cell_type": "code", "source": "def helper(x):\n    return x\n", "metadata": {}}
    report = analyze(notebook(md("**Tensor** is a grid of numbers."), demo))
    assert report["patterns"]["bridges"] == []
    assert report["summary"]["scaffolding"]["C"]["value"] is None


def test_rung_functions_join_the_concept_they_build() -> None:
    source = (
        "def leaky_relu_one(x):\n    return x\n\n"
        "def leaky_relu(x):\n    return x\n\n"
        "def _private(x):\n    return x\n"
    )
    report = analyze(
        notebook(md("## Leaky ReLU\n\n**Leaky ReLU** lets a little through."), solution(source))
    )
    [bridge] = report["patterns"]["bridges"]
    assert bridge["name"] == "Leaky ReLU"
    assert bridge["functions"] == ["leaky_relu_one", "leaky_relu"]


def test_the_bridge_rule_can_be_switched_off_and_silenced() -> None:
    intro = md("## ReLU\n\n**ReLU** keeps positive values.")
    off = analyze(notebook(intro, solution(RELU_SOLUTION)), {"rules": {"concept-bridge": False}})
    assert "concept-bridge" not in _rules(off, 0)
    silenced = md("## ReLU\n\n**ReLU** keeps positive values.")
    silenced["metadata"] = {"tinyscaffold": {"ignore_rules": ["concept-bridge"]}}
    report = analyze(notebook(silenced, solution(RELU_SOLUTION)))
    assert "concept-bridge" not in _rules(report, 0)
    assert _bridges(report)["ReLU"]["missing"]  # still reported, only the hint is silenced


def test_a_longer_concept_does_not_mention_the_shorter_one() -> None:
    """ "Leaky ReLU is like a door left ajar" bridges Leaky ReLU, not ReLU."""
    leaky = "def leaky_relu(x):\n    return x\n\n"
    intro = md("## Leaky ReLU\n\n**Leaky ReLU** is like a door left ajar, unlike plain ReLU.")
    report = analyze(
        notebook(md(RELU_INTRO.replace("is like a light switch: it lets", "lets")),
                 solution(RELU_SOLUTION), intro, solution(leaky))
    )  # fmt: skip
    found = {b["name"]: b["parts"]["analogy"]["cells"] for b in report["patterns"]["bridges"]}
    # "plain ReLU" in the same paragraph does mention ReLU: that paragraph counts for both.
    assert found == {"ReLU": [2], "Leaky ReLU": [2]}
    lone = md("## Leaky ReLU\n\n**Leaky ReLU** is like a door left ajar.")
    report = analyze(
        notebook(md(RELU_INTRO.replace("is like a light switch: it lets", "lets")),
                 solution(RELU_SOLUTION), lone, solution(leaky))
    )  # fmt: skip
    found = {b["name"]: b["parts"]["analogy"]["cells"] for b in report["patterns"]["bridges"]}
    assert found == {"ReLU": [], "Leaky ReLU": [2]}
