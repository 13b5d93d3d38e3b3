"""Notebook-wide novelty, reused while nothing it depends on has changed.

:func:`.concepts.new_concepts_per_cell` is the one walk.  It is cheap (dictionary look-ups
per candidate), but a warm request usually repeats the previous one's cells exactly, or
changes one cell whose candidates, imports and mentions stay the same (an edit inside a
function body); both cases reuse the previous answer without walking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .concepts import CellConcepts, Concept, new_concepts_per_cell

__all__ = ["Novelty", "update"]


class Novelty(NamedTuple):
    cells: Sequence[CellConcepts]  # the input, compared by value on the next call
    known: frozenset[str]  # keys introduced before this notebook
    new: Sequence[Sequence[Concept]]  # per cell, the concepts it introduces, in order


def update(
    previous: Novelty | None, cells: Sequence[CellConcepts], known: frozenset[str] = frozenset()
) -> Novelty:
    """Novelty of ``cells``; equal to ``new_concepts_per_cell(cells, known)`` in ``.new``."""
    if previous is not None and previous.known == known and previous.cells == cells:
        return previous._replace(cells=cells)
    return Novelty(cells, known, new_concepts_per_cell(cells, known))
