"""General-English word knowledge for concept filtering, from maintained PyPI data packages.

- ``wordfreq`` (Zipf frequency of a word in general English): "slow", "build", "production"
  are everyday words (Zipf ≥ 4.5), "softmax", "tensor", "scalar" are not;
- ``lemminflect`` (the parts of speech a word can take, and its lemma): "slow" can only be an
  adjective, adverb or verb, so alone it is no concept; "higher" is a comparative.

Both ship their data inside the wheel (nothing is downloaded at run time) and load lazily,
once per process, on the first question; answers are memoised per word.  wordfreq's
"small" list is enough: it holds every word of Zipf ≥ 3, and every threshold here is above
that (a word it lacks is rare by any of them).

Start-up matters (the CLI runs in pre-commit hooks), so both data files are read here
directly: lemminflect's loader parses its lemma table line by line (about 0.6 s) where
splitting it once and bisecting takes a few ms, and importing wordfreq pulls in its text
normalisers (about 0.2 s) where the list itself unpacks in tens of ms.  The libraries'
own APIs answer if a file is not where these versions keep it, and tests hold the direct
readers equal to the APIs (docs/CONCEPTS.md).
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from functools import lru_cache
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
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


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)), *parts)


_zipf_table: dict[str, float] | None = None


def _frequency_table() -> dict[str, float] | None:
    """wordfreq's English "small" list (cBpack: after a header, bucket i holds the words of
    frequency 10^(-i/100), so Zipf 9 - i/100), read without importing wordfreq itself,
    whose text-normalising dependencies take longer to import than the list to read."""
    global _zipf_table
    if _zipf_table is None:
        try:
            import msgpack

            data = _package_file("wordfreq", "data", "small_en.msgpack.gz")
            packed = msgpack.unpackb(gzip.decompress(data.read_bytes()), raw=False)
            if not isinstance(packed[0], dict) or packed[0].get("format") != "cB":
                return None
        except (ImportError, OSError, ValueError, IndexError):
            return None
        table: dict[str, float] = {}
        for index, bucket in enumerate(packed[1:]):
            for word in bucket:
                table.setdefault(word, round(9 - index / 100, 2))
        _zipf_table = table
    return _zipf_table


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in general English (0 for unknown words), as
    ``wordfreq.zipf_frequency(word, "en", wordlist="small")`` gives it."""
    table = _frequency_table()
    if table is not None:
        return table.get(word, 0.0)
    return float(_wordfreq().zipf_frequency(word, "en", wordlist="small"))


_table: list[str] | None = None


def _lemma_table() -> list[str] | None:
    """lemminflect's lookup table ("word,category,lemma/lemma" lines), sorted for bisection:
    splitting the text is all the parsing done up front."""
    global _table
    if _table is None:
        try:
            data = _package_file("lemminflect", "resources", "lemma_lu.csv.gz")
            lines = gzip.decompress(data.read_bytes()).decode("utf-8").split("\n")
        except (OSError, ValueError, ModuleNotFoundError):
            return None
        if any(later < earlier for earlier, later in pairwise(lines)):
            lines.sort()
        _table = lines
    return _table


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    lines = _lemma_table()
    if lines is None:
        return dict(_lemminflect().getAllLemmas(word))
    found: dict[str, tuple[str, ...]] = {}
    prefix = word + ","
    at = bisect_left(lines, prefix)
    while at < len(lines) and lines[at].startswith(prefix):
        parts = lines[at].split(",")
        if len(parts) == 3:
            found["AUX" if parts[1] == "modal" else parts[1].upper()] = tuple(parts[2].split("/"))
        at += 1
    return found


def parts_of_speech(word: str) -> frozenset[str]:
    """The universal POS tags a lower-case word can take; empty for words it does not know
    (technical terms such as "softmax" or "vectorization")."""
    return frozenset(_lemmas(word))


def is_comparative(word: str) -> bool:
    """ "higher", "faster", "best": an inflected adjective, never the start of a term."""
    lemmas = _lemmas(word).get("ADJ") or ()
    return bool(lemmas) and word not in lemmas and word.endswith(("er", "est"))
