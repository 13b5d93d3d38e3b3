"""Notebook-wide novelty, updated incrementally from the previous request's answer.

``concepts.new_concepts_per_cell`` is the reference: it threads the import-alias table and
the set of keys seen so far through every cell.  On a warm one-cell edit nearly every cell
is unchanged, so :func:`update` redoes only what can differ:

- cells before the first changed cell see exactly the state they saw last time;
- a changed cell ``k`` needs "was this key seen before ``k``?", answered from ``first``
  (key → index of the cell that introduced it last time), and the aliases bound before
  ``k``, replayed from ``imports`` (few: one entry per import alias);
- if the changed cell introduces the same *set* of keys and binds the same aliases as
  before, the state after it is exactly the old one, so every later unchanged cell keeps
  its old result.  Otherwise the walk restarts at ``k`` with the state rebuilt from
  ``first`` and ``imports``, exactly as the reference would have it there.

A :class:`Novelty` is never mutated after it is built, so a snapshot shared between
threads stays consistent (each call builds a new one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .concepts import CellConcepts, Concept, merged_concepts

__all__ = ["Novelty", "update"]


class Novelty(NamedTuple):
    cells: Sequence[CellConcepts]  # the input, compared by value on the next call
    new: Sequence[Sequence[Concept]]  # per cell, the concepts it introduces, in order
    first: dict[str, int]  # key → index of the cell whose ``new`` holds it
    imports: tuple[tuple[int, str, str], ...]  # (cell index, bound name, target), in order


def _walk(
    cells: Sequence[CellConcepts],
    start: int,
    new: list[Sequence[Concept]],
    first: dict[str, int],
    imports: list[tuple[int, str, str]],
) -> Novelty:
    """The reference walk from ``start`` on; ``new``, ``first`` and ``imports`` hold the
    state for the cells before ``start`` (and are extended in place)."""
    aliases: dict[str, str] = {}
    for _, bound, target in imports:
        aliases[bound] = target
    seen = set(first)
    append = new.append
    for index in range(start, len(cells)):
        cell = cells[index]
        for bound, target in cell.imports:
            aliases[bound] = target
            imports.append((index, bound, target))
        merged = merged_concepts(cell, aliases)
        if not merged:
            append(())
            continue
        fresh: list[Concept] = []
        for concept in merged:
            key = concept.key
            if key not in seen:
                seen.add(key)
                first[key] = index
                fresh.append(concept)
        append(fresh)
    return Novelty(cells, new, first, tuple(imports))


def _changed(index: int, cell: CellConcepts, previous: Novelty) -> Sequence[Concept]:
    """Novelty of one cell whose predecessors all left the state ``previous`` recorded."""
    aliases: dict[str, str] = {}
    for at, bound, target in previous.imports:
        if at >= index:
            break
        aliases[bound] = target
    for bound, target in cell.imports:
        aliases[bound] = target
    merged = merged_concepts(cell, aliases)
    if not merged:
        return ()
    first = previous.first
    local: set[str] = set()
    fresh: list[Concept] = []
    for concept in merged:
        key = concept.key
        if key not in local and first.get(key, index) >= index:
            local.add(key)
            fresh.append(concept)
    return fresh


def update(previous: Novelty | None, cells: Sequence[CellConcepts]) -> Novelty:
    """Novelty of ``cells``; equal to ``new_concepts_per_cell(cells)`` in ``.new``."""
    if previous is None or len(previous.cells) != len(cells):
        return _walk(cells, 0, [], {}, [])
    old = previous.cells
    if cells == old:  # element identity first, then value: C speed in the common case
        return previous._replace(cells=cells)
    new = list(previous.new)
    for index, (cell, was) in enumerate(zip(cells, old, strict=True)):
        if cell is was or cell == was:
            continue
        fresh = _changed(index, cell, previous)
        same_state = cell.imports == was.imports and {c.key for c in fresh} == {
            c.key for c in previous.new[index]
        }
        if not same_state:
            # Rebuild the reference state before ``index`` and walk on from there.
            first = {key: at for key, at in previous.first.items() if at < index}
            imports = [entry for entry in previous.imports if entry[0] < index]
            return _walk(cells, index, new[:index], first, imports)
        new[index] = fresh
    return Novelty(cells, new, previous.first, previous.imports)
