"""The concepts later modules introduce, indexed for the ``concept-order`` check.

A cell uses a concept where its words (``keys.padded``: lower-case, singular, one space apart)
contain one of the concept's spellings as consecutive words.  Looking every spelling up in every
cell costs spellings times text; here the spellings are indexed by their first word, so a cell's
words are looked up once each, and what a cell contains is kept per cell text: while an author
types, only the edited cell is read again (the live path checks a 1,000-cell module against a
dozen later modules in about a millisecond).

Pure: no I/O.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

from ..core.concepts.keys import phrases

__all__ = ["Later", "LaterConcept", "OrderCheck"]

# One later module's concepts: (module path, ((key, name, spellings), ...)).
Later = tuple[str, tuple[tuple[str, str, tuple[str, ...]], ...]]


class LaterConcept(NamedTuple):
    path: str  # the module that introduces it
    key: str
    name: str
    spelled: tuple[str, ...]  # its spellings as padded phrases (``keys.phrases``)
    ids: tuple[int, ...]  # the phrases' numbers in the index


class OrderCheck:
    """Which later concepts' spellings a text contains; safe to share between threads."""

    def __init__(self, later: Iterable[Later], max_chars: int = 2_000_000) -> None:
        numbers: dict[tuple[str, ...], int] = {}
        concepts: list[LaterConcept] = []
        for path, items in later:
            for key, name, spellings in items:
                spelled = tuple(phrases(spellings))
                ids = tuple(numbers.setdefault(tuple(p.split()), len(numbers)) for p in spelled)
                concepts.append(LaterConcept(path, key, name, spelled, ids))
        self.concepts = tuple(concepts)
        self._by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for words, number in numbers.items():
            self._by_first.setdefault(words[0], []).append((number, words))
        self.max_chars = max_chars
        self._hits: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def hits(self, text: str) -> frozenset[int]:
        """The numbers of the phrases ``text`` (a padded cell text) contains."""
        with self._lock:
            found = self._hits.get(text)
            if found is not None:
                self._hits.move_to_end(text)
                return found
        found = self._search(text)
        if len(text) <= self.max_chars:
            with self._lock:
                if text not in self._hits:
                    self._hits[text] = found
                    self._chars += len(text)
                while self._chars > self.max_chars:
                    old, _ = self._hits.popitem(last=False)
                    self._chars -= len(old)
        return found

    def _search(self, text: str) -> frozenset[int]:
        words = text.split()
        found: set[int] = set()
        by_first = self._by_first
        for at, word in enumerate(words):
            for number, phrase in by_first.get(word, ()):
                if len(phrase) == 1 or tuple(words[at : at + len(phrase)]) == phrase:
                    found.add(number)
        return frozenset(found)

    def first_cells(self, texts: Iterable[str]) -> dict[int, int]:
        """Phrase number → the first of ``texts`` (cell indexes) that contains it."""
        first: dict[int, int] = {}
        if not self._by_first:
            return first
        for index, text in enumerate(texts):
            for number in self.hits(text):
                first.setdefault(number, index)
        return first
