"""A file named on its own is analysed in its course: ``tinyscaffold report course/m.py``
gives the module exactly its row of ``tinyscaffold report course`` (and so the numbers
JupyterLab shows); ``--alone`` analyses it by itself; a file that is not a module of its
course is analysed alone, and the text says so."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_course_concepts import module

from tinyscaffold_server.cli import analysis, in_course
from tinyscaffold_server.cli.main import main

MODULES = ("m01_autograd.py", "m02_tensor.py", "m03_optim.py")


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three modules (the first relies on the second's Tensor: a concept-order finding),
    a backup the configuration leaves out; named relative to the current directory."""
    root = tmp_path / "course"
    module(
        root / MODULES[0],
        "## Automatic differentiation\n\n**Autograd** records how each tensor was made.",
        "code:from tinytorch.core.tensor import Tensor\n\nclass Variable(Tensor):\n"
        "    def backward(self):\n        self.grad = 1.0",
        "The gradient of a tensor has the tensor's shape.",
    )
    module(
        root / MODULES[1],
        "## What is a Tensor?\n\nA **tensor** is an N-dimensional array of numbers.",
        "code:class Tensor:\n    def __init__(self, data):\n        self.data = data",
        "Every tensor has a shape and a **dtype**.",
    )
    module(
        root / MODULES[2],
        "## Optimizers\n\nAn **optimizer** moves each **tensor** against its **autograd** "
        "gradient, scaled by the **learning rate**.",
        "code:class SGD:\n    def step(self, params):\n        for p in params:\n"
        "            p.data -= 0.1 * p.grad",
    )
    shutil.copy(root / MODULES[1], root / "m02_tensor_backup.py")
    (root / "tinyscaffold.toml").write_text('exclude = ["*_backup.py"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")  # the text's lines unwrapped
    return Path("course")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run(capsys, *args, "--format", "json", "--no-cache")
    assert code == 0, err
    return json.loads(out)


def course_reports(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    payload = as_json(capsys, "course", *args)
    return {m["path"]: m["report"] for m in payload["modules"]}


def order_rules(report: dict[str, Any]) -> list[str]:
    return [
        f["rule"] for c in report["cells"] for f in c["findings"] if f["rule"] == "concept-order"
    ]


def new_concepts(report: dict[str, Any]) -> list[str]:
    return [name for cell in report["cells"] for name in cell["new_concepts"]]


def test_a_module_named_alone_reports_exactly_its_row_of_the_course(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = course_reports(capsys)
    assert list(whole) == [f"course/{name}" for name in MODULES]  # the backup is left out
    assert order_rules(whole["course/m01_autograd.py"]) == ["concept-order"]
    assert whole["course/m03_optim.py"]["course"]["known_concepts"] > 0
    for path, report in whole.items():
        assert as_json(capsys, path) == report  # score, grade, findings, concepts, course
    # The rows agree too: score, grade, findings, new concepts of the course table.
    rows = {r["path"]: r for r in as_json(capsys, "course")["course"]["rows"]}
    for path in whole:
        report = as_json(capsys, path)
        assert report["summary"]["scaffolding"]["score"] == rows[path]["score"]
        assert report["summary"]["grade"] == rows[path]["grade"]
        assert (
            sum(map(len, (c["new_concepts"] for c in report["cells"])))
            == (rows[path]["new_concepts"])
        )


def test_the_text_says_where_the_module_was_analysed(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "course/m03_optim.py", "--no-cache")
    known = as_json(capsys, "course/m03_optim.py")["course"]["known_concepts"]
    assert code == 0
    first, second = out.splitlines()[:2]
    assert first == (
        "analysed in its course course/ (its configuration file's folder): module 3 of 3, "
        f"{known} concepts known from earlier modules"
    )
    assert second.startswith("course/m03_optim.py  (")


def test_alone_analyses_the_file_by_itself(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_its_course = as_json(capsys, "course/m01_autograd.py")
    alone = as_json(capsys, "course/m01_autograd.py", "--alone")
    assert "course" not in alone
    assert order_rules(in_its_course) == ["concept-order"] and order_rules(alone) == []
    code, out, _ = run(capsys, "course/m03_optim.py", "--alone", "--no-cache")
    assert code == 0 and out.startswith("course/m03_optim.py  (")  # no line above it
    # Several files --alone are one course of just those files, as before.
    listed = as_json(capsys, "course/m03_optim.py", "course/m01_autograd.py", "--alone")
    assert [m["report"]["course"]["source"] for m in listed["modules"]] == ["paths", "paths"]


def test_a_file_that_is_not_a_module_of_its_course_is_analysed_alone(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = "course/m02_tensor_backup.py"
    report = as_json(capsys, backup)
    assert "course" not in report
    assert report == as_json(capsys, backup, "--alone")
    code, out, _ = run(capsys, backup, "--no-cache")
    assert code == 0
    assert out.splitlines()[0] == (
        "not a module of its course course/ (left out by `exclude` in course/tinyscaffold.toml): "
        "analysed alone"
    )
    checkpoint = course / ".ipynb_checkpoints" / "m03_optim-checkpoint.py"
    checkpoint.parent.mkdir()
    shutil.copy(course / MODULES[2], checkpoint)
    code, out, _ = run(capsys, str(checkpoint), "--no-cache")
    assert code == 0
    assert out.startswith("not a module of its course course/ (in a folder courses skip")


def test_files_of_one_course_share_one_analysis_in_the_order_named(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    courses: list[list[str]] = []

    def counted(files: list[str], *args: Any, **kwargs: Any) -> analysis.Analysed:
        courses.append(list(files))
        return analysis.analyse_modules(files, *args, **kwargs)

    monkeypatch.setattr(in_course, "analyse_modules", counted)
    payload = as_json(capsys, "course/m03_optim.py", "course/m01_autograd.py")
    assert courses == [[f"course/{name}" for name in MODULES]]
    whole = course_reports(capsys)
    assert [m["path"] for m in payload["modules"]] == [
        "course/m03_optim.py",
        "course/m01_autograd.py",
    ]
    for entry in payload["modules"]:
        assert entry["report"] == whole[entry["path"]]
    assert [r["path"] for r in payload["course"]["rows"]] == [
        "course/m03_optim.py",
        "course/m01_autograd.py",
    ]


def test_the_notebook_twin_of_a_module_reports_that_module(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = course / "m03_optim.ipynb"
    cells = [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Optimizers"}]
    twin.write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})
    )
    whole = course_reports(capsys)
    assert list(whole) == [f"course/{name}" for name in MODULES]  # the twin is the same module
    payload = as_json(capsys, str(twin), "course/m03_optim.py")
    (entry,) = payload["modules"]  # reported once, as its analysed file
    assert entry == {"path": "course/m03_optim.py", "report": whole["course/m03_optim.py"]}
    code, out, _ = run(capsys, str(twin), "--no-cache")
    assert code == 0
    assert out.splitlines()[0].startswith(
        "course/m03_optim.ipynb is one module with course/m03_optim.py"
    )


def test_a_warm_run_analyses_only_the_module_that_changed(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: list[str] = []
    real = analysis._analyse

    def counted(notebook: Any, path: str, *args: Any) -> Any:
        analysed.append(Path(path).name)
        return real(notebook, path, *args)

    monkeypatch.setattr(analysis, "_analyse", counted)
    cache = ["--cache-dir", "cache", "--format", "json"]
    assert run(capsys, "course/m03_optim.py", *cache)[0] == 0
    assert analysed == list(MODULES)
    analysed.clear()
    first = run(capsys, "course/m03_optim.py", *cache)[1]
    assert analysed == []  # the whole course from the cache
    target = course / MODULES[2]
    target.write_text(target.read_text() + "\n# %% [markdown]\n# A **momentum** term helps.\n")
    changed = run(capsys, "course/m03_optim.py", *cache)[1]
    assert analysed == [MODULES[2]]  # the modules before it come from the cache
    assert json.loads(changed) != json.loads(first)
    assert json.loads(changed) == as_json(capsys, "course/m03_optim.py")  # as without a cache


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def test_a_baseline_compares_with_the_course_as_it_was(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert shutil.which("git"), "git is needed for --baseline REF"
    _git(course, "init", "-q")
    _git(course, "-c", "user.email=a@example.org", "-c", "user.name=A", "add", ".")
    _git(course, "-c", "user.email=a@example.org", "-c", "user.name=A", "commit", "-qm", "v1")
    target = course / MODULES[0]
    target.write_text(target.read_text() + "\n# %% [markdown]\n# ## Chain rule\n")
    named = as_json(capsys, "course/m01_autograd.py", "--baseline", "HEAD")["delta"]
    whole = course_reports(capsys, "--baseline", "HEAD")["course/m01_autograd.py"]["delta"]
    assert named == whole
    assert named["status"] == "changed"  # the cell added
    # The "before" is the module in its course as committed: its concept-order finding was
    # there before and is there after, neither fixed nor appeared; alone it never was.
    assert named["findings"]["fixed"] == named["findings"]["appeared"] == []
    alone = as_json(capsys, "course/m01_autograd.py", "--alone", "--baseline", "HEAD")["delta"]
    assert named["module"]["findings"]["before"] == alone["module"]["findings"]["before"] + 1


def test_the_student_view_takes_the_known_concepts_but_no_course_findings(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the server's student view: course findings name the author's cells, which are not
    the student's (hidden tests are removed), so the student report takes only what the
    course knows before it, from a file named alone and from the folder run alike."""
    first = f"course/{MODULES[0]}"
    folder = course_reports(capsys, "--view", "student")
    student = as_json(capsys, first, "--view", "student")
    assert student == folder[first]
    assert order_rules(student) == []
    assert order_rules(course_reports(capsys)[first]) == ["concept-order"]  # the author's
