"""Jupytext's configuration and pairing, read without jupytext: jupytext is the oracle.

Every shape of configuration file and ``formats`` option jupytext accepts is written to a
folder, then read both ways; the paired paths of many notebook paths are computed both ways.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jupytext import config as jconfig
from jupytext import formats as jformats
from jupytext import paired_paths as jpaired

from tinyscaffold_server.course import jupytext_config as ours
from tinyscaffold_server.course import jupytext_formats as our_formats

ROOT = Path(__file__).resolve().parents[2]

FORMATS_OPTIONS: list[Any] = [
    "ipynb,py:percent",
    "ipynb,py:light",
    "ipynb,py",
    "ipynb,md",
    "ipynb,md:myst",
    "ipynb,Rmd",
    "ipynb,_light.py:light",
    "ipynb,.pct.py:percent",
    "py:percent,ipynb",
    "ipynb,py:percent;md:myst,ipynb",
    "notebooks///ipynb,scripts///py:percent",
    "notebooks//ipynb,scripts//py:percent",
    "notebooks/ipynb,scripts/py:percent",
    "ipynb,nb_/py:percent",
    "ipynb,../scripts/py:percent",
    ["ipynb,py:percent"],
    ["ipynb,py:percent", "md,ipynb"],
    {"notebooks/": "ipynb", "scripts/": "py:percent"},
    {"": "ipynb", "scripts": "py:percent"},
    [{"notebooks/": "ipynb", "scripts/": "py:percent"}, {"": "md"}],
    "ipynb",
    "",
]

PATHS = [
    "module.ipynb",
    "module.py",
    "module.md",
    "module_light.py",
    "module.pct.py",
    "notebooks/module.ipynb",
    "scripts/module.py",
    "course/notebooks/module.ipynb",
    "course/scripts/module.py",
    "sub/nb_module.py",
    "sub/module.Rmd",
    "scripts/deep/module.py",
]


def write_config(
    folder: Path, name: str, formats: Any, extra: dict[str, Any] | None = None
) -> Path:
    options = {"formats": formats, **(extra or {})}
    file = folder / name
    if name.endswith(".json"):
        file.write_text(json.dumps(options))
    else:
        import yaml

        file.write_text(yaml.safe_dump(options))
    return file


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def write_toml(file: Path, formats: Any, table: str | None = None, extra: str = "") -> Path:
    head = f"[{table}]\n" if table else ""
    file.write_text(f"{head}formats = {toml_value(formats)}\n{extra}")
    return file


def jupytext_default(folder: Path, path: str) -> Any:
    found = jconfig.find_jupytext_configuration_file(str(folder), search_parent_dirs=False)
    if found is None:
        return ("none",)
    try:
        config = jconfig.load_jupytext_configuration_file(found)
    except (jconfig.JupytextConfigurationError, ValueError):
        return ("error",)
    except AttributeError:  # jupytext 1.19 fails on an empty YAML file: no configuration
        return ("empty",)
    if config is None:
        return ("empty",)
    try:
        return ("formats", config.default_formats(str(folder / path)))
    except ValueError:
        return ("error",)


def our_default(folder: Path, path: str) -> Any:
    try:
        found = ours.find_config_file(folder)
    except ours.JupytextConfigError:
        return ("error",)
    if found is None:
        return ("none",)
    try:
        config = ours.read_config(found)
    except ours.JupytextConfigError:
        return ("error",)
    if config is None:
        return ("empty",)
    try:
        finder = ours.governing_dir(folder)
        return ("formats", ours.default_formats(config, str(folder / path), finder))
    except ValueError:
        return ("error",)


def test_copied_tables_are_jupytexts() -> None:
    assert list(ours.CONFIG_FILES) == jconfig.JUPYTEXT_CONFIG_FILES
    assert set(jformats._VALID_FORMAT_NAMES) == our_formats.FORMAT_NAMES
    assert list(our_formats.NOTEBOOK_EXTENSIONS) == jformats.NOTEBOOK_EXTENSIONS
    configurable = set(jconfig.Configurable.class_trait_names())
    traits = set(jconfig.JupytextConfiguration.class_trait_names()) - configurable
    assert traits == ours.OPTIONS


@pytest.mark.parametrize("formats", FORMATS_OPTIONS, ids=repr)
@pytest.mark.parametrize(
    "file",
    ["jupytext.toml", ".jupytext", "jupytext", "pyproject.toml", "jupytext.json", "jupytext.yml"],
)
def test_default_formats_match_jupytext(tmp_path: Path, file: str, formats: Any) -> None:
    if file.endswith((".json", ".yml")):
        write_config(tmp_path, file, formats)
    else:
        table = "tool.jupytext" if file == "pyproject.toml" else None
        write_toml(tmp_path / file, formats, table)
    for path in PATHS:
        assert our_default(tmp_path, path) == jupytext_default(tmp_path, path), path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[project]\nname = "course"\n'),  # no [tool.jupytext]: no config
        ("pyproject.toml", "[tool.jupytext]\n"),  # an empty table: a configuration
        ("pyproject.toml", '[tool.jupytext]\nformats = "ipynb,py:percent"\nnot_an_option = 1\n'),
        ("jupytext.toml", "formats = 3\n"),
        ("jupytext.toml", 'formats = ["ipynb,py", {"a/": "ipynb"}]\n'),
        ("jupytext.toml", 'formats = "ipynb,py:nonsense"\n'),
        ("jupytext.toml", 'formats = "ipynb,txt"\n'),
        ("jupytext.toml", 'default_jupytext_formats = "ipynb,py:percent"\n'),
        ("jupytext.toml", 'formats = "ipynb,py:percent"\ncell_markers = "{{{,}}}"\n'),
        ("jupytext.yml", ""),
        ("jupytext.json", "{}"),
        ("jupytext.json", '{"formats": "ipynb,auto:percent"}'),
    ],
)
def test_other_shapes_and_refusals_match_jupytext(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    for path in PATHS:
        assert our_default(tmp_path, path) == jupytext_default(tmp_path, path), path


def test_the_first_configuration_file_wins_as_in_jupytext(tmp_path: Path) -> None:
    write_toml(tmp_path / ".jupytext.toml", "ipynb,md")
    write_toml(tmp_path / "jupytext.toml", "ipynb,py:percent")
    write_toml(tmp_path / "pyproject.toml", "ipynb,Rmd", "tool.jupytext")
    found = ours.find_config_file(tmp_path)
    assert found is not None
    assert str(found) == jconfig.find_jupytext_configuration_file(str(tmp_path), False)


def jupytext_pairs(path: str, fmt: str, formats: str) -> Any:
    try:
        long = jformats.long_form_one_format(fmt)
        return ("ok", jpaired.paired_paths(path, long, formats))
    except (jpaired.InconsistentPath, jformats.JupytextFormatError):
        return ("error",)


def our_pairs(path: str, fmt: str, formats: str, root: Path) -> Any:
    try:
        long = our_formats.long_form_one_format(fmt)
        return ("ok", our_formats.paired_paths(path, long, formats, ours.governing_dir(root)))
    except ValueError:
        return ("error",)


def paired_case(root: Path, path: str, formats: str) -> None:
    full = str(root / path)
    for fmt in formats.split(","):
        if not fmt:
            continue
        assert our_pairs(full, fmt, formats, root) == jupytext_pairs(full, fmt, formats), (
            path,
            fmt,
        )


@pytest.mark.parametrize("formats", [f for f in FORMATS_OPTIONS if isinstance(f, str)])
def test_paired_paths_match_jupytext(tmp_path: Path, formats: str) -> None:
    write_toml(tmp_path / "jupytext.toml", "ipynb")  # prefixes are relative to its folder
    for group in formats.split(";"):
        for path in PATHS:
            paired_case(tmp_path, path, group)


PART = st.sampled_from(["", "notebooks", "scripts", "nb_", "_light", ".pct", "..", "sub"])
EXT = st.sampled_from(["ipynb", "py", "md", "Rmd", "py:percent", "py:light", "md:myst", "R"])


@st.composite
def format_text(draw: Any) -> str:
    prefix, suffix, ext = draw(PART), draw(PART), draw(EXT)
    if suffix and not suffix.startswith((".", "_")):
        suffix = ""
    text = f"{suffix}.{ext}" if suffix else ext
    sep = draw(st.sampled_from(["/", "//", "///"]))
    return f"{prefix}{sep}{text}" if prefix and prefix != ".." else text


@settings(max_examples=150, deadline=None)
@given(
    formats=st.lists(format_text(), min_size=1, max_size=3).map(",".join),
    path=st.sampled_from(PATHS),
)
def test_random_formats_pair_as_in_jupytext(tmp_path_factory: Any, formats: str, path: str) -> None:
    root = tmp_path_factory.mktemp("pairs")
    write_toml(root / "jupytext.toml", "ipynb")
    paired_case(root, path, formats)


def test_listing_a_course_under_a_pyproject_imports_no_jupytext(tmp_path: Path) -> None:
    """The 2.2 s of the issue: a course under a pyproject.toml, jupytext pairs configured."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "course"\n[tool.jupytext]\nformats = "ipynb,py:percent"\n'
    )
    module = tmp_path / "01_tensor"
    module.mkdir()
    (module / "tensor_dev.py").write_text("# %% [markdown]\n# # Tensor\n\n# %%\nx = 1\n")
    (module / "tensor_dev.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from tinyscaffold_server.course.modules import discover_modules\n"
        f"modules = discover_modules(Path({str(tmp_path)!r}))\n"
        "heavy = [m for m in ('jupytext', 'nbformat', 'jsonschema', 'yaml') if m in sys.modules]\n"
        "print(json.dumps([[m.path.name, m.paired_with and m.paired_with.name] for m in modules]"
        " + [heavy]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    *modules, heavy = json.loads(out)
    assert modules == [["tensor_dev.py", "tensor_dev.ipynb"]]
    assert heavy == []
