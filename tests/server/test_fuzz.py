"""Random notebooks and random JSON bodies never produce a 5xx."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
code_lines = st.sampled_from(
    [
        "x = 1",
        "def f(a):",
        "    return a",
        "if x:",
        "    pass",
        "%timeit f(1)",
        "!ls",
        "### BEGIN SOLUTION",
        "### END SOLUTION",
        "# TODO: finish",
        "assert f(1) == 1",
        "class A:",
        "import numpy as np",
        "np.maximum(1, 2)",
        "**ReLU** and **forward pass**",
        "APPROACH:",
        "1. first",
        "$x^2$",
        "(((",
        "",
    ]
)
sources = st.lists(code_lines | st.text(max_size=20), max_size=12).map("\n".join)
metadata = st.fixed_dictionaries(
    {},
    optional={
        "tags": st.lists(st.sampled_from(["tinyscaffold-ignore", "x"]), max_size=2),
        "nbgrader": st.fixed_dictionaries(
            {}, optional={"solution": st.booleans(), "grade": st.booleans()}
        ),
        "tinyscaffold": st.fixed_dictionaries(
            {},
            optional={"ignore": json_values, "concepts": json_values},
        ),
    },
)
cells = st.fixed_dictionaries(
    {
        "cell_type": st.sampled_from(["code", "markdown", "raw", "other"]) | json_scalars,
        "source": sources | st.lists(st.text(max_size=10), max_size=3) | json_scalars,
    },
    optional={
        "id": st.sampled_from(["a", "b", "c"]) | json_scalars,
        "metadata": metadata | json_values,
        "unchanged": st.booleans() | json_scalars,
    },
)
config = st.dictionaries(
    st.sampled_from(["max_cell_sloc", "sloc_bands", "rules", "grade_bands", "typo"]),
    json_values,
    max_size=2,
)
bodies = st.fixed_dictionaries(
    {"notebook": st.fixed_dictionaries({"cells": st.lists(cells, max_size=6)})},
    optional={
        "doc_id": st.sampled_from(["fuzz-1", "fuzz-2"]) | json_scalars,
        "seq": st.integers() | json_scalars,
        "config": config | json_values,
        "path": st.text(max_size=10) | json_scalars,
    },
)


@FUZZ
@given(body=bodies)
def test_random_notebooks_never_5xx(post: Any, body: dict[str, Any]) -> None:
    reply = post(body)
    assert reply.code < 500, reply.body
    data = reply.json()
    if reply.code == 200:
        assert data["version"] == 1 and len(data["cells"]) == len(body["notebook"]["cells"])
    else:
        assert set(data) == {"error", "detail"}


@FUZZ
@given(raw=st.binary(max_size=200) | json_values.map(json.dumps))
def test_random_bodies_never_5xx(post: Any, raw: bytes | str) -> None:
    reply = post(raw, allow_nonstandard_methods=True)
    assert reply.code < 500, reply.body
    assert reply.code == 200 or set(reply.json()) == {"error", "detail"}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.text(max_size=30))
def test_random_paths_never_5xx(fetch: Any, path: str) -> None:
    for endpoint in ("analyze", "course"):
        reply = fetch(endpoint, params={"path": path})
        assert reply.code < 500, (path, reply.body)
