"""core/loading.py: .ipynb and jupytext files, error types, cell normalisation."""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

from tinyscaffold_server.core.loading import (
    InvalidNotebookJSON,
    NotANotebook,
    NotebookLoadError,
    NotebookNotFound,
    UnsupportedFormat,
    is_notebook_file,
    load_notebook,
    normalise_cells,
)


def _cells(notebook: dict) -> list[tuple[str, str, dict]]:
    return [(c["cell_type"], c["source"], dict(c["metadata"])) for c in notebook["cells"]]


def test_percent_py_equals_jupytext(fixtures_dir: Path) -> None:
    path = fixtures_dir / "activations.py"
    ours = load_notebook(path)
    theirs = jupytext.read(path)
    assert _cells(ours) == [(c.cell_type, c.source, dict(c.metadata)) for c in theirs.cells]
    # the YAML header is notebook metadata, never a cell
    assert "jupytext" in ours["metadata"]
    assert not ours["cells"][0]["source"].startswith("# ---")
    assert ours["cells"][3]["metadata"]["nbgrader"]["solution"] is True
    assert ours["cells"][0]["source"].startswith("# Module 2: Activations")  # """ markdown
    assert type(ours) is dict and type(ours["cells"][0]) is dict


def test_markdown_format_equals_jupytext(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_text("# Title\n\nSome **prose**.\n\n```python\nx = 1\n```\n", encoding="utf-8")
    theirs = jupytext.read(path)
    assert _cells(load_notebook(path)) == [
        (c.cell_type, c.source, dict(c.metadata)) for c in theirs.cells
    ]


def test_ipynb_reads_list_sources(fixtures_dir: Path) -> None:
    notebook = load_notebook(fixtures_dir / "layers.ipynb")
    assert len(notebook["cells"]) == 6
    assert isinstance(notebook["cells"][0]["source"], list)
    assert normalise_cells(notebook)[0].source == "# Layers\n\nWe build a **Linear** layer."


def test_v3_is_upgraded(tmp_path: Path) -> None:
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": ["# Hi"]},
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "input": ["x = 1"],
                        "language": "python",
                        "outputs": [],
                    },
                ],
                "metadata": {},
            }
        ],
    }
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(v3), encoding="utf-8")
    notebook = load_notebook(path)
    assert notebook["nbformat"] == 4
    assert [(c.cell_type, c.source) for c in normalise_cells(notebook)] == [
        ("markdown", "# Hi"),
        ("code", "x = 1"),
    ]


def test_errors_name_file_and_problem(tmp_path: Path) -> None:
    with pytest.raises(NotebookNotFound, match=r"missing\.ipynb"):
        load_notebook(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [\n  1,\n  }', encoding="utf-8")
    with pytest.raises(InvalidNotebookJSON, match=r"bad\.ipynb: invalid JSON at line 3 column 3"):
        load_notebook(bad)
    latin = tmp_path / "latin.ipynb"
    latin.write_bytes(b'{"cells": [], "x": "\xe9"}')
    with pytest.raises(NotANotebook, match=r"not UTF-8"):
        load_notebook(latin)
    latin_py = tmp_path / "latin.py"
    latin_py.write_bytes(b"# %%\nx = '\xe9'\n")
    with pytest.raises(NotANotebook, match=r"latin\.py: not UTF-8"):
        load_notebook(latin_py)
    shape = tmp_path / "shape.ipynb"
    shape.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(NotANotebook, match="not an object"):
        load_notebook(shape)
    nocells = tmp_path / "nocells.ipynb"
    nocells.write_text('{"metadata": {}}', encoding="utf-8")
    with pytest.raises(NotANotebook, match="no 'cells' list"):
        load_notebook(nocells)
    weird = tmp_path / "data.xyz"
    weird.write_text("hello", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match=r"data\.xyz.*'\.xyz'"):
        load_notebook(weird)
    with pytest.raises(NotebookNotFound):
        load_notebook(tmp_path)
    for exc in (NotebookNotFound, NotANotebook, InvalidNotebookJSON, UnsupportedFormat):
        assert issubclass(exc, NotebookLoadError)


def test_normalise_cells_validates_shape() -> None:
    cells = normalise_cells(
        {
            "cells": [
                {"cell_type": "code", "source": ["a\n", "b"], "metadata": {"tags": ["x"]}},
                {"cell_type": "weird", "source": "?", "id": "w1"},
            ]
        }
    )
    assert [(c.index, c.cell_type, c.source, c.id) for c in cells] == [
        (0, "code", "a\nb", None),
        (1, "weird", "?", "w1"),
    ]
    assert cells[1].metadata == {}
    bad_cases = [
        ({"cells": "no"}, "'cells' list"),
        ({"cells": [1]}, "cell 0: must be an object"),
        ({"cells": [{"source": ""}]}, "cell 0: 'cell_type'"),
        ({"cells": [{"cell_type": "code", "source": [1]}]}, "cell 0: 'source'"),
        ({"cells": [{"cell_type": "code", "source": "", "metadata": []}]}, "cell 0: 'metadata'"),
        (
            {"cells": [{"cell_type": "code", "source": ""}, {"cell_type": "code", "source": 3}]},
            "cell 1",
        ),
        ([], "must be an object"),
    ]
    for value, message in bad_cases:
        with pytest.raises(NotANotebook, match=message):
            normalise_cells(value)


def test_is_notebook_file(tmp_path: Path, fixtures_dir: Path) -> None:
    assert is_notebook_file(fixtures_dir / "activations.py")
    assert is_notebook_file(fixtures_dir / "layers.ipynb")
    script = tmp_path / "helper.py"
    script.write_text("import os\nprint(os.getcwd())\n", encoding="utf-8")
    assert not is_notebook_file(script)
    markers = tmp_path / "markers.py"
    markers.write_text("# %%\nx = 1\n\n# %% [markdown]\n# Hi\n", encoding="utf-8")
    assert is_notebook_file(markers)
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n\nRead me.\n", encoding="utf-8")
    assert not is_notebook_file(readme)
    md = tmp_path / "lesson.md"
    md.write_text("---\njupyter:\n  jupytext:\n    formats: md\n---\n\n# Hi\n", encoding="utf-8")
    assert is_notebook_file(md)
    assert not is_notebook_file(tmp_path / "absent.ipynb")
    assert not is_notebook_file(tmp_path)
    (tmp_path / "notes.txt").write_text("# %%\n", encoding="utf-8")
    assert not is_notebook_file(tmp_path / "notes.txt")
