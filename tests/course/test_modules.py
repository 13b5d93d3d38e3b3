"""What counts as a module: jupytext pairs once, exclude globs, the configured order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from course_data import SOLUTION, TEST, percent_module

from tinyscaffold_server.cli.main import main
from tinyscaffold_server.course.modules import discover_modules, glob_matches, select_modules
from tinyscaffold_server.course.project_config import load_project_config


def _ipynb(formats: str | None = None) -> str:
    metadata: dict[str, Any] = {}
    if formats:
        metadata["jupytext"] = {"formats": formats}
    cell = {"cell_type": "code", "source": "x = 1", "metadata": {}, "id": "c1", "outputs": [],
            "execution_count": None}  # fmt: skip
    return json.dumps({"cells": [cell], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


def _names(directory: Path) -> list[tuple[str, str | None]]:
    project = load_project_config(directory)
    return [
        (
            m.path.relative_to(directory).as_posix(),
            m.paired_with.relative_to(directory).as_posix() if m.paired_with else None,
        )
        for m in discover_modules(directory, project)
    ]


Write = Callable[[str, str], Path]


@pytest.fixture()
def write(tmp_path: Path) -> Write:
    def put(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return put


def test_a_pair_named_in_the_notebook_metadata_counts_once_as_its_text_file(
    tmp_path: Path, write: Write
) -> None:
    write("tensor.ipynb", _ipynb("ipynb,py:percent"))
    write("tensor.py", percent_module(SOLUTION, TEST))
    write("solo.ipynb", _ipynb())
    assert _names(tmp_path) == [("solo.ipynb", None), ("tensor.py", "tensor.ipynb")]


def test_a_pair_from_jupytext_toml_counts_once(tmp_path: Path, write: Write) -> None:
    write("jupytext.toml", 'formats = "ipynb,py:percent"\n')
    write("lesson/act.ipynb", _ipynb())
    write("lesson/act.py", percent_module(SOLUTION, TEST))
    assert _names(tmp_path) == [("lesson/act.py", "lesson/act.ipynb")]


def test_one_module_per_stem_without_pairing(tmp_path: Path, write: Write) -> None:
    write("act.ipynb", _ipynb())
    write("act.py", percent_module(SOLUTION, TEST))
    write("notes.ipynb", _ipynb())
    write("notes.md", "---\njupyter:\n  jupytext:\n    formats: md\n---\n\n# Notes\n")
    write("both.ipynb", _ipynb())
    write("both.md", "---\njupyter:\n  jupytext:\n    formats: md\n---\n\n# Both\n")
    write("both.py", percent_module(SOLUTION))
    write("other/act.ipynb", _ipynb())  # another folder: another module
    write("script.ipynb", _ipynb())
    write("script.py", "print('a plain script, not a notebook')\n")
    assert _names(tmp_path) == [
        ("act.py", "act.ipynb"),
        ("both.md", None),  # a second text twin stays a module of its own
        ("both.py", "both.ipynb"),  # the script is the twin analysed
        ("notes.md", "notes.ipynb"),
        ("other/act.ipynb", None),
        ("script.ipynb", None),
    ]


# The later TinyTorch edition's layout: one folder per module, the source ``name.py`` the
# author edits and, in five folders, a generated ``name.ipynb`` beside it, not paired.
TINYTORCH_LATER = [
    "tensor", "activations", "layers", "losses", "autograd", "optimizers", "training",
    "dataloader", "spatial", "tokenization", "embeddings", "attention", "transformers",
    "profiling", "quantization", "compression", "memoization", "acceleration", "benchmarking",
    "capstone",
]  # fmt: skip
GENERATED = ("tensor", "autograd", "spatial", "embeddings", "attention")


def _tinytorch_later(write: Write) -> None:
    for number, name in enumerate(TINYTORCH_LATER, start=1):
        folder = f"modules/{number:02d}_{name}"
        write(f"{folder}/{name}.py", percent_module(f"md:## {name.title()}", SOLUTION, TEST))
        write(f"{folder}/ABOUT.md", f"# About {name}\n")
        write(f"{folder}/tests/test_{name}.py", "def test_it():\n    assert True\n")
        if name in GENERATED:
            write(f"{folder}/{name}.ipynb", _ipynb())


def test_the_later_tinytorch_layout_is_twenty_modules(tmp_path: Path, write: Write) -> None:
    _tinytorch_later(write)
    names = _names(tmp_path)
    assert [Path(path).stem for path, _ in names] == TINYTORCH_LATER
    assert all(path.endswith(".py") for path, _ in names)
    assert sorted(Path(twin).stem for _, twin in names if twin) == sorted(GENERATED)


def test_the_server_course_listing_takes_one_module_per_stem(tmp_path: Path, write: Write) -> None:
    _tinytorch_later(write)
    candidates = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.suffix in (".py", ".ipynb") and "tests" not in p.parts
    )
    assert len(candidates) == 25
    listed = select_modules(candidates, tmp_path, "modules")
    assert len(listed) == 20
    assert ("modules/05_autograd/autograd.py", "modules/05_autograd/autograd.ipynb") in listed


def test_exclude_globs_and_module_order_from_the_course_config(
    tmp_path: Path, write: Write
) -> None:
    write(
        "tinyscaffold.toml",
        'modules = ["m10_last.py", "m2_second.py"]\nexclude = ["**/*_backup.py", "scratch/**"]\n',
    )
    for name in ("m1_first.py", "m2_second.py", "m10_last.py", "m3_third.py",
                 "old/m2_backup.py", "scratch/try.py"):  # fmt: skip
        write(name, percent_module(SOLUTION, TEST))
    # Listed modules first in their order; the rest in natural order (m1, m3 -- not m10).
    assert [n for n, _ in _names(tmp_path)] == [
        "m10_last.py",
        "m2_second.py",
        "m1_first.py",
        "m3_third.py",
    ]


def test_glob_rules() -> None:
    assert glob_matches("a/b/x_backup.py", ["**/*_backup.py"])
    assert glob_matches("x_backup.py", ["**/*_backup.py"])
    assert glob_matches("deep/x_backup.py", ["*_backup.py"])  # no "/": any depth
    assert glob_matches("scratch/a/b.py", ["scratch/**"])
    assert not glob_matches("src/scratch.py", ["scratch/**"])
    assert not glob_matches("a/b.py", ["a/*.ipynb"])


def test_the_cli_reports_a_pair_once_and_honours_excludes(
    tmp_path: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    write("pyproject.toml", '[tool.tinyscaffold]\nexclude = ["scratch/**"]\n')
    write("tensor.ipynb", _ipynb("ipynb,py:percent"))
    write("tensor.py", percent_module(SOLUTION, TEST))
    write("scratch/try.py", percent_module(SOLUTION))
    assert main(["report", str(tmp_path), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [Path(m["path"]).name for m in payload["modules"]] == ["tensor.py"]


def test_our_list_of_jupytext_configuration_files_is_jupytexts() -> None:
    from jupytext.config import JUPYTEXT_CONFIG_FILES

    from tinyscaffold_server.course.modules import JUPYTEXT_FILES

    assert list(JUPYTEXT_FILES) == list(JUPYTEXT_CONFIG_FILES)


def test_the_stale_twin_takes_no_concepts_from_the_real_one(
    tmp_path: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = json.loads(_ipynb())
    stale["cells"] = [{"cell_type": "markdown", "metadata": {}, "source": "A **tensor** is…"}]
    write("01_tensor/tensor.ipynb", json.dumps(stale))
    write("01_tensor/tensor.py", percent_module("md:## Tensors\n\nA **tensor** is an array."))
    assert main(["report", str(tmp_path), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    [module] = payload["modules"]
    assert Path(module["path"]).name == "tensor.py"
    assert [n for c in module["report"]["cells"] for n in c["new_concepts"]] == ["Tensors"]
