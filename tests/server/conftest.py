"""Fixtures for the REST API tests: a jupyter server with the extension, a course tree.

Tests are plain functions that drive pytest-jupyter's event loop themselves (``fetch``):
the project runs pytest-asyncio in auto mode, which would otherwise run ``async def`` tests
on a loop other than the one the server listens on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_testing import Reply, server_config
from pytest_jupyter.jupyter_server import *  # noqa: F403  (fixtures and the async test hooks)
from server_data import PERCENT_PY, ipynb, module_cells, tree_digest


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory next to (not under) the server root, reachable only through symlinks."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.ipynb").write_text(json.dumps(ipynb(module_cells())))
    return folder


@pytest.fixture(autouse=True)
def course_tree(jp_root_dir: Path, outside: Path) -> Iterator[Path]:
    """The course files; the whole root must be byte-identical after every test."""
    root = jp_root_dir
    (root / "module1.ipynb").write_text(json.dumps(ipynb(module_cells())))
    (root / "module2.py").write_text(PERCENT_PY)
    (root / "helpers.py").write_text("def helper():\n    return 1\n")
    (root / "broken.ipynb").write_text('{"cells": [')
    (root / ".hidden.ipynb").write_text(json.dumps(ipynb(module_cells())))
    (root / "notes.txt").write_text("not a notebook\n")
    (root / "sub").mkdir()
    (root / "sub" / "module3.ipynb").write_text(json.dumps(ipynb(module_cells()[:2])))
    (root / "escape.ipynb").symlink_to(outside / "secret.ipynb")
    (root / "escape_dir").symlink_to(outside, target_is_directory=True)
    # A course whose configuration file overrides one pattern template (hidden folder: not
    # a module), and one whose templates folder points outside the root.
    (root / "templated" / ".templates").mkdir(parents=True)
    (root / "templated" / "tinyscaffold.toml").write_text('templates = ".templates"\n')
    (root / "templated" / ".templates" / "confidence-builder.py").write_text(
        '# %% nbgrader={"grade": true, "solution": false}\n'
        'print("Our course says well done for {{function}}!")\n'
    )
    (root / "escaping").mkdir()
    (root / "escaping" / "tinyscaffold.toml").write_text(f'templates = "{outside}"\n')
    before = tree_digest(root)
    yield root
    assert tree_digest(root) == before, "the extension changed files under the server root"


@pytest.fixture
def jp_server_config() -> dict[str, Any]:
    return server_config({"thresholds": {"test_cell_note_sloc": 70}, "max_sessions": 8})


Fetch = Callable[..., Reply]


@pytest.fixture
def fetch(jp_fetch: Any, jp_asyncio_loop: Any) -> Fetch:
    """Synchronous request to the test server; never raises on an HTTP error status."""

    def _fetch(*parts: str, **kwargs: Any) -> Reply:
        kwargs.setdefault("raise_error", False)
        return Reply(jp_asyncio_loop.run_until_complete(jp_fetch("tinyscaffold", *parts, **kwargs)))

    return _fetch


@pytest.fixture
def post(fetch: Fetch) -> Callable[..., Reply]:
    """POST /tinyscaffold/analyze with a JSON (or raw bytes/str) body."""

    def _post(body: Any, **kwargs: Any) -> Reply:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return fetch("analyze", method="POST", body=data, **kwargs)

    return _post
