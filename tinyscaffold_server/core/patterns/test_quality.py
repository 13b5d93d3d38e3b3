"""Tests that build confidence and teach: a rating per test cell.

Per cell (cached with the cell, :func:`facts_of_test_cell`):

- **docstring**: the cell, or a test function in it, opens with a docstring;
- **assert messages**: every ``assert`` has a message of at least two words, or an
  f-string / expression message (it explains what was expected);
- **explains**: a ``print(...)`` statement whose literal text has at least three words (a lone
  "✅ works" confirms, it does not explain);
- **friendly**: a ``print`` with a warm word or sign (✅ 🎉 "great", "well done", "works", …);
- **difficulty**: ``SLOC + number of asserts``.

Per notebook (:func:`rate_tests`): the tests of a solution are the test cells after it, up to
the next solution cell.  A test is **in order** when it is at least as difficult as the one
before it (easy → hard).  The first test after a solution is a **confidence builder** when it
is easy (at most 2 asserts and 6 SLOC, and the easiest of its group), has a docstring and
prints a friendly message.  A cell's rating is the share of the criteria that apply to it
(the confidence builder applies to the first test after a solution only).  A test cell
that still holds a template's placeholders (``placeholders``) meets none of the criteria.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence

from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from ..source import ParsedCode
from ..typing_names import Any
from .placeholders import TEST_TEXTS, has_blank_call, has_text

Json = dict[str, Any]
_WORD = compile_lazily(r"[^\W\d_]{2,}")
_FRIENDLY = compile_lazily(
    r"[\u2705\u2714\U0001F389\U0001F44D\U0001F31F\u2728\U0001F680]|\b(?:great|well done|nice|"
    r"awesome|congrat\w*|works?|passed|good job|you did it|excellent|perfect)\b",
    re.IGNORECASE,
)
CONFIDENCE_MAX_ASSERTS = 2
CONFIDENCE_MAX_SLOC = 6
CRITERIA = ("docstring", "assert_messages", "explains", "in_order", "confidence_builder")


class CellTestFacts(NamedTuple):
    docstring: bool
    asserts: int
    explained_asserts: int
    explains: bool
    friendly: bool
    difficulty: int
    unfilled: bool = False  # a template's placeholders are still there: no criterion is met


def _literal_text(node: ast.AST) -> str:
    """The literal words of a message or print argument (f-string constants included)."""
    return " ".join(
        part.value
        for part in ast.walk(node)
        if isinstance(part, ast.Constant) and isinstance(part.value, str)
    )


def _explains(message: ast.AST) -> bool:
    if isinstance(message, ast.Constant):
        return isinstance(message.value, str) and len(_WORD.findall(message.value)) >= 2
    return True  # an f-string or a computed message shows the values involved


def _has_docstring(body: Sequence[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)\
        and isinstance(body[0].value.value, str)  # fmt: skip


def _statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included (expressions are not entered: asserts and
    print calls are statements, and walking every expression node costs far more)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(node, field, None)
            if inner:
                stack.extend(reversed(inner))
        for handler in getattr(node, "handlers", ()):
            stack.extend(reversed(handler.body))
        for case in getattr(node, "cases", ()):
            stack.extend(reversed(case.body))


def facts_of_test_cell(parsed: ParsedCode) -> CellTestFacts | None:
    tree = parsed.tree
    if tree is None:
        return None
    docstring = _has_docstring(tree.body)
    asserts = explained = 0
    explains = friendly = False
    for node in _statements(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            docstring = docstring or _has_docstring(node.body)
        elif isinstance(node, ast.Assert):
            asserts += 1
            if node.msg is not None and _explains(node.msg):
                explained += 1
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "print"
        ):
            text = " ".join(_literal_text(arg) for arg in node.value.args)
            explains = explains or len(_WORD.findall(text)) >= 3
            friendly = friendly or _FRIENDLY.search(text) is not None
    unfilled = ("..." in parsed.code and has_blank_call(tree, parsed.code)) or any(
        has_text(parsed.code, blank) for blank in TEST_TEXTS
    )
    return CellTestFacts(
        docstring, asserts, explained, explains, friendly, parsed.sloc + asserts, unfilled
    )


def is_easy(facts: CellTestFacts) -> bool:
    return facts.asserts <= CONFIDENCE_MAX_ASSERTS and facts.difficulty - facts.asserts <= (
        CONFIDENCE_MAX_SLOC
    )


def rate_tests(cells: Sequence[tuple[int, str, CellTestFacts | None]]) -> list[Json]:
    """Ratings of the test cells, given (index, role, facts) for solution and test cells in
    notebook order (facts for test cells only)."""
    groups: list[tuple[int | None, list[tuple[int, CellTestFacts]]]] = [(None, [])]
    for index, role, facts in cells:
        if role == "solution":
            groups.append((index, []))
        elif facts is not None:
            groups[-1][1].append((index, facts))
    ratings: list[Json] = []
    for solution, tests in groups:
        easiest = min((facts.difficulty for _, facts in tests), default=0)
        hardest = max((facts.difficulty for _, facts in tests), default=0)
        previous: int | None = None
        for position, (index, facts) in enumerate(tests):
            criteria: dict[str, bool | None] = {
                "docstring": facts.docstring,
                "assert_messages": facts.asserts > 0 and facts.explained_asserts == facts.asserts,
                "explains": facts.explains,
                "in_order": previous is None or facts.difficulty >= previous,
                "confidence_builder": None,
            }
            if position == 0 and solution is not None:
                criteria["confidence_builder"] = (
                    is_easy(facts)
                    and facts.difficulty == easiest
                    and facts.docstring
                    and facts.friendly
                )
            if facts.unfilled:  # a template's blanks teach nothing until they are filled
                criteria = {name: None if met is None else False for name, met in criteria.items()}
            previous = facts.difficulty
            applicable = [value for value in criteria.values() if value is not None]
            relative = (
                "only"
                if len(tests) == 1
                else "easiest"
                if facts.difficulty == easiest
                else "hardest"
                if facts.difficulty == hardest
                else "between"
            )
            ratings.append(
                {
                    "cell_index": index,
                    "solution_index": solution,
                    "rating": round(sum(applicable) / len(applicable), 4),
                    "criteria": criteria,
                    "asserts": facts.asserts,
                    "explained_asserts": facts.explained_asserts,
                    "difficulty": facts.difficulty,
                    "relative": relative,
                    "why": (
                        "the template's placeholders are not filled in yet; "
                        if facts.unfilled
                        else ""
                    )
                    + _why(criteria, facts, relative),
                }
            )
    ratings.sort(key=lambda rating: rating["cell_index"])
    return ratings


_LABELS = {
    "docstring": "docstring",
    "assert_messages": "assert messages",
    "explains": "printed explanation",
    "in_order": "easy \u2192 hard order",
    "confidence_builder": "confidence builder first",
}


def _why(criteria: dict[str, bool | None], facts: CellTestFacts, relative: str) -> str:
    met = [_LABELS[name] for name, value in criteria.items() if value]
    missed = [_LABELS[name] for name, value in criteria.items() if value is False]
    text = f"{facts.explained_asserts}/{facts.asserts} asserts explained; difficulty"
    text += f" {facts.difficulty} ({relative} of its solution's tests)"
    if met:
        text += "; has " + ", ".join(met)
    if missed:
        text += "; lacks " + ", ".join(missed)
    return text
