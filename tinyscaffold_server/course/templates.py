"""Templates of the four scaffolding patterns, filled with names from the author's cell.

A template is a jupytext percent file (``NAME.py``) with ``{{concept}}``, ``{{function}}``,
``{{params}}`` and ``{{call}}`` placeholders.  The built-in ones live in
``pattern_templates/``; a course overrides any of them by putting a file of the same name
in the ``templates`` folder its configuration file names (``ProjectConfig.templates``).

Used by the CLI (``tinyscaffold template NAME``) and by ``POST /tinyscaffold/template``,
which the JupyterLab commands call to insert a pattern after the active cell.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.loading import notebook_from_text
from ..core.source import parse_code
from .root_bound import RootBound

BUILT_IN = Path(__file__).resolve().parent / "pattern_templates"
NAMES = ("concept-bridge", "implementation-ladder", "confidence-builder", "educational-test")
TITLES = {
    "concept-bridge": "Insert concept bridge",
    "implementation-ladder": "Insert implementation ladder",
    "confidence-builder": "Insert confidence builder",
    "educational-test": "Insert educational test",
}
_PLACEHOLDER = re.compile(r"\{\{\s*(concept|function|params|call)\s*\}\}")
_BOLD = re.compile(r"\*\*(?!\s)([^*\n]{1,60}?)(?<!\s)\*\*")
_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*$", re.M)
_NOT_NAME = re.compile(r"[^0-9a-zA-Z]+")
_MAX_NAME = 60
_BUILTINS = frozenset(dir(builtins))


class TemplateError(ValueError):
    """An unknown template name, or a template file that cannot be read."""


@dataclass(frozen=True)
class Names:
    concept: str = "Concept"
    function: str = "my_function"
    params: tuple[str, ...] = ("x",)

    def values(self) -> dict[str, str]:
        params = ", ".join(self.params)
        call = f"{self.function}({', '.join('...' for _ in self.params)})"
        return {"concept": self.concept, "function": self.function, "params": params, "call": call}


def _identifier(text: str) -> str:
    name = _NOT_NAME.sub("_", text).strip("_").lower()[:_MAX_NAME]
    if not name:
        return Names.function
    return f"f_{name}" if name[0].isdigit() else name


def clean_concept(text: str) -> str:
    """A concept name as templates show it (one line, no markup or quotes)."""
    return _clean(text)


def _clean(text: str) -> str:
    """One line of plain text, safe inside markdown and a Python string literal."""
    text = re.sub(r"[`*_\\\"{}<>$]", "", text).strip()
    return " ".join(text.split())[:_MAX_NAME]


def names_from_cell(cell_type: str, source: str, concept: str | None = None) -> Names:
    """The concept, function and parameters a template can take from the current cell.

    Code: the first top-level function (its parameters, ``self`` left out) or class, else
    the first function the cell calls (a test cell's function under test); the concept is
    its name unless given.  Markdown: the first bold term, else the first heading.
    """
    if cell_type == "code":
        tree = parse_code(source).tree
        for node in tree.body if tree is not None else []:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = tuple(a.arg for a in node.args.args if a.arg not in ("self", "cls"))
                return Names(_clean(concept or node.name), node.name, params or ("x",))
            if isinstance(node, ast.ClassDef):
                return Names(_clean(concept or node.name), _identifier(node.name))
        called = _first_call(tree) if tree is not None else None
        if called is not None:  # a test or demo cell: the function it exercises
            return Names(_clean(concept or called), called)
        return Names(_clean(concept) or Names.concept) if concept else Names()
    found = concept
    if found is None:
        bold = _BOLD.search(source)
        heading = _HEADING.search(source)
        found = bold.group(1) if bold else heading.group(1) if heading else None
    if not found or not _clean(found):
        return Names()
    return Names(_clean(found), _identifier(_clean(found)))


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
    return cells
