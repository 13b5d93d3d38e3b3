"""A course glossary: the author's own list of concepts, found wherever they appear.

With a glossary, a concept is introduced where one of its spellings (the term or an alias)
first appears, in prose or code; other emphasised terms become "candidates" that are shown
but not counted.  Matching is by key words, so "Tensors", "tensor" and ``Tensor`` meet, and
a code identifier such as ``batch_size`` matches the alias "batch size".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from .concept_types import Concept, make_concept
from .keys import normalise_key, singular

__all__ = ["Glossary", "compile_glossary", "find_terms", "word_text"]

_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")


class Glossary(NamedTuple):
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (term, aliases) as configured
    pattern: re.Pattern[str] | None  # any spelling, on word-normalised text
    entry_of: dict[str, int]  # normalised spelling → entry index


def word_text(text: str) -> str:
    """Lower-case, singular words joined by single spaces (the space the pattern runs on)."""
    text = _CAMEL.sub(" ", text.replace("-", ""))
    return " ".join(map(singular, _WORD.findall(text.lower())))


@lru_cache(maxsize=16)
def compile_glossary(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> Glossary:
    entry_of: dict[str, int] = {}
    for index, (term, aliases) in enumerate(entries):
        for spelling in (term, *aliases):
            words = word_text(spelling)
            if words:
                entry_of.setdefault(words, index)
    if not entry_of:
        return Glossary(entries, None, entry_of)
    longest_first = sorted(entry_of, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")\b")
    return Glossary(entries, pattern, entry_of)


def glossary_of(config: Any) -> Glossary | None:
    raw = config.get("glossary") if hasattr(config, "get") else None
    if not raw:
        return None
    entries = tuple((str(term), tuple(str(a) for a in aliases)) for term, aliases in raw)
    return compile_glossary(entries)


def find_terms(glossary: Glossary, lines: Sequence[str], kind: str = "glossary") -> list[Concept]:
    """The glossary concepts a cell's text names, each once, at its first line."""
    if glossary.pattern is None:
        return []
    found: dict[int, Concept] = {}
    for lineno, line in enumerate(lines, start=1):
        for match in glossary.pattern.finditer(word_text(line)):
            index = glossary.entry_of[match.group(0)]
            if index not in found:
                term, aliases = glossary.entries[index]
                found[index] = make_concept(term, kind, lineno, aliases, normalise_key(term))
    return sorted(found.values(), key=lambda concept: concept.line or 0)
