"""General-English word knowledge for concept filtering, from maintained PyPI data packages.

- ``wordfreq`` (Zipf frequency of a word in general English): "slow", "build", "production"
  are everyday words (Zipf ≥ 4.5), "softmax", "tensor", "scalar" are not;
- ``lemminflect`` (the parts of speech a word can take, and its lemma): "slow" can only be an
  adjective, adverb or verb, so alone it is no concept; "higher" is a comparative.

Both ship their data inside the wheel (nothing is downloaded at run time) and load lazily,
once per process, on the first question (about 0.1 s each: see docs/CONCEPTS.md).  Answers
are memoised per word.  A course's vocabulary is small, so the memo stays small.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["COMMON_ZIPF", "is_comparative", "parts_of_speech", "zipf"]

# Zipf 4.5 ≈ 30 occurrences per million words: "memory", "image", "simple" are above,
# "matrix", "vector", "broadcasting" (all near 4.0) below.
COMMON_ZIPF = 4.5

_modules: dict[str, Any] = {}


def _wordfreq() -> Any:
    module = _modules.get("wordfreq")
    if module is None:
        import wordfreq

        module = _modules["wordfreq"] = wordfreq
    return module


def _lemminflect() -> Any:
    module = _modules.get("lemminflect")
    if module is None:
        import lemminflect

        module = _modules["lemminflect"] = lemminflect
    return module


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in general English (0 for unknown words)."""
    return float(_wordfreq().zipf_frequency(word, "en", wordlist="large"))


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return dict(_lemminflect().getAllLemmas(word))


def parts_of_speech(word: str) -> frozenset[str]:
    """The universal POS tags a lower-case word can take; empty for words it does not know
    (technical terms such as "softmax" or "vectorization")."""
    return frozenset(_lemmas(word))


def is_comparative(word: str) -> bool:
    """"higher", "faster", "best": an inflected adjective, never the start of a term."""
    lemmas = _lemmas(word).get("ADJ")
    return bool(lemmas) and word not in lemmas and word.endswith(("er", "est"))
