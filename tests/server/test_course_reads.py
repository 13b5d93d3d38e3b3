"""A course's unpaired .ipynb modules are read from disk in the pool (contents.read_ipynb_files),
not through the contents manager, whose read commits a trust check to SQLite per notebook:
the notebooks must come out exactly as the manager gives them, and what it cannot read must
be refused as it refuses it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.services.contents.filemanager import (
    AsyncFileContentsManager,
    FileContentsManager,
)
from server_data import ipynb, module_cells

from tinyscaffold_server.server.contents import (
    fetch_notebook_model,
    notebook_from_model,
    read_ipynb_files,
    reads_from_disk,
)
from tinyscaffold_server.server.root_paths import ContentsError, ServerRoot

V4: dict[str, Any] = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "cells": [
        {"id": "a1", "cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "Text."]},
        {
            "id": "b2",
            "cell_type": "code",
            "metadata": {"tags": ["x"]},
            "execution_count": 3,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]}],
            "source": "def f(x):\n    return x\n",
        },
    ],
}
# nbformat 3: the manager converts it to version 4 (worksheets, "input" for source).
V3 = {
    "nbformat": 3,
    "nbformat_minor": 0,
    "metadata": {"name": "old"},
    "worksheets": [
        {
            "cells": [
                {"cell_type": "heading", "level": 1, "metadata": {}, "source": "Old"},
                {
                    "cell_type": "code",
                    "input": "y = 2",
                    "language": "python",
                    "metadata": {},
                    "outputs": [],
                    "prompt_number": 1,
                },
            ]
        }
    ],
}
# Cells without ids in a 4.4 notebook.
NO_IDS = {**V4, "nbformat_minor": 4}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name, notebook in (("v4", V4), ("v3", V3), ("no_ids", NO_IDS)):
        if notebook is NO_IDS:
            notebook = {**NO_IDS, "cells": [_without_id(c) for c in V4["cells"]]}
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    (tmp_path / "latin.ipynb").write_bytes(b'{"nbformat": 4, "x": "\xe9"}')
    lone = json.dumps(V4).replace("Text.", "\\ud800")
    (tmp_path / "lone.ipynb").write_text(lone)
    (tmp_path / "big.ipynb").write_text(json.dumps(V4) + " " * 4096)
    return tmp_path


def _without_id(cell: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in cell.items() if key != "id"}


def test_modules_read_from_disk_are_the_notebooks_the_contents_manager_gives(root: Path) -> None:
    manager = FileContentsManager(root_dir=str(root))
    policy = ServerRoot(str(root), 1 << 20)
    paths = ["v4.ipynb", "v3.ipynb", "no_ids.ipynb"]
    models, errors = read_ipynb_files(policy, paths, 1 << 20)
    assert errors == {}
    for path in paths:
        through = asyncio.run(fetch_notebook_model(manager, policy, path, 1 << 20))
        # The manager marks code cells trusted or not (its signature check): the one
        # difference, which no analysis reads.
        for cell in through["content"]["cells"]:
            cell["metadata"].pop("trusted", None)
        direct, managed = (
            notebook_from_model(path, models[path]),
            notebook_from_model(path, through),
        )
        if path == "v3.ipynb":  # conversion to version 4 gives the cells random ids
            for cell in (*direct["cells"], *managed["cells"]):
                assert len(cell.pop("id")) == 8
        assert direct == managed


def test_what_cannot_be_read_is_refused_and_named(root: Path) -> None:
    policy = ServerRoot(str(root), 1024)
    paths = ["broken.ipynb", "latin.ipynb", "lone.ipynb", "big.ipynb", "gone.ipynb", "v4.ipynb"]
    models, errors = read_ipynb_files(policy, paths, 1024)
    assert list(models) == ["v4.ipynb"]
    assert errors["broken.ipynb"].startswith("'broken.ipynb': Unreadable Notebook: ")
    assert errors["latin.ipynb"] == "'latin.ipynb': Unreadable Notebook: not UTF-8 text (byte 22)"
    assert errors["lone.ipynb"] == (
        "'lone.ipynb': Unreadable Notebook: it holds text that is not valid Unicode"
    )
    size = (root / "big.ipynb").stat().st_size
    assert errors["big.ipynb"] == f"'big.ipynb' is {size} bytes; the limit is 1024"
    assert "gone.ipynb" in errors["gone.ipynb"]
    with pytest.raises(ContentsError):
        policy.check("../outside.ipynb")


def test_only_a_stock_file_manager_on_disk_is_read_around(root: Path) -> None:
    policy = ServerRoot(str(root), 1 << 20)
    assert reads_from_disk(FileContentsManager(root_dir=str(root)), policy)
    assert reads_from_disk(AsyncFileContentsManager(root_dir=str(root)), policy)
    assert not reads_from_disk(object(), policy)  # another manager: read through it
    assert not reads_from_disk(FileContentsManager(root_dir=str(root)), ServerRoot(None, 1))


def test_a_course_of_ipynb_modules_only_keeps_the_rows_of_what_the_listing_skipped(
    fetch: Any, course_tree: Path, outside: Path
) -> None:
    """Every module read from disk, the whole course done in one trip to the pool: a link out
    of the root and a broken notebook still have their error rows, in course order."""
    folder = course_tree / "plain"
    folder.mkdir()
    (folder / "a.ipynb").write_text(json.dumps(ipynb(module_cells())))
    (folder / "b.ipynb").write_text('{"cells": [')
    (folder / "c.ipynb").symlink_to(outside / "secret.ipynb")
    try:
        rows = fetch("course", params={"path": "plain"}).json()["modules"]
        assert [row["path"] for row in rows] == ["plain/a.ipynb", "plain/b.ipynb", "plain/c.ipynb"]
        assert "error" not in rows[0] and rows[0]["cells"] == len(module_cells())
        assert rows[1]["error"].startswith("'plain/b.ipynb': Unreadable Notebook: ")
        assert "outside" in rows[2]["error"] or "root" in rows[2]["error"]
    finally:
        for name in ("a.ipynb", "b.ipynb", "c.ipynb"):
            (folder / name).unlink()
        folder.rmdir()
