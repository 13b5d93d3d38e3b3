"""1,000 fuzzed requests over every route of the API -- bodies and queries, built from the
hostile tree's paths, random text and bytes, and damaged versions of valid requests -- and
not one 5xx, traceback, secret or absolute path (each reply goes through ``check_reply``),
nor a file changed or opened outside the root (the ``hostile`` fixture)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Fetch = Any
REQUESTS = 1000

# Paths of the hostile tree (links out, loops, pipes, big files, bad configurations), and
# the shapes of paths that are not paths at all.
TREE = [
    "",
    "course",
    "course/m1.py",
    "course/m2.ipynb",
    "course/new.py",
    "course/escape.ipynb",
    "course/escape_dir/secret.ipynb",
    "course/loop.ipynb",
    "course/loopdir",
    "course/fifo.ipynb",
    "course/big.ipynb",
    "linked_config/m.py",
    "linked_pyproject/m.py",
    "binary_config/m.py",
    "deep_config/m.py",
    "huge_int_config/m.py",
    "loop_config/m.py",
    "templates_out/m.py",
    "templates_loop/m.py",
    "gitfile/m.py",
    "gitlink/m.py",
    "baselines/out.json",
    "baselines/missing_cliffs.json",
    "baselines/deep.json",
    "baselines/big.json",
    "../outside/secret.ipynb",
    "/etc/passwd",
    "a/" * 3000,
    "x\x00y",
]
texts = st.text(max_size=40)
paths = st.sampled_from(TREE) | texts | st.lists(st.sampled_from(TREE), max_size=3).map("/".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=16,
)
sources = st.lists(
    st.sampled_from(
        ["def f(x):", "    return x", "### BEGIN SOLUTION", "### END SOLUTION", "# TODO", ""]
    )
    | texts,
    max_size=8,
).map("\n".join)
cells = st.fixed_dictionaries(
    {"cell_type": st.sampled_from(["code", "markdown", "raw"]) | scalars, "source": sources},
    optional={
        "id": st.sampled_from(["a", "b"]) | scalars,
        "metadata": st.dictionaries(st.sampled_from(["tinyscaffold", "nbgrader", "tags"]), values),
        "unchanged": st.booleans(),
    },
)
configs = st.dictionaries(st.sampled_from(["max_cell_sloc", "glossary", "rules", "oops"]), values)
snapshot = {
    "path": "course/m1.py",
    "cells": [],
    "report": {
        "cells": [],
        "cliffs": [],
        "summary": {"grade": "A", "pct_high": 0, "scaffolding": {"score": 4.0}},
    },
}


@st.composite
def damaged(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one place replaced by something random (or left whole)."""
    if draw(st.integers(0, 3)) == 0 or not isinstance(value, (dict, list)) or not value:
        return draw(values) if draw(st.booleans()) else value
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    key = draw(st.sampled_from(keys))
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[key] = draw(damaged(value[key]))  # type: ignore[index]
    return copy


def maybe_damaged(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid values, and valid values with one place damaged."""
    return valid.flatmap(lambda value: st.just(value) | damaged(value))


valid_cells = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "c"]), "cell_type": st.sampled_from(["code", "markdown"])},
    optional={"source": sources, "metadata": st.just({"nbgrader": {"solution": True}})},
)
notebooks = st.fixed_dictionaries({"cells": st.lists(valid_cells | cells, max_size=5)})
analyze_bodies = maybe_damaged(
    st.fixed_dictionaries(
        {"notebook": notebooks},
        optional={
            "path": paths,
            "doc_id": st.sampled_from(["d1", "d2"]),
            "seq": st.integers(0, 10),
            "config": st.just({"max_cell_sloc": 20}) | configs,
            "since": st.none() | texts,
        },
    )
)
compare_bodies = st.builds(
    lambda body, extra: (
        {**body, **extra} if isinstance(body, dict) and isinstance(extra, dict) else body
    ),
    analyze_bodies,
    maybe_damaged(
        st.fixed_dictionaries(
            {"baseline": st.just("before")},
            optional={
                "before": st.just(snapshot) | st.none(),
                "before_notebook": notebooks,
                "view": st.sampled_from(["author", "student"]),
            },
        )
    ),
)
template_bodies = maybe_damaged(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["concept-bridge", "confidence-builder", "educational-test"]),
            "cell": st.fixed_dictionaries(
                {"cell_type": st.sampled_from(["code", "markdown"]), "source": sources}
            ),
        },
        optional={"concept": texts, "path": paths},
    )
)
raw_bodies = st.binary(max_size=120) | values.map(lambda v: json.dumps(v).encode())


def _post(route: str, bodies: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[str, Any]]:
    as_bytes = bodies.map(lambda body: json.dumps(body).encode())
    return st.tuples(st.just(route), st.fixed_dictionaries({"json": as_bytes | raw_bodies}))


queries = maybe_damaged(
    st.fixed_dictionaries(
        {"path": paths},
        optional={
            "source": st.sampled_from(["git", "disk", "file"]),
            "ref": st.sampled_from(["HEAD", "HEAD~1"]),
            "file": st.sampled_from([p for p in TREE if p.startswith("baselines/")]),
            "view": st.sampled_from(["author", "student"]),
            "config": st.just('{"max_cell_sloc": 20}'),
            "baseline": st.just("HEAD"),
        },
    )
).map(lambda query: query if isinstance(query, dict) else {"path": query})
query_values = st.text(max_size=20) | st.binary(max_size=20) | st.sampled_from(["-x", "a:b"])
queries = queries.flatmap(
    lambda query: st.fixed_dictionaries({k: st.just(v) | query_values for k, v in query.items()})
)
ROUTES = (
    *(
        st.tuples(st.just(route), st.fixed_dictionaries({"params": queries}))
        for route in ("analyze", "report.html", "course", "baseline", "config")
    ),
    _post("analyze", analyze_bodies),
    _post("report.html", analyze_bodies),
    _post("compare", compare_bodies),
    _post("template", template_bodies),
)


def test_a_thousand_fuzzed_requests_over_every_route_never_5xx(fetch: Fetch) -> None:
    answered: list[tuple[str, int]] = []
    per_route = -(-REQUESTS // len(ROUTES))  # each route its share, whatever the draws

    for requests in ROUTES:

        @settings(
            max_examples=per_route,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(request=requests)
        def one(request: tuple[str, dict[str, Any]]) -> None:
            route, kwargs = request
            reply = fetch(route, **kwargs)  # checked: < 500, JSON errors, no secret or root path
            answered.append((f"{'POST' if 'json' in kwargs else 'GET'} {route}", reply.code))

        one()
    assert len(answered) >= REQUESTS
    routes = {route for route, _ in answered}
    assert len(routes) == 9, routes  # GET analyze report.html course baseline config; POST x4
    for route in routes:
        codes = [code for name, code in answered if name == route]
        assert len(codes) >= per_route, (route, len(codes))
    assert sum(code == 200 for _, code in answered) >= 100  # not only refusals
