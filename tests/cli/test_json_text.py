"""The fast indented JSON writer prints what ``json.dumps(indent=2)`` prints, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinyscaffold_server import analyze, load_notebook
from tinyscaffold_server.render.json_text import indented_json

ROOT = Path(__file__).resolve().parents[2]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
keys = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=30,
)


def _stdlib(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(values)
def test_equals_json_dumps_on_any_json_value(value: Any) -> None:
    assert indented_json(value) == _stdlib(value)


@pytest.mark.parametrize(
    "path", [ROOT / "examples" / "activations_dev.py", ROOT / "tests" / "fixtures" / "layers.ipynb"]
)
def test_equals_json_dumps_on_reports(path: Path) -> None:
    report = analyze(load_notebook(path))
    assert indented_json(report) == _stdlib(report)


@pytest.mark.parametrize("value", [{1j: 1}, [object()], {"a": {1, 2}}])
def test_what_json_cannot_hold_is_a_type_error_as_in_json_dumps(value: Any) -> None:
    with pytest.raises(TypeError):
        _stdlib(value)
    with pytest.raises(TypeError):
        indented_json(value)
