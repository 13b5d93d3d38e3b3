"""What the notebook walk (:mod:`.novelty`) reads across the whole notebook.

Before the walk: heading subjects that depend on the cells around them (the title, a
heading the next cell takes up), the emphasised labels the notebook repeats (its rubrics),
which code teaches, and where each concept is explained at its strongest level or first
implemented.  During the walk: whether a prose term is used again in another cell, each
answer recorded with its evidence so that :func:`.novelty.update` can re-check it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .candidates import merged_concepts
from .code_vocabulary import shortens
from .keys import padded, phrases, postings, word_text
from .types import MENTIONED, CellConcepts, Concept, opening_cell

__all__ = [
    "CODE_KINDS",
    "UsedElsewhere",
    "best_introductions",
    "first_implemented",
    "introduced_later",
    "notebook_rubrics",
    "resolve_headings",
    "resolve_opening",
    "teaching_code",
]

CODE_KINDS = frozenset({"class", "function", "method", "closure", "call"})
_PENDING_KINDS = frozenset({"title", "next-heading"})
_RUBRIC_CELLS = 3


def notebook_rubrics(cells: Sequence[CellConcepts]) -> frozenset[str]:
    """Emphasised labels the notebook repeats in several cells ("**Connections**:",
    "**Key Insight**:"): its typography, not a term it teaches."""
    counts: dict[str, int] = {}
    for cell in cells:
        for key in {c.key for c in cell.candidates if c.kind == "term"}:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(key for key, count in counts.items() if count >= _RUBRIC_CELLS)


def resolve_opening(cells: Sequence[CellConcepts]) -> Sequence[CellConcepts]:
    """The notebook's first H1 opens it and previews the module; a cell with a later H1
    ("# 3.2 Bias") opens one of its sections and teaches like any other cell."""
    titled = [(at, read) for at, cell in enumerate(cells) if (read := cell.as_section) is not None]
    if len(titled) < 2:
        return cells
    resolved = list(cells)
    for at, read in titled[1:]:
        resolved[at] = cells[at]._replace(candidates=read)
    return resolved


def resolve_headings(
    cells: Sequence[CellConcepts],
) -> tuple[Sequence[CellConcepts], tuple[tuple[int, str, bool], ...]]:
    """Heading subjects that depend on the notebook around them.

    - The notebook's first H1 is its title ("Layers - Building Neural Networks"): it names
      the module, it does not teach; every later H1 is an ordinary section heading, in the
      opening cell ("# Part 1: MNIST") or after it.
    - A heading its own cell does not discuss counts when the next cell takes it up
      ("### Ranking-Aware Loss", then ``class RankingAwareLoss``), or defines what it names
      in a programmer's shorter name ("### Multi-Task Learning Loss", then ``class
      MultiTaskLoss``); otherwise it is a label.
    """
    if not any(c.kind in _PENDING_KINDS for cell in cells for c in cell.candidates):
        return cells, ()
    resolved = list(cells)
    decisions: list[tuple[int, str, bool]] = []
    moved: dict[int, list[Concept]] = {}
    title_at: tuple[int, int | None] | None = None  # the notebook's first H1
    opening = opening_cell(cells)
    for index, cell in enumerate(cells):
        if not any(c.kind in _PENDING_KINDS for c in cell.candidates):
            continue
        after = cells[index + 1].text if index + 1 < len(cells) else ""
        kept = []
        for concept in cell.candidates:
            if concept.kind == "title":
                if title_at is None and index == opening:
                    title_at = (index, concept.line)
                if title_at == (index, concept.line):
                    continue  # the title's subject and its subtitle's purpose
                concept = concept._replace(kind="heading")
            elif concept.kind == "next-heading":
                phrase = padded(concept.name)
                taken_up = phrase in after
                if not taken_up and index + 1 < len(cells):
                    # the re-check then looks for the code's name, as it did
                    shorter = defined_as(phrase, cells[index + 1].defined)
                    phrase, taken_up = shorter or phrase, shorter is not None
                if index + 1 < len(cells):
                    decisions.append((index, phrase, taken_up))
                if not taken_up:
                    continue
                concept = concept._replace(kind="heading")
                if cell.heading_only:
                    # "## 1.3 Convolutional Neural Network (CNN)" alone in its cell: the
                    # section below it is where the subject is explained
                    moved.setdefault(index + 1, []).append(concept._replace(line=None))
                    continue
            kept.append(concept)
        resolved[index] = cell._replace(candidates=tuple(kept))
    for index, concepts in moved.items():
        below = resolved[index]
        resolved[index] = below._replace(candidates=(*concepts, *below.candidates))
    return resolved, tuple(decisions)


def defined_as(phrase: str, defined: frozenset[str]) -> str | None:
    """The ``padded`` words of a name the code defines that spells the heading ``phrase``
    with words left out, first and last kept ("multi task loss" of "multi task learning
    loss"): a programmer names what the heading says, shorter.  Two words or more."""
    words = phrase.split()
    for name in sorted(defined):
        parts = word_text(name).split()
        if len(parts) < 2 or len(parts) >= len(words):
            continue
        if not (shortens(parts[0], words[0]) and shortens(parts[-1], words[-1])):
            continue
        rest = iter(words[1:-1])
        if all(any(shortens(part, word) for word in rest) for part in parts[1:-1]):
            return padded(" ".join(parts))
    return None


def teaching_code(cells: Sequence[CellConcepts]) -> str:
    if any(cell.marked for cell in cells):
        return "marked"
    return "solutions" if any(cell.solution for cell in cells) else "all"


def first_implemented(concept: Concept, implemented: Mapping[str, int]) -> int | None:
    """The first cell whose code implements or calls the concept, if any."""
    return min(
        (implemented[f] for f in (concept.key, *concept.forms) if f in implemented), default=None
    )


def best_introductions(
    cells: Sequence[CellConcepts], code: str
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Per spelling key, (strongest level, first cell at that level) of what the prose says
    about it; and the keys of what the code implements or calls.  Code is no explanation:
    "Let's compute the backward pass" introduces the term, ``def backward_pass`` below it
    implements what was introduced."""
    best: dict[str, tuple[int, int]] = {}
    implemented: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for concept in merged_concepts(cell, {}, frozenset(), code):
            if concept.kind in CODE_KINDS:
                for form in (concept.key, *concept.forms):
                    implemented.setdefault(form, index)
                continue
            # a comment captioning code ("# Hyperparameters") is code's: no explanation
            said = MENTIONED if concept.kind == "comment" else concept.level
            for form in (concept.key, *concept.forms):
                level, _ = best.get(form, (0, index))
                if said > level:
                    best[form] = (said, index)
    return best, implemented


def introduced_later(
    concept: Concept, index: int, introduced_at: Mapping[str, tuple[int, int]]
) -> bool:
    if concept.kind == "definition":
        return False  # a sentence explains it here; a later section about it goes deeper
    strongest = max(
        (introduced_at[f] for f in (concept.key, *concept.forms) if f in introduced_at),
        key=lambda entry: (entry[0], -entry[1]),
        default=None,
    )
    return strongest is not None and strongest[0] > concept.level and strongest[1] > index


class UsedElsewhere:
    """Does a prose term appear (as words) in another cell of the notebook?

    A term the lesson never uses again was mentioned in passing, not taught ("Memory
    layout" in a list of performance considerations); the labelling guide counts a concept
    where the student is meant to learn it.  Code units, glossary terms and the subjects of
    sections (a heading about the term) are exempt.  An inverted index (word → cells) keeps
    this to a few set look-ups per term; every answer is recorded with its evidence.
    """

    def __init__(self, cells: Sequence[CellConcepts]) -> None:
        self._cells = cells
        self._index: dict[str, set[int]] | None = None
        self.decisions: list[tuple[int, tuple[str, ...], int]] = []

    def _postings(self) -> dict[str, set[int]]:
        if self._index is None:
            self._index = postings(cell.text for cell in self._cells)
        return self._index

    def __call__(self, concept: Concept, at: int) -> bool:
        index = self._postings()
        spelled = tuple(phrases((concept.name, *concept.aliases)))
        evidence = -1
        for phrase in spelled:
            words = phrase.split()
            where = set.intersection(*(index.get(w, set()) for w in words)) - {at}
            found = [other for other in where if phrase in self._cells[other].text]
            if found and evidence < 0:
                evidence = min(found)
        self.decisions.append((at, spelled, evidence))
        return evidence >= 0
