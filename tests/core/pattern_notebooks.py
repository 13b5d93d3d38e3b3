"""Small notebooks for the scaffolding-pattern tests: each follows or breaks one pattern."""

from __future__ import annotations

from typing import Any

SOLUTION = {"nbgrader": {"grade": False, "solution": True}}
TEST = {"nbgrader": {"grade": True, "solution": False}}


def md(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def solution(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": SOLUTION}


def graded(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "source": source, "metadata": TEST}


def notebook(*cells: dict[str, Any]) -> dict[str, Any]:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


RELU_INTRO = """## ReLU

**ReLU** is like a light switch: it lets positive signals through and blocks the rest.

$$\\mathrm{ReLU}(x) = \\max(0, x)$$

Why it matters: without it a network of layers is just one linear map."""

RELU_SOLUTION = '''def relu(x):
    """
    TODO: Return x where x is positive, else 0.

    APPROACH:
    1. Take the element-wise maximum with 0

    EXAMPLE:
    relu([-1.0, 2.0]) -> array([0., 2.])

    HINTS:
    - np.maximum works element by element
    """
    ### BEGIN SOLUTION
    return np.maximum(x, 0.0)
    ### END SOLUTION
'''

CONFIDENCE_BUILDER = '''"""Confidence builder: ReLU of one positive number is that number."""
assert relu(2.0) == 2.0, "a positive input passes through unchanged"
print("\u2705 Great start: ReLU lets positive values through!")
'''

EDUCATIONAL_TEST = '''"""Negative inputs are switched off; the shape of the input is kept."""
out = relu(np.array([[-1.0, 0.5], [2.0, -3.0]]))
print("ReLU turns every negative entry into zero and keeps the array shape:", out)
assert out.shape == (2, 2), "ReLU must keep the input shape"
assert (out >= 0).all(), f"ReLU never returns a negative value, got {out}"
assert out[0, 1] == 0.5, "positive entries pass through unchanged"
'''

BARE_TEST = """out = relu([-1.0, 2.0])
assert out.tolist() == [0.0, 2.0]
assert relu(0.0) == 0.0
"""


def ladder_source() -> str:
    """Three guided rungs of rising difficulty: one value → an array → checked input."""
    return '''def leaky_relu_one(x, slope):
    """
    TODO: Leaky ReLU of a single number.

    EXAMPLE:
    leaky_relu_one(-2.0, 0.1) -> -0.2
    """
    if x > 0:
        return x
    return slope * x


def leaky_relu_array(x, slope):
    """
    TODO: Leaky ReLU of a whole array.

    APPROACH:
    1. Convert x to a float array
    2. Pick x or slope * x with np.where
    """
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return x
    scaled = slope * x
    return np.where(x > 0, x, scaled)


def leaky_relu(x, slope=0.01):
    """
    TODO: Leaky ReLU with input checks.

    APPROACH:
    1. Check the slope
    2. Reuse leaky_relu_array

    EXAMPLE:
    leaky_relu([-1.0, 1.0], 0.5) -> array([-0.5, 1.])
    """
    if not 0 <= slope < 1:
        raise ValueError("slope must be in [0, 1)")
    if x is None:
        raise TypeError("x is required")
    out = leaky_relu_array(x, slope)
    if out.ndim == 0:
        out = out.reshape(1)
    return out
'''


def long_block_source() -> str:
    """One 80-line solution function: input checks, a loop, a helper, then the result."""
    lines = [
        "def normalise(batch, eps=1e-5, axis=0, clip=None):",
        '    """TODO: Normalise the batch."""',
        "    ### BEGIN SOLUTION",
        "    if batch is None:",
        '        raise ValueError("batch is required")',
        "    if eps <= 0:",
        '        raise ValueError("eps must be positive")',
        "    def centre(values):",
        "        return values - values.mean(axis=axis, keepdims=True)",
    ]
    lines += [f"    step_{k} = batch * {k}" for k in range(30)]
    lines += ["    total = 0.0", "    for row in batch:", "        total += row.sum()"]
    lines += [f"    extra_{k} = total + {k}" for k in range(30)]
    lines += ["    if clip is not None:", "        total = min(total, clip)"]
    lines += ["    return centre(batch) / (total + eps)", "    ### END SOLUTION"]
    return "\n".join(lines) + "\n"
