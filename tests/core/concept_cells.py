"""Cells as the concept tests build them: one cell's candidates, and what a walk over a few
cells introduces in each (shared by the concept test modules)."""

from __future__ import annotations

from tinyscaffold_server.core.concepts.candidates import CellConcepts, extract_concepts
from tinyscaffold_server.core.concepts.novelty import new_concepts_per_cell
from tinyscaffold_server.core.config import default_config
from tinyscaffold_server.core.source import parse_code

CONFIG = default_config()


def md(source: str) -> CellConcepts:
    return extract_concepts(source, "markdown", {}, None, CONFIG)


def code(source: str, role: str = "demo") -> CellConcepts:
    parsed = parse_code(source)
    return extract_concepts(source, "code", {}, parsed.facts, CONFIG, role, (), parsed.sloc_lines)


def marked(source: str) -> CellConcepts:
    """A solution cell with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` blocks."""
    parsed = parse_code(source)
    lines = source.split("\n")
    begin = [at for at, line in enumerate(lines, 1) if "### BEGIN SOLUTION" in line]
    end = [at for at, line in enumerate(lines, 1) if "### END SOLUTION" in line]
    blocks = tuple(zip(begin, end, strict=True))
    return extract_concepts(
        source, "code", {}, parsed.facts, CONFIG, "solution", blocks, parsed.sloc_lines
    )


def new(*cells: CellConcepts) -> list[list[str]]:
    return [[c.name for c in found] for found in new_concepts_per_cell(cells)]
