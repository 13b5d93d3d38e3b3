"""SPEC 4: concept candidates per cell and notebook-wide novelty."""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinyscaffold_server.config import default_config
from tinyscaffold_server.core.concepts import (
    CellConcepts,
    Concept,
    extract_concepts,
    new_concepts_per_cell,
    normalise_key,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CONFIG = default_config()


def md(source: str, config: dict[str, Any] | None = None) -> list[str]:
    cell = extract_concepts(source, "markdown", {}, None, config or CONFIG)
    return [c.name for c in cell.candidates]


def code_cell(source: str, metadata: dict[str, Any] | None = None) -> CellConcepts:
    return extract_concepts(source, "code", metadata or {}, ast.parse(source), CONFIG)


def new_names(*cells: CellConcepts) -> list[list[str]]:
    return [[c.name for c in new] for new in new_concepts_per_cell(cells)]


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ReLU", "relu"),
        ("Forward Pass", "forward pass"),
        ("forward_pass", "forward pass"),
        ("numpy.maximum", "numpy maximum"),
        ("ML-specific operations", "ml specific operation"),
        ("Gradients", "gradient"),
        ("GPUs", "gpu"),
        ("loss", "loss"),
        ("Classes", "class"),
        ("Batches", "batch"),
        ("entries", "entry"),
        ("bias", "bias"),
        ("biases", "bias"),
        ("axis", "axis"),
        ("status", "status"),
        ("ops", "ops"),  # three letters or fewer keep their "s"
        ("__add__", "add"),
        ("Neural networks", "neural network"),
        ("gradients descent", "gradients descent"),  # only the last word is singularised
        ("  --  ", ""),
    ],
)
def test_normalise_key(name: str, key: str) -> None:
    assert normalise_key(name) == key


# --- markdown -----------------------------------------------------------------------------


def test_markdown_bold_basic_cases() -> None:
    text = (
        "A **tensor** is an array. **Broadcasting:** stretches shapes.\n"
        "1. **2. Memory Layout**: contiguous\n"
        "__Type safety__ matters, and **ReLU**!\n"
    )
    assert md(text) == ["tensor", "Broadcasting", "Memory Layout", "Type safety", "ReLU"]
    cell = extract_concepts(text, "markdown", {}, None, CONFIG)
    assert [(c.kind, c.line) for c in cell.candidates][:2] == [("term", 1), ("term", 1)]
    assert cell.calls == () and cell.imports == ()


def test_markdown_rejections() -> None:
    assert md("**What is a tensor?** **Try it!** **Why?:**") == []
    assert md("**ab** **123** **--** **1.**") == []  # too short / no letter
    assert md("**one two three four five six** **one two three four five**") == [
        "one two three four five"
    ]


@pytest.mark.parametrize(
    "label",
    [
        "Definition",
        "Example",
        "Examples",
        "Why this matters",
        "How it works",
        "Learning",
        "Production",
        "Key Concepts",
        "Real-World Examples",
        "Next Steps",
        "Learning Side",
        "Export your code",
        "What you've accomplished",
        "Let's build",
        "Step 1",
        "Move to Module 2",
        "Input",
        "Output",
        "Advantages",
        "Performance",
        "TODO",
        "HINT",
        "APPROACH",
        "EXAMPLE",
        "STEP-BY-STEP IMPLEMENTATION",
    ],
)
def test_generic_labels_are_dropped(label: str) -> None:
    assert md(f"**{label}:** some text") == []


@pytest.mark.parametrize(
    "concept",
    [
        "Learning rate",
        "Output layer",
        "Attention",  # a marker word only when shouted
        "JAX",  # ALL-CAPS but not a marker
        "GPU",
        "Accuracy",
        "Key-value cache",
        "Deep learning",
    ],
)
def test_real_concepts_survive(concept: str) -> None:
    assert md(f"**{concept}**: text") == [concept]


def test_extra_generic_labels_from_config() -> None:
    config = {**CONFIG, "extra_generic_labels": ["Design principle", "Checklist"]}
    text = "**Design Principles** **Checklist** **Checklist item** **Tensor**"
    # A one-word extra label becomes a generic word: alone it is a label, with a topic it is not.
    assert md(text, config) == ["Checklist item", "Tensor"]
    assert md(text) == ["Design Principles", "Checklist", "Checklist item", "Tensor"]


def test_code_fences_and_inline_code() -> None:
    text = (
        "```python\nx = a**b**c  # **Inside fence**\n```\n"
        "~~~~\n**Tilde fence**\n~~~\n**still fenced**\n~~~~\n"
        "Use `a**2 + b**2` and **`np.maximum`** and **`__init__` method**.\n"
    )
    assert md(text) == ["np.maximum", "__init__ method"]


def test_underscore_bold_and_dunders_in_prose() -> None:
    text = "snake__case__name stays. (__add__, __init__) and __Softmax__"
    assert md(text) == ["__add__", "Softmax"]


# --- code ---------------------------------------------------------------------------------

CODE = """\
import numpy as np


class Tensor:
    def __init__(self, data):
        self.data = np.asarray(data)

    def __repr__(self):
        return "T"

    def __add__(self, other):
        return Tensor(np.add(self.data, other.data))

    def _helper(self):
        def closure():
            return 1
        return closure()

    class Grad:
        def backward(self):
            pass


def relu(x): return np.maximum(0, x)


def test_relu():
    assert relu(1) == 1


class TestTensor:
    def check(self):
        pass


class _Private:
    pass


if True:
    def guarded():
        pass
"""


def test_code_candidates() -> None:
    cell = code_cell(CODE)
    assert [(c.name, c.kind, c.line) for c in cell.candidates] == [
        ("Tensor", "class", 4),
        ("__add__", "function", 11),
        ("Grad", "class", 19),
        ("backward", "function", 20),
        ("relu", "function", 24),
        ("guarded", "function", 41),
    ]
    assert cell.calls == (
        ("np.asarray", 6),
        ("Tensor", 12),
        ("np.add", 12),
        ("closure", 17),
        ("np.maximum", 24),
        ("relu", 28),
    )
    assert cell.imports == (("np", "numpy"),)


def test_imports_forms() -> None:
    cell = code_cell(
        "import numpy\nimport os.path\nimport a.b as c\n"
        "from numpy import maximum as mx, minimum\nfrom .pkg import helper\nfrom x import *\n"
    )
    assert cell.imports == (
        ("numpy", "numpy"),
        ("os", "os"),
        ("c", "a.b"),
        ("mx", "numpy.maximum"),
        ("minimum", "numpy.minimum"),
        ("helper", ".pkg.helper"),
    )


def test_alias_tracking_across_cells() -> None:
    cells = [
        code_cell("import numpy as np\nfrom numpy.linalg import norm as n2"),
        extract_concepts("Some **prose**", "markdown", {}, None, CONFIG),
        code_cell("y = np.maximum(0, x)\nz = n2(y) + np.linalg.norm(y)\nprint(y)\nself.go()"),
        code_cell("from mylib.act import relu\nrelu(x)\nnp.maximum(1, 2)"),
    ]
    assert new_names(*cells) == [
        [],
        ["prose"],
        ["numpy.maximum", "numpy.linalg.norm"],  # n2 → numpy.linalg.norm, first on line 2
        ["mylib.act.relu"],
    ]


def test_alias_rebinding_applies_to_later_cells() -> None:
    cells = [code_cell("import numpy as np"), code_cell("import jax.numpy as np\nnp.sum(x)")]
    assert new_names(*cells) == [[], ["jax.numpy.sum"]]


def test_definition_before_call_on_same_line_and_merge_order() -> None:
    cell = code_cell("import numpy as np\ndef relu(x): return np.maximum(0, x)\nclass ReLU: pass")
    assert new_names(cell) == [["relu", "numpy.maximum"]]  # "ReLU" shares the key "relu"


def test_novelty_markdown_then_code() -> None:
    cells = [
        extract_concepts("A **Tensor** and a **tensor** and **Tensors**", "markdown", {}, None, {}),
        code_cell("class Tensor:\n    def forward_pass(self): pass"),
        extract_concepts("**Forward pass** again, **Backprop**", "markdown", {}, None, {}),
    ]
    assert new_names(*cells) == [["Tensor"], ["forward_pass"], ["Backprop"]]


# --- override and malformed input ---------------------------------------------------------


def test_override_replaces_all_candidates() -> None:
    meta = {"tinyscaffold": {"concepts": ["ReLU", 3, "  ", "numpy maximum"]}}
    cell = code_cell("import numpy as np\nclass X: pass\nnp.maximum(1, 2)", meta)
    assert cell.candidates == (
        Concept("ReLU", "relu", "override", None),
        Concept("numpy maximum", "numpy maximum", "override", None),
    )
    assert cell.calls == () and cell.imports == (("np", "numpy"),)
    assert new_names(cell, code_cell("np.maximum(0, 1)")) == [["ReLU", "numpy maximum"], []]


@pytest.mark.parametrize(
    ("concepts", "expected"),
    [
        ([], []),  # an explicit "nothing new here"
        ("Softmax", ["Softmax"]),  # a bare string is a one-item list
        ([1, None], ["X"]),  # nothing usable: the override is ignored
        ({"a": 1}, ["X"]),
        (None, ["X"]),
    ],
)
def test_override_shapes(concepts: Any, expected: list[str]) -> None:
    cell = code_cell("class X: pass", {"tinyscaffold": {"concepts": concepts}})
    assert [c.name for c in cell.candidates] == expected


@pytest.mark.parametrize("metadata", [None, [], "x", {"tinyscaffold": 5}, {"tinyscaffold": []}])
def test_weird_metadata_and_trees_never_raise(metadata: Any) -> None:
    for cell_type in ("code", "markdown", "raw", "weird"):
        cell = extract_concepts("**Tensor**\nclass A: pass", cell_type, metadata, None, {})
        assert cell.calls == ()
    empty = extract_concepts(None, "markdown", metadata, None, None)  # type: ignore[arg-type]
    assert empty == CellConcepts((), (), ())
    # Unparseable code arrives as tree=None.
    assert extract_concepts("x(", "code", metadata, None, CONFIG).candidates == ()
    bad_config = {"extra_generic_labels": "oops"}
    assert md("**Tensor**", bad_config) == ["Tensor"]


def test_raw_cells_and_pathological_lines() -> None:
    meta = {"tinyscaffold": {"concepts": ["X"]}}
    assert extract_concepts("**Tensor**", "raw", meta, None, CONFIG).candidates == ()
    start = time.perf_counter()
    assert md("**a " * 20000 + "__b " * 20000) == []
    assert time.perf_counter() - start < 2
    assert md("**_Bold italic_** and ***Both***") == ["Bold italic", "Both"]


def test_determinism() -> None:
    cells = [
        code_cell(CODE),
        extract_concepts("**b** **Alpha** **Beta**", "markdown", {}, None, {}),
    ]
    first = new_concepts_per_cell(cells)
    assert all(new_concepts_per_cell(cells) == first for _ in range(3))
    assert [c.name for c in first[1]] == ["Alpha", "Beta"]


def test_new_concepts_is_fast() -> None:
    cells = []
    for i in range(1000):
        src = f"import numpy as np\nclass C{i}:\n    def m{i}(self): np.f{i % 50}()\n"
        src += f"def g{i}(): pass\ndef h{i}(): pass\ndef k{i}(): print(x)\n"
        cells.append(code_cell(src))
    best = min(_timed(new_concepts_per_cell, cells) for _ in range(5))
    assert best < 0.01  # typically ~1 ms; the margin absorbs slow CI machines


def _timed(fn: Any, arg: Any) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


# --- property-based -----------------------------------------------------------------------

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab Zé_*`~?!:.1\n-#ÀİSs")), max_size=120)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


def _check_keys(cells: list[CellConcepts]) -> None:
    for cell in cells:
        for concept in cell.candidates:
            assert concept.key == normalise_key(concept.name) != ""
            assert normalise_key(concept.key) == concept.key
    for new in new_concepts_per_cell(cells):
        for concept in new:
            assert concept.key == normalise_key(concept.name) != ""


@settings(max_examples=300, deadline=None)
@given(text=MARKDOWNISH, concepts=JSON)
def test_markdown_never_raises_and_keys_normalised(text: str, concepts: Any) -> None:
    meta = {"tinyscaffold": {"concepts": concepts}}
    cells = [extract_concepts(text, "markdown", meta, None, CONFIG) for _ in range(2)]
    assert cells[0] == cells[1]
    _check_keys(cells)
    assert new_concepts_per_cell(cells) == new_concepts_per_cell(cells)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), max_size=6))
def test_code_never_raises_and_keys_normalised(names: list[str]) -> None:
    lines = [
        f"import m as {n}" if i % 3 == 0 else f"def {n}(): {n}.x.{n}()" for i, n in enumerate(names)
    ]
    source = "\n".join(lines)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # keywords such as "if" are valid regex matches
        tree = None
    cells = [extract_concepts(source, "code", {}, tree, CONFIG) for _ in range(2)]
    assert cells[0] == cells[1]
    _check_keys(cells)


@given(text=st.text(max_size=40))
def test_normalise_key_idempotent(text: str) -> None:
    key = normalise_key(text)
    assert normalise_key(key) == key
    assert key == key.strip() and "  " not in key


# --- corpus -------------------------------------------------------------------------------


@pytest.mark.skipif(not (CORPUS / "tensor_dev.ipynb").exists(), reason="shared corpus absent")
def test_tensor_corpus_first_appearances() -> None:
    notebook = json.loads((CORPUS / "tensor_dev.ipynb").read_text(encoding="utf-8"))
    cells = []
    for raw in notebook["cells"]:
        source = "".join(raw["source"])
        tree = ast.parse(source) if raw["cell_type"] == "code" else None
        cells.append(extract_concepts(source, raw["cell_type"], raw["metadata"], tree, CONFIG))
    new = [[c.name for c in cell] for cell in new_concepts_per_cell(cells)]
    # Cells 0, 3 and 6 are framing: Build/Use/Understand, "Why this matters", design labels.
    assert new[0] == new[3] == new[6] == []
    assert new[4][:4] == ["tensor", "Scalar", "Vector", "Matrix"]
    assert "Type safety" in new[4] and "GPU acceleration" in new[4]
    assert new[5][:2] == ["Forward Pass", "Convolutions"] and "Broadcasting" in new[5]
    # The Tensor class was already introduced in markdown; its numpy calls are new.
    assert new[7][:2] == ["numpy.issubdtype", "numpy.array"]
    assert "Tensor" not in new[7] and "add" in new[7] and "__add__" not in new[7]
    assert new[8] == [
        "Activation functions",
        "Loss computation",
        "Gradient computation",
        "Addition",
        "Multiplication",
        "Python operators",
    ]
    assert new[11] == []  # "__add__, __mul__" in prose were defined in cell 7
    assert new[13] == ["numpy.array_equal"]
    assert "Operator overloading" in new[16] and "Export your code" not in new[16]
    assert "Tensors" not in new[16]
