"""What one cell's source can rely on, for the ``concept-order`` rule (:mod:`.concept_order`).

The names a code cell imports, loads and binds, and its string statements (one walk of
its tree); the prose of a code cell (comments, docstrings, string statements); and the
sentences of a text that do not look ahead ("later", "next", "in module 5", …), each as
padded words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence

from ..core.concepts.keys import padded
from ..core.lazy_re import compile_lazily
from ..core.named_tuple import NamedTuple
from ..core.typing_names import Any

__all__ = [
    "AHEAD",
    "CellNames",
    "cell_source",
    "code_text",
    "may_name",
    "names_in",
    "reliant_text",
]

# A sentence that looks ahead mentions a later topic on purpose: it does not rely on it.
AHEAD = compile_lazily(
    r"\b(?:later|next|upcoming|future|soon|eventually|will|won't|shall|going\s+to|coming"
    r"|preview|ahead|subsequent\w*|foundations?|prepares?|preparing)\b"
    r"|\w'll\b"
    r"|\b(?:modules?|chapters?|lessons?|units?|weeks?|labs?|notebooks?)\s*#?\s*\d+",
    re.IGNORECASE,
)
_SENTENCE_END = compile_lazily(r"(?<=[.!?])\s+|\n")


def cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def reliant_text(text: str) -> tuple[str, ...]:
    """The sentences of ``text`` that do not look ahead, each as padded words."""
    return tuple(
        padded(sentence)
        for sentence in _SENTENCE_END.split(text)
        if sentence.strip() and not AHEAD.search(sentence)
    )


def code_text(code: str, strings: frozenset[int]) -> str:
    """The prose of a code cell: its comments, docstrings and string statements."""
    kept = []
    for number, line in enumerate(code.split("\n"), start=1):
        if number in strings:
            kept.append(line)
        elif "#" in line:
            kept.append(line[line.index("#") + 1 :])
    return "\n".join(kept)


class CellNames(NamedTuple):
    imported: dict[str, int]  # name → line
    loaded: dict[str, int]  # name → first line
    bound: set[str]
    strings: frozenset[int]  # lines of string statements, docstrings included (text)


def names_in(tree: ast.Module) -> CellNames:
    """One walk: the names a cell imports, loads and binds, and its string statements."""
    imported: dict[str, int] = {}
    loaded: dict[str, int] = {}
    bound: set[str] = set()
    strings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                loaded.setdefault(node.id, node.lineno)
            else:
                bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    imported.setdefault((alias.asname or alias.name).split(".")[0], node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            strings.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return CellNames(imported, loaded, bound, frozenset(strings))


def may_name(text: str, stems: Sequence[tuple[str, ...]]) -> bool:
    lower = text.lower()
    return any(all(stem in lower for stem in phrase) for phrase in stems)
