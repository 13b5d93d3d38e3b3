"""Test ratings: docstring, explained asserts, printed explanation, order, confidence builder."""

from __future__ import annotations

from typing import Any

from pattern_notebooks import (
    BARE_TEST,
    CONFIDENCE_BUILDER,
    EDUCATIONAL_TEST,
    RELU_SOLUTION,
    graded,
    notebook,
    solution,
)

from tinyscaffold_server import analyze


def _ratings(*cells: dict[str, Any]) -> list[dict[str, Any]]:
    ratings: list[dict[str, Any]] = analyze(notebook(*cells))["patterns"]["tests"]
    return ratings


def test_a_confidence_builder_then_an_educational_test_rate_fully() -> None:
    builder, teacher = _ratings(
        solution(RELU_SOLUTION), graded(CONFIDENCE_BUILDER), graded(EDUCATIONAL_TEST)
    )
    assert builder["criteria"] == {
        "docstring": True,
        "assert_messages": True,
        "explains": True,
        "in_order": True,
        "confidence_builder": True,
    }
    assert (builder["rating"], builder["relative"]) == (1.0, "easiest")
    assert builder["solution_index"] == 0
    assert teacher["criteria"]["confidence_builder"] is None  # only the first test is asked
    assert teacher["rating"] == 1.0 and teacher["relative"] == "hardest"
    assert (teacher["asserts"], teacher["explained_asserts"]) == (3, 3)
    assert teacher["difficulty"] > builder["difficulty"]


def test_a_bare_test_lacks_every_teaching_quality() -> None:
    [bare] = _ratings(solution(RELU_SOLUTION), graded(BARE_TEST))
    assert bare["criteria"] == {
        "docstring": False,
        "assert_messages": False,
        "explains": False,
        "in_order": True,
        "confidence_builder": False,
    }
    assert bare["rating"] == 0.2
    assert (bare["asserts"], bare["explained_asserts"]) == (2, 0)
    assert "lacks docstring, assert messages, printed explanation" in bare["why"]


def test_hard_before_easy_is_out_of_order_and_not_a_confidence_builder() -> None:
    hard, easy = _ratings(
        solution(RELU_SOLUTION), graded(EDUCATIONAL_TEST), graded(CONFIDENCE_BUILDER)
    )
    assert hard["criteria"]["confidence_builder"] is False  # too hard to open with
    assert hard["criteria"]["in_order"] is True
    assert easy["criteria"]["in_order"] is False
    assert easy["criteria"]["confidence_builder"] is None


def test_a_one_word_message_or_a_bare_tick_does_not_explain() -> None:
    terse = graded('assert relu(1.0) == 1.0, "wrong"\nprint("\u2705 ok")\n')
    [rating] = _ratings(solution(RELU_SOLUTION), terse)
    assert rating["criteria"]["assert_messages"] is False
    assert rating["criteria"]["explains"] is False


def test_each_solution_starts_its_own_group() -> None:
    ratings = _ratings(
        solution(RELU_SOLUTION),
        graded(CONFIDENCE_BUILDER),
        solution(RELU_SOLUTION.replace("relu", "relu_again")),
        graded(EDUCATIONAL_TEST),
    )
    assert [(r["cell_index"], r["solution_index"]) for r in ratings] == [(1, 0), (3, 2)]
    assert [r["relative"] for r in ratings] == ["only", "only"]
    assert ratings[1]["criteria"]["confidence_builder"] is False


def test_the_t_part_is_the_mean_rating_and_names_what_is_missing() -> None:
    report = analyze(notebook(solution(RELU_SOLUTION), graded(BARE_TEST)))
    part = report["summary"]["scaffolding"]["T"]
    assert (part["value"], part["cells"]) == (0.2, [1])
    assert part["why"] == (
        "mean over 1 test cell of the share of its criteria each meets; 0 with all met;"
        " a confidence builder first in 0 of 1 solution"
    )
    [advice] = [r for r in report["summary"]["recommendations"] if r["part"] == "T"]
    assert advice["message"].startswith("make the tests teach: add a docstring (1 cell)")
