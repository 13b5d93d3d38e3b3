"""concept-order on a whole course (tests/course/order_course.py): rare in the course's own
order, and still there when a module comes before the one it builds on."""

from __future__ import annotations

from typing import Any

from order_course import COURSE

from tinyscaffold_server.core.analyzer import analyze
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.course.concepts import CourseModule
from tinyscaffold_server.course.context import analyse_course


def findings(order: list[str]) -> list[tuple[str, str]]:
    modules = [CourseModule(name, COURSE[name]) for name in order]

    def run(module: CourseModule, known: frozenset[str]) -> dict[str, Any]:
        return analyze(module.notebook, None, known)

    reports = analyse_course(modules, run, merge_config())
    return [
        (module.path, finding["message"])
        for module, report in zip(modules, reports, strict=True)
        for cell in (report or {"cells": []})["cells"]
        for finding in cell["findings"]
        if finding["rule"] == "concept-order"
    ]


def test_the_course_in_its_own_order_has_at_most_one_finding_per_two_modules() -> None:
    found = findings(list(COURSE))
    assert len(found) <= len(COURSE) // 2, found
    # previews ("in Module 05"), "Why this matters" sections, helpers every module defines
    # for itself (train_model, network, g) and one-off mentions are not reliance
    assert not any(
        name in message
        for _, message in found
        for name in ("train_model", "network", "“g”", "Optimizer", "Autograd")
    ), found


def test_a_module_before_the_one_it_builds_on_is_found() -> None:
    order = ["05_autograd", "01_tensor", "02_activations", "03_layers", "04_losses",
             "06_optimizers"]  # fmt: skip
    found = findings(order)
    assert [m for path, m in found if path == "05_autograd"] == [
        "imports “Tensor” before module 01_tensor introduces it",  # once, for Tensor.add too
    ]
    # the optimizer module first: its code builds on autograd's Variable, its prose on
    # gradients
    found = findings(["06_optimizers", *[m for m in COURSE if m != "06_optimizers"]])
    assert (
        "06_optimizers",
        "imports “Variable (Variable.backward)” before module 05_autograd introduces it",
    ) in found
    assert any(
        m.startswith("relies on “Gradients”") for path, m in found if path == "06_optimizers"
    )


def test_the_course_backwards_finds_each_module_that_imports_what_comes_later() -> None:
    found = findings(list(reversed(COURSE)))
    imports = sorted(path for path, m in found if m.startswith("imports “Tensor”"))
    assert imports == ["02_activations", "03_layers", "04_losses", "05_autograd"]
