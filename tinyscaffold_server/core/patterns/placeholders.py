"""The blanks of the built-in pattern templates, so that a template earns no score until
the author fills it in.

A template part is **unfilled** while the template's own placeholder text for it is still
there (``course/pattern_templates/`` writes exactly these; a test keeps them in step):

- a concept bridge's analogy: "(something your students already know, and where the
  comparison stops working)"; its why: "(what breaks, or what it enables)"; its formula:
  a math line whose right-hand side is still ``\\ldots``;
- a test cell (confidence builder, educational test): a call whose arguments are still the
  literal ``...`` (``relu(...)``), or the text "explain what is expected here and why",
  "(say why this case matters)" or "should give …";
- a solution cell (an implementation ladder's rungs): ``...`` still standing for a value
  (``value = ...``, ``if ... is None``, ``relu_array(...)``); ``x[..., 0]`` and a stub body
  ``def f(): ...`` are code, not blanks.

A course's own templates get the same treatment when they use the same blanks.
"""

from __future__ import annotations

import ast

from ..lazy_re import compile_lazily

__all__ = [
    "ANALOGY",
    "TEST_TEXTS",
    "WHY",
    "blank_formula",
    "has_blank_call",
    "has_blank_value",
    "has_text",
]

ANALOGY = "(something your students already know, and where the comparison stops working)"
WHY = "(what breaks, or what it enables)"
TEST_TEXTS = (
    "explain what is expected here and why",
    "(say why this case matters)",
    "should give \N{HORIZONTAL ELLIPSIS}",
)
_BLANK_FORMULA = compile_lazily(r"=\s*\\ldots\s*(?:\$\$|\$|\\\]|\\\))?\s*$")
_SPACE = compile_lazily(r"\s+")


def has_text(source: str, blank: str) -> bool:
    """Whether ``source`` still holds the placeholder ``blank`` (line breaks and the
    comment markers of a percent file do not matter)."""
    if not all(word in source for word in blank.split(" ")):  # nearly every cell: a test
        return False  # or a few (each word is in the source as the normalised text has it)
    return blank in _SPACE.sub(" ", source.replace("\n#", "\n"))


def blank_formula(line: str) -> bool:
    """A math line whose right-hand side is still the template's ``\\ldots``."""
    return "\\ldots" in line and _BLANK_FORMULA.search(line) is not None


# Such a call's first argument follows its "(" (blanks and comments between): without that
# in the text no walk of the tree can find one (a walk costs a test cell ~0.2 ms).
_BLANK_CALL_TEXT = compile_lazily(r"\(\s*(?:#[^\n]*\n\s*)*\.\.\.")


def has_blank_call(tree: ast.Module, code: str | None = None) -> bool:
    """A call whose arguments are all the literal ``...`` (the template's ``{{call}}``);
    ``code``, the tree's source, lets most cells skip the walk."""
    if code is not None and _BLANK_CALL_TEXT.search(code) is None:
        return False
    return any(
        isinstance(node, ast.Call)
        and bool(node.args)
        and all(isinstance(a, ast.Constant) and a.value is Ellipsis for a in node.args)
        for node in ast.walk(tree)
    )


def _is_blank(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def has_blank_value(tree: ast.Module) -> bool:
    """``...`` standing for a value the author has to write: assigned, compared, or the
    only arguments of a call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and _is_blank(node.value):
            return True
        if isinstance(node, ast.Compare) and any(
            _is_blank(side) for side in (node.left, *node.comparators)
        ):
            return True
        if isinstance(node, ast.Call) and node.args and all(_is_blank(a) for a in node.args):
            return True
    return False
