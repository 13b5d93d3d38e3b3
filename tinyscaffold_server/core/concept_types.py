"""The concept records the per-cell extraction produces and the notebook walk consumes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .keys import normalise_key

__all__ = ["CellConcepts", "Concept", "make_concept"]


class Concept(NamedTuple):  # a NamedTuple: built by the thousand, much cheaper than a dataclass
    name: str  # the author's spelling at its first appearance ("ReLU", "Tensor.add")
    key: str  # normalise_key(name): what novelty is decided on
    # "term" (emphasis) | "heading" | "definition" | "class" | "function" | "method" |
    # "closure" | "call" | "override" | "glossary"
    kind: str
    line: int | None  # 1-based line in the cell (None for overrides)
    aliases: tuple[str, ...] = ()  # other spellings: abbreviation, expansion, variants seen
    forms: tuple[str, ...] = ()  # keys of the aliases: any of them seen means "not new"


def make_concept(
    name: str, kind: str, line: int | None, aliases: Sequence[str] = (), key: str = ""
) -> Concept:
    key = key or normalise_key(name)
    forms = tuple(dict.fromkeys(k for k in map(normalise_key, aliases) if k and k != key))
    return Concept(name, key, kind, line, tuple(aliases), forms)


class CellConcepts(NamedTuple):
    """Facts that depend on one cell only, so the caller can cache them by cell content."""

    candidates: tuple[Concept, ...]  # what the cell introduces if new, in order of appearance
    calls: tuple[tuple[str, int], ...]  # raw dotted calls of a solution cell, first use only
    imports: tuple[tuple[str, str], ...]  # aliases this cell binds: ("np", "numpy")
    mentions: frozenset[str] = frozenset()  # dotted names its prose names ("np.maximum")
    # Definitions of a non-solution, non-test code cell: they count only in a notebook
    # without solution cells, where the code shown is the lesson.
    fallback: tuple[Concept, ...] = ()
    solution: bool = False
    markdown: bool = False
    # Emphasised terms that do not count because a glossary decides what the concepts are.
    others: tuple[Concept, ...] = ()
    # The cell's words, lower-case and singular, one space apart (prose and identifiers):
    # where the walk looks for a term used again.
    text: str = ""
