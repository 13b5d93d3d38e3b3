"""concept-order on a whole course (tests/course/order_course.py): rare in the course's own
order, and still there when a module comes before the one it builds on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from order_course import COURSE
from script_loading import load_script

from tinyscaffold_server.core.analyzer import analyze
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.course.concepts import CourseModule
from tinyscaffold_server.course.context import analyse_course

ROOT = Path(__file__).resolve().parents[2]


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


def _write_course(folder: Path, order: list[str]) -> Path:
    for place, name in enumerate(order, start=1):
        module = folder / f"{place:02d}_{name.split('_', 1)[1]}"
        module.mkdir(parents=True)
        notebook = {"nbformat": 4, "nbformat_minor": 5, **COURSE[name]}
        (module / "lesson.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return folder


def test_the_bench_counts_a_course_folders_findings_as_the_cli_reports_them(
    tmp_path: Path,
) -> None:
    bench = load_script(ROOT / "bench" / "concept_order_course.py")
    modules, found = bench.course_findings(_write_course(tmp_path / "own", list(COURSE)))
    assert modules == len(COURSE)
    assert len(found) == len(findings(list(COURSE)))
    modules, found = bench.course_findings(
        _write_course(tmp_path / "backwards", list(reversed(COURSE)))
    )
    importers = sorted(m for m, message in found if message.startswith("imports “Tensor”"))
    assert importers == ["02_autograd", "03_losses", "04_layers", "05_activations"]
