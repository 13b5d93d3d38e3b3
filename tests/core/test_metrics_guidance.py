"""core/metrics.py (SPEC 3) and core/guidance.py (markers, APPROACH steps, blocks)."""

from __future__ import annotations

from tinyscaffold_server.core.config import default_config
from tinyscaffold_server.core.guidance import find_blocks, find_guidance
from tinyscaffold_server.core.metrics import (
    band_points,
    code_score,
    markdown_measure,
    markdown_terms,
    total,
)
from tinyscaffold_server.core.source import parse_code

CONFIG = default_config()


def test_band_points_edges() -> None:
    assert [band_points(v, [10, 30, 60]) for v in (0, 10, 11, 30, 31, 60, 61)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert [band_points(v, [5, 10]) for v in (1, 5, 6, 10, 11)] == [0, 0, 1, 1, 2]
    assert [band_points(v, [0, 4]) for v in (0, 1, 4, 5)] == [0, 1, 1, 2]


def _branches(name: str, n: int, indent: str = "    ") -> str:
    lines = [f"def {name}(x):"]
    for i in range(n):
        lines.append(f"{indent}if x == {i}:\n{indent}{indent}return {i}")
    lines.append(f"{indent}return -1")
    return "\n".join(lines)


def test_code_score_max_cc_over_methods_and_closures() -> None:
    source = (
        "class Net:\n"
        "    def small(self):\n"
        "        return 1\n"
        "\n"
        "    def big(self, x):\n"
        "        def inner(y):\n"
        + "\n".join(f"            if y == {i}:\n                return {i}" for i in range(7))
        + "\n            return 0\n"
        "        assert x\n"
        "        return inner(x)\n"
    )
    cc, terms, note = code_score(parse_code(source), CONFIG)
    assert note is None
    assert cc == {"value": 8, "rank": "B", "where": "Net.big.inner", "lines": [6, 21]}
    complexity, why = total(terms)
    # SLOC: class, def small, return, def big, def inner (5) + 7x(if, return) (14)
    # + return 0, assert, return inner (3) = 22
    assert why == ["base 1", "SLOC 22 → +1", "CC 8 (B) in Net.big.inner → +1"]
    assert complexity == 3


def test_code_score_module_level_and_cap() -> None:
    source = "\n".join(f"if x == {i}:\n    y = {i}" for i in range(12)) + "\n" + "z = 1\n" * 40
    cc, terms, _ = code_score(parse_code(source), CONFIG)
    assert cc == {"value": 13, "rank": "C", "where": "<module>"}
    complexity, why = total(terms)
    assert why == ["base 1", "SLOC 64 → +3", "CC 13 (C) → +2", "6 capped at 5"]
    assert complexity == 5


def test_code_score_ties_go_to_first_function_and_asserts_do_not_count() -> None:
    source = _branches("first", 5) + "\n" + _branches("second", 5) + "\nassert a or b"
    cc, _, _ = code_score(parse_code(source), CONFIG)
    assert cc is not None and cc["value"] == 6 and cc["where"] == "first"
    assert cc["lines"] == [1, 12]


def test_code_score_unparseable() -> None:
    assert code_score(parse_code("def f(:"), CONFIG) == (
        None,
        [],
        "unparseable: line 1: invalid syntax",
    )


def test_markdown_words_and_math() -> None:
    source = (
        "# Title here\n"  # 2 words
        "Use `np.maximum(x, 0)` to clip.\n"  # inline code removed: Use, to, clip. = 3
        "```python\n"
        "x = y ^ 2  # fenced: no words, no math\n"
        "```\n"
        "Inline $a+b$ math.\n"  # 3 words, math
        "The loss ≥ 0 always\n"  # 5 words (≥ is not a word), math
        "$$\n"
        "\\sum_i w_i\n"
        "$$\n"
        "- plain bullet\n"  # 2 words
    )
    words, math = markdown_measure(source)
    # words: 2 + 3 + 3 + 4 (The, loss, 0, always) + \sum_i w_i (2) + 2
    assert words == 16
    assert math == [6, 7, 8, 9, 10]
    w, m, terms = markdown_terms(source, CONFIG)
    assert (w, m) == (16, 5)
    assert [t["text"] for t in terms] == ["base 1", "16 words → +0", "5 math lines → +2"]
    assert terms[2]["lines"] == [[6, 10]]


def test_guidance_markers_in_comments_and_docstrings_only() -> None:
    source = '''def f(x):
    """
    TODO: implement f.

    APPROACH:
    1. First
       (continued)
    2) Second

    3. Third
    EXAMPLE: f(1) == 2
    """
    HINT = "HINTS: not guidance, a string"
    ### BEGIN SOLUTION
    return x + 1  # HINT: add one
    ### END SOLUTION
'''
    guidance = find_guidance(parse_code(source))
    assert guidance.to_json() == {
        "todo": True,
        "approach": True,
        "approach_steps": 3,
        "example": True,
        "hints": True,  # from the trailing comment, not the HINT variable
        "present": ["TODO", "APPROACH", "EXAMPLE", "HINTS"],
        "score": 1.0,
    }
    approach = guidance.approaches[0]
    assert (approach.line, approach.last_line, approach.step_lines) == (5, 10, (6, 8, 10))
    only_code = find_guidance(parse_code('HINT = "TODO"\nEXAMPLE = 1'))
    assert only_code.to_json()["present"] == []


def test_several_approach_lists_report_the_largest() -> None:
    source = (
        "# APPROACH:\n# 1. a\n# 2. b\nx = 1\n"
        "# APPROACH:\n# 1. a\n# 2. b\n# 3. c\n# 4. d\n# 5. e\n"
        "# APPROACH: think first\ny = 2\n"
    )
    guidance = find_guidance(parse_code(source))
    assert [a.steps for a in guidance.approaches] == [2, 5, 0]
    assert guidance.approach_steps == 5


def test_blocks_with_sloc_and_unclosed() -> None:
    source = (
        "def f():\n"
        "    ### BEGIN SOLUTION\n"
        "    # comment\n"
        "    a = 1\n"
        "    return a\n"
        "    ### END SOLUTION\n"
        "def g():\n"
        "    ### BEGIN SOLUTION\n"
        "    return 2\n"
        "\n"
    )
    blocks = [b.to_json() for b in find_blocks(parse_code(source))]
    assert blocks == [
        {"start_line": 2, "end_line": 6, "sloc": 2, "closed": True},
        {"start_line": 8, "end_line": 9, "sloc": 1, "closed": False},
    ]
