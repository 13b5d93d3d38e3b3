"""A course glossary: the author's own list of concepts, found wherever they appear.

With a glossary, a concept is introduced where one of its spellings (the term or an alias)
first appears, in prose or code; other emphasised terms become "candidates" that are shown
but not counted.  Matching is by key words, so "Tensors", "tensor" and ``Tensor`` meet, and
a code identifier such as ``batch_size`` matches the alias "batch size".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..memo import small_input_cache
from ..named_tuple import NamedTuple
from ..typing_names import Any
from .keys import normalise_key, word_text
from .types import Concept, make_concept

__all__ = ["Glossary", "compile_glossary", "find_terms"]


class Glossary(NamedTuple):
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (term, aliases) as configured
    pattern: re.Pattern[str] | None  # any spelling, on word-normalised text
    entry_of: dict[str, int]  # normalised spelling → entry index


# A glossary comes from a configuration (a request may carry one): cached while modest.
@small_input_cache(maxsize=16, max_size=4096)
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
