"""Small course modules for the course-layer tests (imported by the test files)."""

from __future__ import annotations


def percent_module(*cells: str) -> str:
    """A jupytext percent ``.py`` module: markdown cells start with "md:", code otherwise."""
    parts = []
    for cell in cells:
        if cell.startswith("md:"):
            body = "\n".join(f"# {line}".rstrip() for line in cell[3:].strip().split("\n"))
            parts.append(f"# %% [markdown]\n{body}\n")
        else:
            parts.append(f"# %%\n{cell.strip()}\n")
    return "\n".join(parts)


SOLUTION = '''def relu(x):
    """TODO: return x where positive, else 0.

    APPROACH:
    1. compare with zero
    2. pick the larger value

    EXAMPLE: relu(-1) == 0
    HINTS: max()
    """
    ### BEGIN SOLUTION
    if x > 0:
        return x
    return 0
    ### END SOLUTION'''

TEST = "assert relu(2) == 2\nassert relu(-1) == 0"

# A solution cell with no guidance and a deep branchy body: findings and a worse score.
BAD_SOLUTION = "\n".join(
    ["def relu(x):", "    ### BEGIN SOLUTION"]
    + [f"    if x == {n}:\n        return {n}" for n in range(16)]
    + ["    return 0", "    ### END SOLUTION"]
)
