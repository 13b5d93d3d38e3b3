"""Known notebooks for the REST API tests (imported by conftest and the tests)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

BRANCHY = (
    "def sign_bucket(x):\n"
    + "".join(f"    if x == {n}:\n        return {n}\n" for n in range(6))
    + "    return -1\n"
)  # 14 SLOC, cyclomatic complexity 7: SLOC +1, CC (B) +1 → complexity 3

SOLUTION = (
    "def relu(x):\n"
    '    """Rectified linear unit."""\n'
    "    # TODO: return x when positive, else 0\n"
    "    ### BEGIN SOLUTION\n"
    "    return max(0, x)\n"
    "    ### END SOLUTION\n"
)

PERCENT_PY = """# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Module 2
# The **sigmoid** squashes numbers.

# %% nbgrader={"grade": false, "solution": true}
def sigmoid(x):
    ### BEGIN SOLUTION
    return 1 / (1 + 2.718281828 ** -x)
    ### END SOLUTION

# %%
assert sigmoid(0) == 0.5
"""


def cell(cell_id: str, cell_type: str, source: str, **metadata: Any) -> dict[str, Any]:
    return {"id": cell_id, "cell_type": cell_type, "source": source, "metadata": metadata}


def module_cells() -> list[dict[str, Any]]:
    return [
        cell("intro", "markdown", "# Module 1\n\nWe meet **ReLU** today."),
        cell("sol", "code", SOLUTION, nbgrader={"solution": True, "grade": False}),
        cell("test", "code", "assert relu(-1) == 0\nassert relu(2) == 2\n"),
        cell("branchy", "code", BRANCHY),
    ]


def ipynb(cells: list[dict[str, Any]], **metadata: Any) -> dict[str, Any]:
    nb_cells = [
        {**c, **({"outputs": [], "execution_count": None} if c["cell_type"] == "code" else {})}
        for c in cells
    ]
    return {"cells": nb_cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def tree_digest(root: Path) -> dict[str, str]:
    """Every path under root (hidden ones too) → content hash, or link target for symlinks."""
    digest: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                digest[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest[rel] = "dir"
    return digest
