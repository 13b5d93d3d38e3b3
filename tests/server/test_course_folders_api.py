"""A folder inside a course: the overview's `exclude` advice keeps the course whole, and a
configuration file of its own makes a folder a course of its own for the server and the
CLI alike."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_data import ipynb
from test_course_context_api import MODULES

from tinyscaffold_server.cli.main import main as cli_main


@pytest.fixture
def repo(course_tree: Path) -> Iterator[Path]:
    """A course in git without a configuration file, and a backup beside module 2."""
    folder = course_tree / "walk"
    (folder / ".git").mkdir(parents=True)
    for path, cells in MODULES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(json.dumps(ipynb(cells)))
    shutil.copy(folder / "02_softmax/softmax.ipynb", folder / "02_softmax/softmax_backup.ipynb")
    yield folder
    shutil.rmtree(folder)


def _server_modules(fetch: Any, notebook: str) -> tuple[str, list[str]]:
    course = fetch("course", params={"for": notebook}).json()
    return course["path"], [row["path"] for row in course["modules"]]


def _cli_modules(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The CLI's course rows, named as the server names them (relative to its root)."""
    capsys.readouterr()
    assert cli_main(["report", str(folder), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["course"]["rows"]
    root = next(p for p in (folder, *folder.parents) if p.name == "walk").parent
    return [Path(row["path"]).relative_to(root).as_posix() for row in rows]


def test_the_subfolder_advice_names_the_course_file_and_keeps_the_course_whole(
    fetch: Any, post: Any, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = fetch("course", params={"path": "walk/02_softmax"}).json()
    assert inner["course"]["belongs_to"] == {"root": "walk", "source": "git"}
    assert [s["pattern"] for s in inner["strays"]] == ["02_softmax/**/*_backup.ipynb"]
    assert inner["exclude"] == {
        "file": "walk/tinyscaffold.toml",
        "exists": False,
        "replaces": False,
        "line": 'exclude = ["02_softmax/**/*_backup.ipynb"]',
    }
    # The author follows the advice: the course is still the repository's, without the copy.
    (repo / "tinyscaffold.toml").write_text(inner["exclude"]["line"] + "\n")
    expected = ["walk/01_tensors/tensors.ipynb", "walk/02_softmax/softmax.ipynb",
                "walk/03_loss/loss.ipynb"]  # fmt: skip
    assert _server_modules(fetch, "walk/02_softmax/softmax.ipynb") == ("walk", expected)
    assert _cli_modules(repo, capsys) == expected
    assert fetch("course", params={"path": "walk/02_softmax"}).json()["strays"] == []
    # Module 2 is still module 2 of the course, after module 1.
    live = {"notebook": {"cells": MODULES["02_softmax/softmax.ipynb"]},
            "path": "walk/02_softmax/softmax.ipynb"}  # fmt: skip
    report = post(live).json()
    course = report["course"]
    assert (course["root"], course["position"], course["modules"]) == ("walk", 2, 3)
    assert [m["path"] for m in course["known_from"]] == ["walk/01_tensors/tensors.ipynb"]


def test_a_folder_with_its_own_configuration_file_is_a_course_of_its_own(
    fetch: Any, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "02_softmax" / "tinyscaffold.toml").write_text('exclude = ["*_backup.ipynb"]\n')
    outer = ["walk/01_tensors/tensors.ipynb", "walk/03_loss/loss.ipynb"]
    assert _server_modules(fetch, "walk/01_tensors/tensors.ipynb") == ("walk", outer)
    assert _cli_modules(repo, capsys) == outer
    inner = ["walk/02_softmax/softmax.ipynb"]
    assert _server_modules(fetch, "walk/02_softmax/softmax.ipynb") == ("walk/02_softmax", inner)
    assert _cli_modules(repo / "02_softmax", capsys) == inner
