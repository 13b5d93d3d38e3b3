"""New concepts per cell (issue 8): what an experienced course author would count."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinyscaffold_server.core.concepts.candidates import (
    CellConcepts,
    extract_concepts,
    normalise_key,
)
from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell
from tinyscaffold_server.core.concepts.types import DEFINED, MENTIONED, SECTION
from tinyscaffold_server.core.config import default_config
from tinyscaffold_server.core.source import parse_code

CONFIG = default_config()
SOLUTION = {"nbgrader": {"solution": True, "grade": False}}


def md_cell(source: str, config: dict[str, Any] | None = None) -> CellConcepts:
    return extract_concepts(source, "markdown", {}, None, config or CONFIG)


def md(source: str) -> list[str]:
    """The terms a markdown cell marks (plain phrases, decided per notebook, left out)."""
    return [c.name for c in md_cell(source).candidates if c.kind != "phrase"]


def code_cell(
    source: str, role: str = "solution", config: dict[str, Any] | None = None
) -> CellConcepts:
    parsed = parse_code(source)
    spans = []
    lines = source.split("\n")
    begin = [i for i, line in enumerate(lines, 1) if "### BEGIN SOLUTION" in line]
    end = [i for i, line in enumerate(lines, 1) if "### END SOLUTION" in line]
    spans = list(zip(begin, end, strict=True))
    return extract_concepts(
        source, "code", {}, parsed.facts, config or CONFIG, role, spans, parsed.sloc_lines
    )


def new_names(*cells: CellConcepts) -> list[list[str]]:
    return [[c.name for c in new] for new in new_concepts_per_cell(cells)]


# --- keys: one concept, one key ------------------------------------------------------------


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["ReLU", "relu", "RELU"], "relu"),
        (["Tensors", "tensor", "Tensor"], "tensor"),
        (["matrices", "Matrix"], "matrix"),
        (["Cross-Entropy Loss", "cross entropy losses", "CrossEntropyLoss"], "cross entropy loss"),
        (["LinearLayer", "linear_layer", "Linear layers"], "linear layer"),
        (["Batches", "batch"], "batch"),
        (["Tensor.__add__"], "tensor __add__"),
        (["numpy.maximum"], "numpy maximum"),
    ],
)
def test_spelling_variants_share_one_key(variants: list[str], key: str) -> None:
    assert {normalise_key(v) for v in variants} == {key}


def test_a_hyphenated_term_meets_its_joined_spelling() -> None:
    cells = [
        md_cell("The **element-wise** product, element-wise"),
        md_cell("**Elementwise** again"),
    ]
    assert new_names(*cells) == [["element-wise"], []]


def test_a_dunder_method_keeps_its_own_key() -> None:
    assert normalise_key("Tensor.__add__") != normalise_key("Tensor.add")


# --- markdown: terms the text marks as introduced --------------------------------------------


def test_emphasis_headings_and_definitions_are_candidates() -> None:
    cell = md_cell(
        "## What is a Tensor?\n\n"
        "A **tensor** holds numbers. It stretches shapes by *broadcasting*.\n"
        "This trick is called strided indexing, and the Rectified Linear Unit (ReLU) clips.\n"
    )
    marked = [c for c in cell.candidates if c.kind != "phrase"]
    assert [(c.name, c.kind, c.level) for c in marked] == [
        ("Tensor", "heading", SECTION),  # "A **tensor**" below is the same concept
        ("broadcasting", "term", MENTIONED),
        ("Rectified Linear Unit", "definition", DEFINED),
        ("strided indexing", "definition", DEFINED),
    ]
    assert marked[2].aliases == ("ReLU",)
    # "holds" is the sentence's verb, not part of a phrase "tensor holds numbers"
    assert "numbers" not in {c.name for c in cell.candidates}


def test_a_heading_introduces_its_subject_when_its_section_takes_it_up() -> None:
    alone = md_cell("## Matrix Multiplication\n\nWe now combine rows and columns.")
    discussed = md_cell("## Matrix Multiplication\n\nMatrix multiplication combines rows.")
    implemented_below = code_cell("def matrix_multiplication(a, b):\n    return a @ b\n")
    assert new_names(alone) == [[]]
    assert new_names(discussed) == [["Matrix Multiplication"]]
    assert new_names(alone, implemented_below) == [["Matrix Multiplication"], []]
    assert md("## Step 3: Softmax - Scores to Probabilities\n\nSoftmax normalises.") == ["Softmax"]
    # the subject is before "for"; what it is for, rare, is a concept of its own (d62f803)
    assert md("### Focal Loss for Imbalanced Data\n\nFocal loss down-weights easy cases.") == [
        "Focal Loss",
        "Imbalanced Data",
    ]


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("## 1. Introduction: What are Optimizers?", "Optimizers"),
        ("### Understanding Momentum: The Physics of Optimization", "Momentum"),
        ("## Understanding Loss Functions in Neural Networks", "Loss Functions"),
        ("## 4. Integration: Building Graphs", None),  # a kind of section, not a concept
        ("**Gradient Flow Visualization:**", None),
    ],
)
def test_heading_subjects(heading: str, subject: str | None) -> None:
    cell = md_cell(f"# Title\n\n{heading}\n\n{subject or 'Text'} is used here.")
    assert [c.name for c in cell.candidates if c.kind != "title"] == ([subject] if subject else [])


def test_a_bold_line_is_not_cut_inside_its_parenthesis() -> None:
    cell = md_cell("**AdamW (Adam with Weight Decay)**\n- adapts steps")
    assert [(c.name, c.aliases) for c in cell.candidates] == [("AdamW", ())]  # a gloss


def test_the_notebook_title_introduces_nothing_a_later_h1_does() -> None:
    title = md_cell("# Layers - Building Blocks for Regression\n\nLayers are network blocks.")
    section = md_cell("# Mean Squared Error - For Regression\n\nMSE is the average square.")
    # a later H1's subtitle names what its subject is for (issue 19, third pass)
    assert new_names(title, section) == [[], ["Mean Squared Error", "Regression"]]


def test_an_overview_list_yields_to_the_section_that_explains_the_concept() -> None:
    overview = md_cell("## Activations\n1. **Sigmoid**: maps to (0, 1)\n2. **ReLU**: clips")
    sigmoid = md_cell("## Sigmoid - The Gatekeeper\n\nSigmoid squashes any input.")
    assert new_names(overview, sigmoid) == [[], ["Sigmoid"]]  # ReLU is never used again


@pytest.mark.parametrize(
    "text",
    [
        "**Data is the fuel**",  # a sentence
        "**You will build this**",  # addresses the reader
        "**1960s**",  # an era
        "**2012**",
        "**3D**",
        "**Slow**",  # a lone adjective
        "**Understand**",  # a verb
        "**Production**",  # an everyday word, merely emphasised
        "**Image**",
        "**Higher dimensions**",  # led by a comparative
        "**PyTorch, TensorFlow, JAX**",  # a list of products
        "**PyTorch**",
        "**Step 1**",  # course structure
        "**Learning Goals**",
        "**Why this matters:**",
        "**Key Insight**",
        "**TODO**",
        "**What is a tensor?**",
    ],
)
def test_what_is_not_a_concept_is_dropped(text: str) -> None:
    assert md(text) == []


@pytest.mark.parametrize(
    "term", ["Broadcasting", "ReLU", "Softmax", "Forward pass", "Operator overloading", "GELU"]
)
def test_real_concepts_survive(term: str) -> None:
    assert md(f"Next, **{term}** matters.") == [term]


def test_extra_generic_labels_from_config_are_never_concepts() -> None:
    config = {**CONFIG, "extra_generic_labels": ["Pro Tip", "checkpoints"]}
    cell = md_cell("**Pro tip**: save often. **Checkpoint**: a saved state. **Softmax**.", config)
    assert [c.name for c in cell.candidates] == ["Softmax"]


def test_an_everyday_word_counts_when_the_text_defines_it() -> None:
    assert md("**Attention**: weights every input by its relevance.") == ["Attention"]
    assert md("Focus on **attention** today.") == []


@pytest.mark.parametrize(
    "heading",
    [
        "## Why Tensors Matter",
        "### Real-World Examples",
        "### Connection to Real ML Systems",
        "## Learning Goals",
        "### Operations We'll Implement",
        "## 🎯 Module Summary",
        "### Key Concepts You've Learned",
        "### Next Steps",
    ],
)
def test_sections_that_mention_without_teaching_introduce_nothing(heading: str) -> None:
    text = f"{heading}\n- **Convolution**: a sliding filter\n- **Dropout** regularises\n"
    assert md(text) == []
    # ... down to the next heading of the same or a higher level
    assert md(text + "## Pooling\n\n**Max pooling** keeps the largest value.") == ["Max pooling"]


def test_a_bold_line_heads_the_list_below_it() -> None:
    text = "**Why this matters:**\n- **Convolution**: filters\n\n## Dense\nA **Dense layer**: all"
    assert md(text) == ["Dense layer"]


def test_parenthetical_alias_or_gloss() -> None:
    cell = md_cell(
        "**ReLU (Rectified Linear Unit)**, **Scalars (Rank 0)** and **Broadcasting (auto shapes)**"
    )
    assert [(c.name, c.aliases) for c in cell.candidates if c.kind != "phrase"] == [
        ("ReLU", ("Rectified Linear Unit",)),
        ("Scalars", ()),
        ("Broadcasting", ()),
    ]


def test_code_fences_inline_code_and_dunders_are_not_terms() -> None:
    text = "```\n**Fenced**\n```\nCall `**kwargs` or __add__ and __mul__ on **Tensors**."
    assert md(text) == ["Tensors"]
    assert md_cell("Use `np.maximum` here").mentions == frozenset({"np.maximum"})


# --- code: what the student implements -----------------------------------------------------

TENSOR = '''class Tensor:
    def __init__(self, data):
        """Store the data."""
        ### BEGIN SOLUTION
        self._data = data
        ### END SOLUTION

    def __call__(self, x):
        return self.forward(x)

    def add(self, other):
        ### BEGIN SOLUTION
        def grad_fn(g):
            return g
        out = Tensor(self._data + other._data)
        out.grad_fn = grad_fn
        return out
        ### END SOLUTION

    def _helper(self):
        ### BEGIN SOLUTION
        return 1
        ### END SOLUTION
'''


def test_a_solution_introduces_the_units_the_student_implements() -> None:
    cell = code_cell(TENSOR)
    assert [(c.name, c.kind) for c in cell.units] == [
        ("Tensor", "class"),
        ("Tensor.__init__", "method"),
        ("Tensor.add", "method"),
        ("grad_fn", "closure"),
    ]


def test_without_solution_markers_every_unit_but_a_delegation_counts() -> None:
    source = (
        "def relu(x):\n    return max(0, x)\n\nclass Activation:\n"
        "    def __init__(self):\n        self.f = relu\n"
        "    def __call__(self, x):\n        return relu(x)\n"
    )
    assert [c.name for c in code_cell(source).units] == ["relu", "Activation"]


def test_a_wrapper_around_the_function_the_student_writes_is_not_taught() -> None:
    source = (
        "def install_backward():\n"
        "    def backward(self):\n"
        "        ### BEGIN SOLUTION\n"
        "        return self.grad\n"
        "        # done\n"
        "        ### END SOLUTION\n"
        "    Tensor.backward = backward\n"
    )
    assert [(c.name, c.kind) for c in code_cell(source).units] == [("backward", "closure")]


def test_test_and_setup_cells_introduce_nothing() -> None:
    test = code_cell("def test_relu():\n    assert relu(1) == 1\n", role="test")
    setup = code_cell("import numpy as np\nprint(np.__version__)\n", role="demo")
    solution = code_cell("def relu(x):\n    return x\n")
    assert new_names(setup, test, solution) == [[], [], ["relu"]]


def test_a_notebook_without_solutions_teaches_its_code() -> None:
    demo = code_cell("def relu(x):\n    return x\n", role="demo")
    assert new_names(demo) == [["relu"]]


def taught_calls(*cells: CellConcepts) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.name, c.aliases) for new in new_concepts_per_cell(cells) for c in new]


def test_library_calls_count_only_where_the_lesson_names_them() -> None:
    imports = code_cell("import numpy as np\n", role="demo")
    told = md_cell("The function below is `np.maximum(0, x)`.")
    solution = code_cell("def relu(x):\n    return np.maximum(0, x) + np.abs(x)\n")
    # The call is how relu is written: one idea, the call shown as its spelling.
    assert taught_calls(imports, told, solution) == [("relu", ("np.maximum",))]
    assert taught_calls(imports, solution) == [("relu", ())]
    hinted = code_cell(
        'def relu(x):\n    """HINTS:\n    - np.maximum does it"""\n    return np.maximum(0, x)\n'
    )
    assert taught_calls(imports, hinted) == [("relu", ())]  # a hint is a tip, not the lesson
    taught = code_cell(
        'def relu(x):\n    """TODO: use np.maximum"""\n    return np.maximum(0, x)\n'
    )
    # a TODO that names the function to use teaches it (issue 19): its own concept
    assert taught_calls(imports, taught) == [
        ("relu", ("np.maximum",)),
        ("numpy.maximum", ("np.maximum",)),
    ]
    top_level = code_cell("x = np.maximum(0, -1)\n")
    assert taught_calls(imports, told, top_level) == [("numpy.maximum", ("np.maximum",))]


def test_the_package_import_wins_over_the_development_fallback() -> None:
    source = (
        "try:\n    from tinytorch.core.tensor import Tensor\n"
        "except ImportError:\n    from tensor_dev import Tensor\n"
    )
    assert code_cell(source, role="demo").imports == (("Tensor", "tinytorch.core.tensor.Tensor"),)


def test_docstring_prose_introduces_defined_terms() -> None:
    source = (
        'def init(shape):\n    """TODO: use Xavier initialization (scaled random values).\n'
        "    This scheme is called Glorot uniform.\n"
        '    """\n    return shape\n'
    )
    later = md_cell("Glorot uniform keeps the variance.")
    # the TODO's own words name what the student works with: "Xavier initialization"
    assert new_names(code_cell(source), later) == [
        ["init", "Xavier initialization", "Glorot uniform"],
        [],
    ]


# --- novelty across cells ------------------------------------------------------------------


def test_first_appearance_under_any_spelling_with_variants_as_aliases() -> None:
    cells = [
        md_cell("The **Rectified Linear Unit (ReLU)**: clips negatives. We use **ReLU** again"),
        md_cell("More on **ReLU**, also called **relu** or **ReLUs**."),
        code_cell("class ReLU:\n    pass\n"),
    ]
    new = new_concepts_per_cell(cells)
    assert [[c.name for c in cell] for cell in new] == [["Rectified Linear Unit"], [], []]
    assert new[0][0].aliases == ("ReLU", "ReLUs")


def test_a_mention_yields_to_the_cell_that_implements_it() -> None:
    cells = [md_cell("We will meet **GELU** soon."), code_cell("class GELU:\n    pass\n")]
    assert new_names(*cells) == [[], ["GELU"]]


def test_a_term_never_used_again_was_mentioned_in_passing() -> None:
    cells = [
        md_cell("### Performance\n- **Vectorization**: SIMD\n- **Broadcasting**: shapes"),
        code_cell("def add(a, b):\n    # broadcasting happens here\n    return a + b\n"),
    ]
    assert new_names(*cells) == [["Broadcasting"], ["add"]]


def test_known_concepts_from_earlier_modules_are_not_new() -> None:
    cells = [md_cell("A **tensor** and **broadcasting**: rules"), md_cell("tensor broadcasting")]
    new = new_concepts_per_cell(cells, known={"tensor"})
    assert [c.name for c in new[0]] == ["broadcasting"]


def test_author_override_replaces_the_candidates() -> None:
    meta = {"tinyscaffold": {"concepts": ["Softmax", " ", 3]}}
    cell = extract_concepts("**Tensor** and **ReLU**", "markdown", meta, None, CONFIG)
    assert [(c.name, c.kind) for c in cell.candidates] == [("Softmax", "override")]
    empty = extract_concepts(
        "**Tensor**", "markdown", {"tinyscaffold": {"concepts": []}}, None, CONFIG
    )
    assert empty.candidates == ()


@pytest.mark.parametrize("metadata", [None, {"tinyscaffold": 3}, {"tinyscaffold": {"concepts": 3}}])
def test_odd_metadata_never_raises(metadata: Any) -> None:
    cell = extract_concepts("**Tensor** is used; tensor again", "markdown", metadata, None, CONFIG)
    assert [c.name for c in cell.candidates] == ["Tensor"]


def test_pathological_lines_stay_fast() -> None:
    start = time.perf_counter()
    assert md("**a " * 20000 + "__b " * 20000) == []
    assert time.perf_counter() - start < 2


# --- properties ----------------------------------------------------------------------------

PROSE = st.text(alphabet=st.sampled_from(list("ab Zé_*`~?!:.1\n-#()ÀSs")), max_size=160)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(PROSE, min_size=1, max_size=4))
def test_markdown_never_raises_is_deterministic_and_new_means_first(texts: list[str]) -> None:
    cells = [md_cell(text) for text in texts]
    assert cells == [md_cell(text) for text in texts]
    seen: set[str] = set()
    for new in new_concepts_per_cell(cells):
        for concept in new:
            assert concept.key == normalise_key(concept.name) != ""
            assert concept.key not in seen
            seen.update((concept.key, *concept.forms))


@given(text=st.text(max_size=40))
def test_normalise_key_idempotent(text: str) -> None:
    key = normalise_key(text)
    assert normalise_key(key) == key
    assert key == key.strip() and "  " not in key


def test_teaching_text_leaves_out_motivation_but_not_code_comments() -> None:
    from tinyscaffold_server.core.concepts.prose import teaching_text

    source = (
        "## Why it matters\nLater: attention.\n## Code\n```python\n# why this matters\n"
        "softmax(x)\n```\nSoftmax again."
    )
    kept = teaching_text(source)
    assert "attention" not in kept
    assert "softmax(x)" in kept and "Softmax again." in kept  # a comment in code is no heading
