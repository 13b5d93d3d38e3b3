"""Where a term was first said (issue 19, placement).

A plain phrase is a concept only where the notebook shows it to be a term (``plain.py``),
and that is often a later cell than the one where the student first meets it: "Similarly,
ELU replaces the negative part with an exponential decay" says it in passing, and only the
TODO below ("Implement ELU") shows it to be a term.  The labelling guide credits the first
substantive use: so the notebook walk asks :class:`FirstSaid` where the phrase was
first said: as a phrase of its own that was not found term-like, inside a longer phrase the
chunker read there ("For learning embeddings and similarity:"), or else in the words of the
teaching prose wherever the chunker cut them (``said_text``: a teaching line without its
questions, look-aheads and emphasised labels; a solution's docstrings and comments).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..lazy_re import compile_lazily
from .keys import padded, phrases
from .phrases import is_preview
from .prose import EMPHASIS
from .teaching_prose import CODE_SPAN
from .types import DEFINED, PLAIN_PHRASES, CellConcepts, Concept, opening_cell

__all__ = ["FirstSaid", "said_text"]

_MOVABLE = PLAIN_PHRASES | {"instruction"}
_SENTENCE = compile_lazily(r"(?<=[.!?])\s+")


def said_text(line: str) -> str:
    """The words of one teaching line a term can be first said in: not its questions ("Why
    do frameworks implement gradient checkpointing?"), not its look-aheads ("This will
    become important soon, when we generate a numerical representation"), not emphasis,
    code, links' targets, HTML or math."""
    if "`" in line or "](" in line or "<" in line or "$" in line:
        line = CODE_SPAN.sub(" ", line)  # inline code, a link's target, HTML, math
    if "*" in line or "_" in line:
        # emphasis marks a label or a name ("**AdamW (Adam with Weight Decay)**"): its words
        # are the label's, not a sentence that says them
        line = EMPHASIS.sub(" ", line)
    if "?" not in line and not is_preview(line):
        return line.strip()  # (most lines: no sentence of it asks or looks ahead)
    kept = [
        sentence
        for sentence in _SENTENCE.split(line)
        if not sentence.rstrip().endswith("?") and not is_preview(sentence)
    ]
    return " ".join(kept).strip()


class FirstSaid:
    """The plain phrases the walk did not find term-like where they stood, by the cell that
    first said them: whole (their keys), and inside a longer phrase (every shorter run of its
    words: "embeddings" in "For learning embeddings and similarity"); and the lines of the
    teaching prose (``CellConcepts.sayings``), searched last, in the cells whose prose has
    the phrase's words (``saying``: the walk's index of the prose, built once per walk)."""

    def __init__(
        self, cells: Sequence[CellConcepts], saying: Callable[[Sequence[str]], set[int]]
    ) -> None:
        self._cells = cells
        self._saying = saying
        # the notebook's opening (its first H1) previews the module: it says nothing first
        opening = opening_cell(cells)
        self._opening = -1 if opening is None else opening
        self._whole: dict[str, tuple[int, Concept]] = {}
        self._inside: dict[str, tuple[int, Concept]] = {}

    def add(self, concept: Concept, at: int) -> None:
        said = at, concept
        whole = self._whole
        for form in (concept.key, *concept.forms):
            if form not in whole:
                whole[form] = said
        if " " not in concept.key:
            return
        words = concept.key.split()
        inside = self._inside
        for size in range(1, len(words)):
            for cut in range(len(words) - size + 1):
                run = " ".join(words[cut : cut + size])
                if run not in inside:
                    inside[run] = said

    def said_first(self, concept: Concept, forms: Sequence[str], at: int) -> tuple[int, Concept]:
        """Where a plain phrase, now found term-like, was first said: "Similarly, ELU
        replaces the negative part …", then "## TODO: Implement ELU" in the code below;
        "For learning embeddings and similarity:", then "# distance between embeddings" in
        the code below.  The earlier sentence did not show the phrase to be a
        term, but it is where the student first meets it (labelling guide: "if it is never
        explained anywhere, the first substantive use introduces it").  A definition stays
        where it stands."""
        if concept.level >= DEFINED or concept.kind not in _MOVABLE:
            return at, concept
        found = at, concept
        for form in forms:
            whole = self._whole.get(form)
            if whole is not None and whole[0] < found[0]:
                found = whole
            inside = self._inside.get(form)
            if inside is not None and inside[0] < found[0]:
                # said inside a longer phrase there: the term as the later cell names it, on
                # the line that says it
                found = inside[0], concept._replace(line=inside[1].line)
        said = self._said(concept, found[0])
        if said is not None:
            found = said[0], concept._replace(line=said[1])
        return found

    def _said(self, concept: Concept, before: int) -> tuple[int, int] | None:
        """(cell, line) of the first teaching line before cell ``before`` that says the
        phrase in its words ("Let's visualize these images and their corresponding training
        labels", where the chunker cut no phrase of its own; "HINT: use tensor.matmul() for
        matrix multiplication" in a solution's docstring)."""
        first: tuple[int, int] | None = None
        for phrase in phrases((concept.name, *concept.aliases)):
            for at in sorted(self._saying(phrase.split())):
                if at >= (before if first is None else first[0]):
                    break
                if at == self._opening:
                    continue
                line = _line_saying(phrase, self._cells[at].sayings)
                if line is not None:
                    first = at, line
                    break
        return first


def _line_saying(phrase: str, sayings: Sequence[tuple[int, str]]) -> int | None:
    """The first line of ``sayings`` whose words hold the padded ``phrase``.  The start of
    each word must stand in the raw line (word_text only lowers, splits and singularises),
    which spares reading most lines as words."""
    starts = [word[:3] for word in phrase.split()]
    for lineno, text in sayings:
        lowered = text.lower()
        if all(start in lowered for start in starts) and phrase in padded(text):
            return lineno
    return None
