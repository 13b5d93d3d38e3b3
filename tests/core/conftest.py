"""Reports of the two fixture modules, analysed once per test module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import analyze, load_notebook


@pytest.fixture(scope="module")
def activations(fixtures_dir: Path) -> dict[str, Any]:
    return analyze(load_notebook(fixtures_dir / "activations.py"))


@pytest.fixture(scope="module")
def layers(fixtures_dir: Path) -> dict[str, Any]:
    return analyze(load_notebook(fixtures_dir / "layers.ipynb"))
