"""Exercise conventions beyond nbgrader (core/exercises.py, METRICS.md §2): each one makes a
code cell a solution with a complexity, and the look-alikes (an author's note, a TODO in a
string, an abstract method, numpy's ``...``) leave it a demo."""

from __future__ import annotations

from typing import Any

import pytest

from tinyscaffold_server.core.analyzer import analyze
from tinyscaffold_server.core.roles import code_role
from tinyscaffold_server.core.source import parse_code


def _cell(source: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    notebook = {"cells": [{"cell_type": "code", "source": source, "metadata": metadata or {}}]}
    cell: dict[str, Any] = analyze(notebook)["cells"][0]
    return cell


EXERCISES = [
    pytest.param(
        "def softmax(items_in):\n\n  # TODO Compute the elements of items_out\n"
        "  # Replace this line\n  items_out = items_in.copy()\n\n  return items_out",
        "“# TODO” on line 3",
        id="todo-comment-then-code-to-replace",
    ),
    pytest.param(
        "for x in inputs:\n  # TODO -- compute the query, key and value.\n  query = x\n",
        "“# TODO” on line 2",
        id="todo-dash-comment-in-a-loop",
    ),
    pytest.param(
        "'''TODO: Use the evaluate method to score the model!'''\n"
        "loss, accuracy = # TODO\n\nprint('Accuracy:', accuracy)",
        "“loss, accuracy = …” on line 2",
        id="empty-assignment-stub",
    ),
    pytest.param(
        "model.compile(optimizer='sgd')\n'''TODO: try another optimizer and learning rate.'''",
        "“TODO” on line 2",
        id="todo-string-statement",
    ),
    pytest.param("scale = None  # TODO", "“# TODO” on line 1", id="none-placeholder"),
    pytest.param(
        "for i in range(3):\n    x[i] = 0  # TODO: fill x[i] with the i-th square",
        "“# TODO” on line 2",
        id="todo-naming-an-index",
    ),
    pytest.param(
        "# TO DO -- change the parameters by hand to fit the model\nphi0 = 1.6",
        "“# TO DO” on line 1",
        id="to-do-in-two-words",
    ),
    pytest.param(
        "# SOLUTION\nfor f in files:\n    os.remove(f)",
        "“# SOLUTION” on line 1",
        id="solution-head",
    ),
    pytest.param(
        "def area(r):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        "“YOUR CODE HERE” on line 2",
        id="nbgrader-release-stub",
    ),
    pytest.param(
        "### START CODE HERE ### (about 1 line)\nW1 = None\n### END CODE HERE ###",
        "“START CODE HERE” on line 1",
        id="start-code-here",
    ),
    pytest.param(
        "def sigmoid(z):\n    '''The logistic function.'''\n    raise NotImplementedError",
        "“raise NotImplementedError” on line 3",
        id="raise-not-implemented",
    ),
    pytest.param("def square(x):\n    ...", "“...” on line 2", id="ellipsis-body"),
    pytest.param("nine = ...\nprint(nine)", "“...” on line 1", id="ellipsis-value"),
    pytest.param(
        "def square(x):\n    y = x * x # SOLUTION NO PROMPT\n    return y # SOLUTION",
        "“# SOLUTION” on line 2",
        id="otter-solution-lines",
    ),
    pytest.param(
        'def circumference(r):\n    """ # BEGIN PROMPT\n    pass\n    """ # END PROMPT\n',
        '“""" # BEGIN PROMPT” on line 2',
        id="otter-prompt",
    ),
    pytest.param("total = np.dot(___, ___)", "“___” on line 1", id="blank"),
    pytest.param(
        "layer = Dense(10, activation='''TODO''')", "“'''TODO'''” on line 1", id="todo-argument"
    ),
    pytest.param(
        "def relu(x):\n    # TODO: return x where it is positive, else 0\n",
        "“def relu(x): …” on line 1",
        id="body-left-as-a-comment",
    ),
    pytest.param(
        'def add_one(x):\n    """Add one.\n\n    TODO: implement it with np.add\n    """\n'
        "    return x",
        "“TODO” on line 4",
        id="todo-in-a-docstring",
    ),
    pytest.param(
        "model = Sequential([\n    Dense(32),\n    '''TODO: define the output dimension\n"
        "    Hint: the agent's actions'''\n    Dense(units=n_actions)\n])",
        "“'''TODO'''” on line 3",
        id="todo-string-between-list-items",
    ),
]


@pytest.mark.parametrize(("source", "why"), EXERCISES)
def test_each_convention_makes_a_solution_with_a_complexity(source: str, why: str) -> None:
    cell = _cell(source)
    assert cell["role"] == "solution"
    assert cell["role_why"] == f"an exercise: {why}"
    assert cell["complexity"] is not None and cell["note"] is None


NOT_EXERCISES = [
    pytest.param("x = compute()  # TODO(alice): vectorise", "author", id="todo-with-a-name"),
    pytest.param(
        "# TODO: refactor this into utils once the API settles\nplot(x)",
        "author",
        id="todo-about-refactoring",
    ),
    pytest.param("# TODO: I should cache this\nload()", "author", id="todo-in-first-person"),
    pytest.param('print("TODO: implement")', None, id="todo-in-a-printed-string"),
    pytest.param('tasks = ["TODO", "DONE"]', None, id="todo-as-data"),
    pytest.param("# See the TODO list in the README\nrun()", None, id="todo-inside-a-sentence"),
    pytest.param("column = a[..., 0]\nf: Callable[..., int] = g", None, id="numpy-ellipsis"),
    pytest.param(
        "class Base(ABC):\n    @abstractmethod\n    def forward(self, x):\n"
        "        raise NotImplementedError",
        None,
        id="abstract-method",
    ),
    pytest.param(
        "class Layer:\n    def forward(self, x):\n"
        "        raise NotImplementedError('Subclasses must implement forward')",
        None,
        id="base-class-message",
    ),
    pytest.param(
        "def op(mode):\n    if mode == 'add':\n        return 1\n    else:\n"
        "        raise NotImplementedError(mode)",
        None,
        id="unsupported-case",
    ),
    pytest.param(
        "def op(name):\n    raise NotImplementedError(f'{name} is not available')",
        None,
        id="formatted-error",
    ),
    pytest.param("class P(Protocol):\n    def size(self) -> int: ...", None, id="protocol"),
    pytest.param("class MyError(Exception): ...", None, id="empty-class"),
    pytest.param("def f(x=...):\n    return x", None, id="ellipsis-default"),
    pytest.param("# Here we compute the mean\nm = x.mean()", None, id="the-word-here"),
    pytest.param("print('Loading...')", None, id="dots-in-a-string"),
    pytest.param("# HOW TO DO IT: see the docs\nrun()", None, id="to-do-in-a-sentence"),
    pytest.param("x = 1\n# SOLUTION\ny = 2", None, id="solution-comment-not-first"),
]


@pytest.mark.parametrize(("source", "note"), NOT_EXERCISES)
def test_look_alikes_stay_demo(source: str, note: str | None) -> None:
    cell = _cell(source)
    assert cell["role"] == "demo"
    if note is None:
        assert "role_why" not in cell
    else:
        assert cell["role_why"].startswith("not an exercise: “TODO” on line 1 is the author")


def test_an_exercise_that_checks_itself_is_a_solution_but_nbgrader_metadata_wins() -> None:
    checked = "'''TODO: define a 2-d tensor'''\nmatrix = # TODO\n\nassert matrix.ndim == 2"
    assert _cell(checked)["role"] == "solution"
    assert _cell(checked, {"nbgrader": {"grade": True}})["role"] == "test"
    assert _cell("# TODO(ana): more cases\nassert f(1) == 2")["role"] == "test"


def test_why_for_nbgrader_solutions() -> None:
    assert _cell("x = 1", {"nbgrader": {"solution": True}})["role_why"] == (
        "nbgrader metadata solution: true"
    )
    assert _cell("y = 0\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")["role_why"] == (
        "“BEGIN SOLUTION” on line 2"
    )
    assert "role_why" not in _cell("assert True")


def test_a_repaired_stub_keeps_its_lines_and_sloc() -> None:
    parsed = parse_code("loss, acc = # TODO\n\nif acc:\n    # TODO\nprint(acc)")
    assert parsed.tree is not None
    assert parsed.code.split("\n") == [
        "loss, acc = ...  # TODO",
        "",
        "if acc: pass",
        "    # TODO",
        "print(acc)",
    ]
    assert parsed.stub_lines == (1, 3)
    assert parsed.sloc == 3
    assert code_role(parsed, {}).role == "solution"


@pytest.mark.parametrize(
    "source",
    [
        "x == \n",
        "y = f(\n",
        "def f(:\n    pass",
        "a = 1 +\n# TODO",
        "x = [\n  '''TODO: a''' f(),\n  g(),\n  '''TODO: b'''\n  h()]",
    ],
)
def test_code_that_is_no_stub_stays_unparseable(source: str) -> None:
    parsed = parse_code(source)
    assert parsed.tree is None and parsed.note is not None and parsed.stub_lines == ()


def test_a_comparison_is_not_an_empty_assignment() -> None:
    # Valid code is never rewritten, even where a line ends in "=" inside brackets.
    source = "f(a=  # the value\n  1)"
    assert parse_code(source).code == source
