"""Templates of the four scaffolding patterns, filled with names from the author's cell.

A template is a jupytext percent file (``NAME.py``) with placeholders (``Names.values``):
``{{concept}}`` (as written: ``matmul_blocked``, ``Dense``, "Leaky ReLU"), ``{{concept_tex}}``
(the same inside LaTeX), ``{{function}}`` (what the code calls: the function, or the class
that is instantiated), ``{{stem}}`` (a snake_case base for new function names),
``{{params}}``, ``{{call}}`` (``matmul_blocked(..., ...)``, ``Dense(..., ...)``) and
``{{code_where}}`` (where that code is, seen from the inserted cells: they land after the
author's cell).  The built-in ones live in ``pattern_templates/``; a course overrides any
of them by putting a file of the same name in the ``templates`` folder its configuration
file names (``ProjectConfig.templates``).

Filled cells never redefine a name the author's cell defines, or the solution a test cell
calls (``_keep_clear``), and never repeat the heading of the cell they land next to
(``drop_repeated_heading``).

Used by the CLI (``tinyscaffold template NAME``) and by ``POST /tinyscaffold/template``,
which the JupyterLab commands call to insert a pattern after the active cell.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.lazy_re import compile_lazily
from ..core.loading import notebook_from_text
from ..core.source import parse_code
from ..core.typing_names import Any
from .root_bound import RootBound

BUILT_IN = Path(__file__).resolve().parent / "pattern_templates"
NAMES = ("concept-bridge", "implementation-ladder", "confidence-builder", "educational-test")
TITLES = {
    "concept-bridge": "Insert concept bridge",
    "implementation-ladder": "Insert implementation ladder",
    "confidence-builder": "Insert confidence builder",
    "educational-test": "Insert educational test",
}
_PLACEHOLDER = compile_lazily(
    r"\{\{\s*(concept|concept_tex|function|stem|params|call|code_where)\s*\}\}"
)
_BOLD = compile_lazily(r"\*\*(?!\s)([^*\n]{1,60}?)(?<!\s)\*\*")
_HEADING = compile_lazily(r"^\s*#+\s*(.+?)\s*$", re.M)
_NOT_NAME = compile_lazily(r"[^0-9a-zA-Z]+")
_CAMEL = compile_lazily(r"(?<=[a-z0-9])(?=[A-Z])")
# "🧪 Unit Test: Dense" names Dense: a test heading's prefix is not part of the concept.
_TEST_PREFIX = compile_lazily(r"^[^\w]*(?:unit\s+)?tests?\s*[:\-\u2013\u2014]\s*", re.I)
# The subject of a unit-test heading, after any emoji or label ("TEST Unit Test: X").
_TEST_HEADING = compile_lazily(r"\b(?:unit\s+)?tests?\s*[:\-\u2013\u2014]\s*(.+)$", re.I)
_MAX_NAME = 60
_BUILTINS = frozenset(dir(builtins))
# Where the code of {{call}} is, seen from cells inserted after the author's cell.
WHERE = {
    "defined": "in the cell above",
    "called": "defined earlier in this module",
    "named": "in the code that follows",
}


class TemplateError(ValueError):
    """An unknown template name, or a template file that cannot be read."""


@dataclass(frozen=True)
class Names:
    concept: str = "Concept"
    function: str = "my_function"
    params: tuple[str, ...] = ("x",)
    # How the names were found: "defined" (the cell defines the function or class),
    # "called" (a test or demo cell calls it) or "named" (markdown, the CLI, the defaults).
    found: str = "named"
    is_class: bool = False
    defined: frozenset[str] = frozenset()  # every top-level name the author's cell defines

    def values(self) -> dict[str, str]:
        # New functions need a parameter; a call passes exactly what the code takes
        # (``MeanSquaredError()`` for a class whose ``__init__`` takes nothing).
        params = ", ".join(self.params or ("x",))
        call = f"{self.function}({', '.join('...' for _ in self.params)})"
        return {
            "concept": self.concept,
            "concept_tex": _tex(self.concept),
            "function": self.function,
            "stem": _snake(self.function) if self.is_class else self.function,
            "params": params,
            "call": call,
            "code_where": WHERE[self.found],
        }

    def taken(self) -> frozenset[str]:
        """Names inserted cells must not define: the cell's own, and a called solution."""
        return self.defined | ({self.function} if self.found != "named" else set())


def _tex(text: str) -> str:
    """Text for ``\\mathrm{...}``: an underscore there would start a subscript."""
    return text.replace("_", r"\_")


def _snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def _identifier(text: str) -> str:
    name = _NOT_NAME.sub("_", text).strip("_").lower()[:_MAX_NAME]
    if not name:
        return Names.function
    return f"f_{name}" if name[0].isdigit() else name


def clean_concept(text: str) -> str:
    """A concept name as templates show it (one line, no markup or quotes)."""
    return _clean(text)


def _clean(text: str) -> str:
    """One line of plain text, safe inside markdown and a Python string literal; names keep
    their underscores (``matmul_blocked`` stays as written)."""
    text = re.sub(r"[`*\\\"{}<>$]", "", text).strip()
    return " ".join(text.split())[:_MAX_NAME]


Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _parameters(node: Definition) -> tuple[str, ...]:
    """A function's parameters, or a class's ``__init__``'s (``self``, ``cls`` left out)."""
    if isinstance(node, ast.ClassDef):
        init = next(
            (
                item
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and item.name == "__init__"
            ),
            None,
        )
        if init is None:
            return ()
        node = init
    return tuple(a.arg for a in node.args.args if a.arg not in ("self", "cls"))


def _holds_solution(node: Definition, lines: Sequence[str]) -> bool:
    end = node.end_lineno or node.lineno
    return any("BEGIN SOLUTION" in line for line in lines[node.lineno - 1 : end])


def _main_definition(
    definitions: Sequence[Definition], source: str, concept: str | None
) -> tuple[Definition, str | None]:
    """(the definition a template is about, the concept it is filled with): the one the
    concept names, unless that is a helper beside a public definition holding the solution
    (a cell's first bridge concept may be a helper it also defines: then the helper's name is
    not the concept either); else the first public one holding the solution, else the first
    public one, else the first.  A concept naming no definition ("Mean Squared Error") stays."""
    lines = source.split("\n")
    public = [node for node in definitions if not node.name.startswith("_")]
    solutions = [node for node in public if _holds_solution(node, lines)]
    named = [
        node for node in definitions if concept and _identifier(node.name) == _identifier(concept)
    ]
    if named and (not solutions or named[0] in solutions):
        return named[0], concept
    main = solutions[0] if solutions else (public or list(definitions))[0]
    return main, None if named else concept


def names_from_cell(cell_type: str, source: str, concept: str | None = None) -> Names:
    """The concept, function and parameters a template can take from the current cell.

    Code: the top-level function or class the concept names (not a helper beside the
    definition holding the solution), else the public one with the solution, else the first
    public one (its parameters, a class's ``__init__``'s, ``self`` left out); else the first
    function the cell calls (a test cell's function under test).
    The concept is the name as written unless given.  Markdown: the first bold term, else
    the first heading (without a "Unit Test:" prefix).
    """
    if cell_type == "code":
        tree = parse_code(source).tree
        body = tree.body if tree is not None else []
        definitions: list[Definition] = [
            node
            for node in body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        defined = frozenset(node.name for node in definitions)
        if definitions:
            node, kept = _main_definition(definitions, source, concept)
            return Names(
                _clean(kept or node.name),
                node.name,
                _parameters(node),
                "defined",
                isinstance(node, ast.ClassDef),
                defined,
            )
        called = _first_call(tree) if tree is not None else None
        if called is not None:  # a test or demo cell: the function it exercises
            return Names(
                _clean(concept or called), called, found="called", is_class=called[:1].isupper()
            )
        return Names(_clean(concept) or Names.concept) if concept else Names()
    found = concept
    if found is None:
        bold = _BOLD.search(source)
        heading = _HEADING.search(source)
        found = bold.group(1) if bold else heading.group(1) if heading else None
    found = _TEST_PREFIX.sub("", _clean(found or ""))
    if not found:
        return Names()
    return Names(found, _identifier(found))


def _first_call(tree: ast.Module) -> str | None:
    """The first function called by name that is not a Python builtin (``relu`` in
    ``assert relu(2) == 2``)."""
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id not in _BUILTINS
    ]
    if not calls:
        return None
    first = min(calls, key=lambda node: (node.lineno, node.col_offset))
    return first.func.id if isinstance(first.func, ast.Name) else None


def template_path(name: str, override: Path | None) -> Path:
    """The file ``name`` is read from: the course's override when there is an entry of
    that name in its folder (a file, or a link: reading it says whether it may be read),
    else the built-in template."""
    if name not in NAMES:
        raise TemplateError(f"unknown template {name!r} (known: {', '.join(NAMES)})")
    if override is not None and os.path.lexists(override / f"{name}.py"):
        return override / f"{name}.py"
    return BUILT_IN / f"{name}.py"


def fill(text: str, names: Names) -> str:
    values = names.values()
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def render_text(
    name: str, names: Names, override: Path | None = None, bound: RootBound | None = None
) -> str:
    """The filled template as jupytext percent text (what the CLI prints).  ``bound`` (the
    server's root) confines the read of a course's template to the root (``PathRefused``)."""
    path = template_path(name, override)
    confined = bound if bound is not None and path.parent != BUILT_IN else None
    shown = confined.name(path) if confined is not None else str(path)
    try:
        data = confined.read_bytes(path) if confined is not None else path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise TemplateError(f"{shown}: cannot read the template: {reason or exc}") from None
    return fill(text, names)


def render_cells(
    name: str, names: Names, override: Path | None = None, bound: RootBound | None = None
) -> list[dict[str, Any]]:
    """The filled template as notebook cells ``{cell_type, source, metadata}``."""
    text = render_text(name, names, override, bound)
    try:
        notebook = notebook_from_text(text, ".py", name=name)
    except Exception as exc:  # any jupytext failure on a course's own file
        raise TemplateError(f"template {name!r} is not a percent notebook: {exc}") from None
    cells = []
    for cell in notebook["cells"]:
        source = cell.get("source", "")
        metadata = cell.get("metadata", {})
        cells.append(
            {
                "cell_type": cell["cell_type"],
                "source": "".join(source) if isinstance(source, list) else source,
                "metadata": dict(metadata) if isinstance(metadata, Mapping) else {},
            }
        )
    if not cells:
        raise TemplateError(f"template {name!r} has no cells")
    return _keep_clear(cells, names.taken())


def _defined(cells: Sequence[Mapping[str, Any]]) -> list[str]:
    """Top-level functions and classes the code cells define, in order."""
    names: list[str] = []
    for cell in cells:
        tree = parse_code(cell["source"]).tree if cell["cell_type"] == "code" else None
        for node in tree.body if tree is not None else []:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.append(node.name)
    return names


def _keep_clear(cells: list[dict[str, Any]], taken: frozenset[str]) -> list[dict[str, Any]]:
    """Rename what the filled cells would define over the author's names (running them
    would replace the solution): ``relu`` becomes ``relu_2`` in every inserted cell."""
    own = _defined(cells)
    clashes = [name for name in own if name in taken]
    for name in clashes:
        number = 2
        while f"{name}_{number}" in taken or f"{name}_{number}" in own:
            number += 1
        word = re.compile(rf"\b{re.escape(name)}\b")
        for cell in cells:
            cell["source"] = word.sub(f"{name}_{number}", cell["source"])
    return cells


def _heading_key(source: str) -> str | None:
    """A markdown cell's first heading, as words ("🧪 Unit Test: Dense" → "unit test dense")."""
    heading = _HEADING.search(source)
    if heading is None or not source.lstrip().startswith("#"):
        return None
    words = re.findall(r"[^\W_]+", heading.group(1).lower())
    return " ".join(words) or None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def _tests_subject(cell: Mapping[str, Any], names: Names) -> bool:
    """Is ``cell`` a unit-test heading ("### TEST Unit Test: MSE Loss Computation", "## 🧪
    Tests — Dense") about the template's subject: its text names the function or class
    (``MeanSquaredError.__call__``), or its heading has the concept's words or the name's
    initials (MSE)?"""
    source = str(cell.get("source") or "")
    heading = _HEADING.search(source) if cell.get("cell_type") == "markdown" else None
    if heading is None or not source.lstrip().startswith("#"):
        return False
    subject = _TEST_HEADING.search(heading.group(1))
    if subject is None:
        return False
    if re.search(rf"(?<![\w]){re.escape(names.function)}(?![\w])", source):
        return True
    said = _words(subject.group(1))
    concept = _words(names.concept)
    parts = _CAMEL.sub("_", names.function).split("_")
    initials = "".join(part[:1] for part in parts if part).lower()
    return (bool(concept) and concept <= said) or (len(initials) > 1 and initials in said)


def drop_repeated_heading(
    cells: list[dict[str, Any]],
    active: Mapping[str, Any],
    following: Mapping[str, Any] | None,
    names: Names | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """(the cells without a first markdown cell that repeats the heading of the cell they
    land after or before, how many cells to skip before inserting: 1 when that heading is
    the next cell's, so the inserted cells go under it rather than above it).  With the
    template's ``names``, an inserted test heading also gives way to a neighbour that is
    already a unit-test heading for the same subject, whatever its wording."""
    first = cells[0] if cells else None
    key = _heading_key(first["source"]) if first and first["cell_type"] == "markdown" else None
    if first is None or key is None or len(cells) < 2:
        return cells, 0
    subject = names if names is not None and _tests_subject(first, names) else None
    for skip, neighbour in ((0, active), (1, following)):
        if neighbour is None or neighbour.get("cell_type") != "markdown":
            continue
        same = _heading_key(str(neighbour.get("source") or "")) == key
        if same or (subject is not None and _tests_subject(neighbour, subject)):
            return cells[1:], skip
    return cells, 0
