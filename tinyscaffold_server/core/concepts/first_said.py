"""Where a term was first said (issue 19, placement).

A plain phrase is a concept only where the notebook shows it to be a term (``plain.py``),
and that is often a later cell than the one where the student first meets it: "Similarly,
ELU replaces the negative part with an exponential decay" says it in passing, and only the
TODO below ("Implement ELU") shows it to be a term.  The labelling guide credits the first
substantive use: so the notebook walk asks :class:`FirstSaid` where the phrase was
first said: as a phrase of its own that was not found term-like, or inside a longer phrase
the chunker read there ("For learning embeddings and similarity:").
"""

from __future__ import annotations

from collections.abc import Sequence

from .types import DEFINED, PLAIN_PHRASES, Concept

__all__ = ["FirstSaid"]

_MOVABLE = PLAIN_PHRASES | {"instruction"}


class FirstSaid:
    """The plain phrases the walk did not find term-like where they stood, by the cell that
    first said them: whole (their keys), and inside a longer phrase (every shorter run of its
    words: "embeddings" in "For learning embeddings and similarity")."""

    def __init__(self) -> None:
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
        return found
