"""core/source.py (magics, safe parse, SLOC) and core/roles.py (SPEC 2)."""

from __future__ import annotations

import pytest

from tinyscaffold_server.core.roles import code_role, is_ignored, markdown_role
from tinyscaffold_server.core.source import neutralise_magics, parse_code


def test_magics_are_neutralised_keeping_lines() -> None:
    source = (
        "%matplotlib inline\nfiles = !ls\n!pip install numpy\nnp.zeros?\n"
        "for i in x:\n    %time f(i)\ny = (a\n     % b)\nz = (a\n     != b)"
    )
    code = neutralise_magics(source)
    assert code.split("\n") == [
        "pass",
        "files = None",
        "pass",
        "pass",
        "for i in x:",
        "    pass",
        "y = (a",
        "     % b)",
        "z = (a",
        "     != b)",
    ]
    parsed = parse_code(source)
    assert parsed.tree is not None and parsed.note is None
    assert parsed.sloc == 10


def test_cell_magics() -> None:
    assert neutralise_magics("%%timeit\nx = sum(range(9))\n") == "pass\nx = sum(range(9))\n"
    assert neutralise_magics("%%bash\nls -la\necho $HOME") == "pass\n\n"
    assert parse_code("%%html\n<b>hi</b>").sloc == 1
    plain = "x = 1\n"
    assert neutralise_magics(plain) is plain  # the fast path never rewrites


@pytest.mark.parametrize(
    ("source", "note"),
    [
        ("def f(:\n    pass", "unparseable: line 1: invalid syntax"),
        ("x = 1\n\nif x\n    y = 2", "unparseable: line 3: expected ':'"),
        ("x = '\0'", "unparseable: source code string cannot contain null bytes"),
        ("(" * 100000, "unparseable: line 1: too many nested parentheses"),
        ("-" * 100000 + "1", "unparseable: nested too deeply to parse"),
    ],
)
def test_unparseable_gets_a_note(source: str, note: str) -> None:
    parsed = parse_code(source)
    assert parsed.tree is None
    assert parsed.note == note


def test_sloc_excludes_comments_directives_docstrings() -> None:
    source = '''#| export
"""Module docstring
spanning lines."""

class A:
    """Class doc."""

    def f(self):
        """Method doc.

        More.
        """
        # a comment
        x = """not a docstring
still code"""
        return x  # trailing comment counts as code
'''
    parsed = parse_code(source)
    # code lines: class A (5), def f (8), x = """ (14), still code (15), return (16)
    assert sorted(parsed.sloc_lines) == [5, 8, 14, 15, 16]
    assert parsed.sloc == 5


def test_fallback_sloc_for_unparseable() -> None:
    source = 'def f(:\n    """Doc\n    more"""\n    # c\n    return 1\n\n'
    parsed = parse_code(source)
    assert parsed.tree is None
    assert parsed.sloc == 2  # def line and return; docstring and comment skipped


@pytest.mark.parametrize(
    ("source", "metadata", "role"),
    [
        ("x = 1", {"nbgrader": {"solution": True, "grade": True}}, "solution"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", {}, "solution"),
        ("x = 1", {"nbgrader": {"grade": True, "solution": False}}, "test"),
        ("#| export\nassert f(1) == 2", {}, "test"),
        ("def test_f():\n    pass", {}, "test"),
        ('def f():\n    """\n    assert f() is None\n    """', {}, "demo"),
        ("#| hide\n#| export\nx = 1", {}, "hidden"),
        ("#| export\nx = 1", {}, "library"),
        ("#| exporti\nx = 1", {}, "library"),
        ("# export\nx = 1", {}, "demo"),
        ("print(1)", {"nbgrader": {"grade": False, "solution": False}}, "demo"),
    ],
)
def test_code_roles(source: str, metadata: dict, role: str) -> None:
    assert code_role(parse_code(source), metadata).role == role


@pytest.mark.parametrize(
    ("source", "role"),
    [
        ("### 🧪 Unit Test: ReLU", "test_intro"),
        ("## Testing your layer\nRun it.", "test_intro"),
        ("Unit tests\n----------\n", "test_intro"),
        ("## Step 2\nLet's test it!", "explanation"),
        ("## The latest contest", "explanation"),
        ("```\n# test\n```\n## Body", "explanation"),
        ("#hashtag test", "explanation"),
    ],
)
def test_markdown_roles(source: str, role: str) -> None:
    assert markdown_role(source) == role


def test_ignore_markers() -> None:
    assert is_ignored({"tags": ["a", "tinyscaffold-ignore"]})
    assert is_ignored({"tinyscaffold": {"ignore": True}})
    assert not is_ignored({"tinyscaffold": {"ignore": "yes"}, "tags": "tinyscaffold-ignore"})
    assert not is_ignored({})
