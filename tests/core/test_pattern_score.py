"""The score with the pattern parts: all four patterns can reach A; none cannot, even short."""

from __future__ import annotations

from typing import Any

from pattern_notebooks import (
    BARE_TEST,
    CONFIDENCE_BUILDER,
    EDUCATIONAL_TEST,
    RELU_INTRO,
    RELU_SOLUTION,
    graded,
    ladder_source,
    md,
    notebook,
    solution,
)

from tinyscaffold_server import analyze

LEAKY_INTRO = """## Leaky ReLU, one rung at a time

**Leaky ReLU** is like a door left ajar: negatives leak through, scaled by a small slope.

leaky_relu(x) = x if x > 0 else slope · x

Why it matters: in real systems it keeps neurons from dying during training."""

LEAKY_BUILDER = '''"""Confidence builder: a positive number passes through Leaky ReLU unchanged."""
assert leaky_relu_one(3.0, 0.1) == 3.0, "positive inputs pass through"
print("\u2705 Well done: the first rung works!")
'''

LEAKY_TEACHER = '''"""The full version checks its slope and works on arrays."""
out = leaky_relu([-2.0, 4.0], 0.5)
print("Negative entries are scaled by the slope, positive ones kept:", out)
assert out.tolist() == [-1.0, 4.0], f"expected [-1.0, 4.0], got {out}"
assert leaky_relu_array([], 0.1).size == 0, "an empty array stays empty"
'''


def _summary(*cells: dict[str, Any]) -> dict[str, Any]:
    summary: dict[str, Any] = analyze(notebook(*cells))["summary"]
    return summary


def test_a_module_following_all_four_patterns_reaches_a() -> None:
    report = analyze(
        notebook(
            md(RELU_INTRO),
            solution(RELU_SOLUTION),
            graded(CONFIDENCE_BUILDER),
            graded(EDUCATIONAL_TEST),
            md(LEAKY_INTRO),
            solution(ladder_source()),
            graded(LEAKY_BUILDER),
            graded(LEAKY_TEACHER),
        )
    )
    patterns = report["patterns"]
    assert [b["missing"] for b in patterns["bridges"]] == [[], []]
    assert len(patterns["ladders"]) == 1
    assert [t["rating"] for t in patterns["tests"]] == [1.0, 1.0, 1.0, 1.0]
    parts = report["summary"]["scaffolding"]
    assert (parts["C"]["value"], parts["T"]["value"]) == (1.0, 1.0)
    assert report["summary"]["grade"] == "A"


def test_a_module_following_none_cannot_reach_a_even_with_short_cells() -> None:
    plain_intro = md("## ReLU\n\n**ReLU** keeps positive values.")
    summary = _summary(plain_intro, solution(RELU_SOLUTION), graded(BARE_TEST))
    parts = summary["scaffolding"]
    # Every old part is perfect: guidance, feedback, load, blocks, progression.
    assert [parts[name]["value"] for name in "GFLBP"] == [1.0] * 5
    assert parts["C"]["value"] == 0.25  # of analogy, math, code, why: only the code
    assert parts["T"]["value"] == 0.2
    assert summary["grade"] != "A" and parts["score"] < 4.5


def test_the_formula_is_the_mean_of_seven_parts() -> None:
    summary = _summary(md("## ReLU\n\n**ReLU** keeps positive values."), solution(RELU_SOLUTION),
                       graded(BARE_TEST))  # fmt: skip
    parts = summary["scaffolding"]
    values = [parts[name]["value"] for name in "GFLBPCT"]
    assert parts["score"] == round(1 + 4 * sum(values) / 7, 1)
