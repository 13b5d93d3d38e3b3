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
directly: lemminflect's loader parses its lemma table line by line (about 0.6 s), and
importing wordfreq pulls in its text normalisers (about 0.2 s).  Here lemminflect's file is
searched as it ships, by bisection (it is sorted by word), and wordfreq's list becomes a
dict, or a sorted text when the CLI keeps the tables in its cache directory, so that later
runs read them in about 1 ms (docs/CLI-STARTUP.md).  Preparing both takes 15 to 20 ms.
The libraries' own APIs answer if a file is not where these versions keep it, and tests
hold the direct readers equal to the APIs (docs/CONCEPTS.md).
"""

from __future__ import annotations

import contextlib
import zlib
from bisect import bisect_left
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from ..memo import small_input_cache
from ..typing_names import Any

__all__ = [
    "COMMON_ZIPF",
    "install_table_store",
    "is_comparative",
    "parts_of_speech",
    "zipf",
]

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


# Each table is one UTF-8 text of lines sorted by their word, searched by bisecting on byte
# offsets (UTF-8 byte order is code point order): no per-word objects to build and nothing
# to decode, so a stored table costs one read, and the CLI keeps them on disk as they are
# (``install_table_store``).  Format: "word\tzipf" lines, and lemminflect's own file as it
# ships, "word,category,lemma/lemma" lines already sorted by word.  Without a store, the
# frequencies are a dict instead: building one is faster than sorting the words.
TABLE_FORMAT = 2
Tables = tuple[bytes, bytes]  # (frequencies, lemmas), as a store keeps them
_tables: tuple[bytes | dict[str, float], bytes] | None = None
_store: tuple[Callable[[str], Tables | None], Callable[[str, Tables], None]] | None = None


def install_table_store(
    load: Callable[[str], Tables | None], save: Callable[[str, Tables], None]
) -> None:
    """Let a caller keep the prepared tables between processes (the CLI's cache directory):
    ``load(key)`` returns what ``save(key, tables)`` stored, or None.  The key names the data
    files (path, size, mtime) and this format, so an upgraded package never reads old tables."""
    global _store
    _store = (load, save)


def _data_files() -> tuple[Path, Path] | None:
    try:
        return (
            _package_file("wordfreq", "data", "small_en.msgpack.gz"),
            _package_file("lemminflect", "resources", "lemma_lu.csv.gz"),
        )
    except (ModuleNotFoundError, ValueError):
        return None


def _table_key(files: tuple[Path, Path]) -> str:
    parts = [f"lexicon:{TABLE_FORMAT}"]
    for file in files:
        stat = file.stat()
        parts.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _frequency_buckets(data: Path) -> list[Any] | None:
    """wordfreq's English "small" list (cBpack: after a header, bucket i holds the words of
    frequency 10^(-i/100), so Zipf 9 - i/100), read without importing wordfreq itself,
    whose text-normalising dependencies take longer to import than the list to read."""
    import msgpack

    packed = msgpack.unpackb(_gunzip(data.read_bytes()), raw=False)
    if not isinstance(packed, list) or not isinstance(packed[0], dict):
        return None
    return packed if packed[0].get("format") == "cB" else None


def _gunzip(data: bytes) -> bytes:
    """``gzip.decompress`` without importing gzip (with struct and the rest of its imports,
    a few milliseconds of the CLI's start-up): every member of a gzip file, in order."""
    parts = []
    while data:
        inflater = zlib.decompressobj(wbits=31)  # 16 + 15: a gzip header and trailer
        parts.append(inflater.decompress(data))
        if not inflater.eof:
            raise ValueError("a truncated gzip file")
        data = inflater.unused_data.lstrip(b"\0")  # gzip allows zero padding after a member
    return b"".join(parts)


def _bucket_zipf(index: int) -> float:
    return round(9 - (index - 1) / 100, 2)


def _frequency_dict(buckets: list[Any]) -> dict[str, float]:
    zipfs: dict[str, float] = {}
    for index in range(1, len(buckets)):
        zipf = _bucket_zipf(index)
        for word in buckets[index]:
            if word not in zipfs:  # a word's first (most frequent) bucket wins
                zipfs[word] = zipf
    return zipfs


def _frequency_lines(buckets: list[Any]) -> bytes:
    lines: list[str] = []
    for index in range(1, len(buckets)):
        suffix = f"\t{_bucket_zipf(index)}"
        lines += [word + suffix for word in buckets[index]]
    lines.sort()  # by word: "\t" sorts before every character of a word
    return ("\n".join(lines) + "\n").encode()


def _lemma_lines(data: Path) -> bytes:
    text = _gunzip(data.read_bytes())
    text = text if text.endswith(b"\n") else text + b"\n"
    if _looks_sorted(text, b","):
        return text  # as lemminflect ships it (a test holds the whole file sorted)
    lines = [line for line in text.split(b"\n") if line]
    lines.sort(key=lambda line: line.partition(b",")[0])  # stable: lemminflect's order per word
    return b"\n".join(lines) + b"\n"


def _looks_sorted(text: bytes, separator: bytes, samples: int = 256) -> bool:
    """Whether the words of lines spread evenly over ``text`` are in order: a check of a
    data file's layout that costs microseconds, not a proof (the tests read every line)."""
    words = []
    for sample in range(samples):
        start = text.rfind(b"\n", 0, len(text) * sample // samples) + 1
        words.append(text[start : text.find(b"\n", start)].partition(separator)[0])
    return words == sorted(words)


TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:
    from typing import TypeVar

    _Frequencies = TypeVar("_Frequencies", bytes, dict[str, float])


def _read_tables(
    files: tuple[Path, Path], frequencies: Callable[[list[Any]], _Frequencies]
) -> tuple[_Frequencies, bytes] | None:
    """The tables read from the data files, the frequencies in the form ``frequencies``
    makes of wordfreq's buckets."""
    buckets = _frequency_buckets(files[0])
    if buckets is None:
        return None
    return frequencies(buckets), _lemma_lines(files[1])


Prepared = tuple[bytes | dict[str, float], bytes] | None
# What preparing found: the tables, and the store key to save them under when they were read
# from the data files (saved by the thread that looks them up first, never by ``prepare_early``'s
# thread, which a run that ends early would stop half way through a write).
_Loaded = tuple[Prepared, tuple[str, Tables] | None]
# The tables being prepared in a thread (``prepare_early``): a lock held until they are, and
# the list the thread puts them in.
_early: tuple[Any, list[_Loaded]] | None = None


def prepare_early() -> None:
    """Start preparing the tables in a thread, for a caller that knows it will analyse and
    has other work first (the CLI imports the analysis meanwhile): reading and inflating the
    data files does not hold the GIL, so on a second core most of it is off the run's time.
    The first lookup waits for the thread; without this call it prepares them itself.  A
    process that forks calls ``settle`` first."""
    global _early
    if _tables is not None or _early is not None:
        return
    import _thread  # not threading: its import costs more than this thread saves

    done = _thread.allocate_lock()
    done.acquire()
    result: list[_Loaded] = []

    def prepare() -> None:
        try:
            result.append(_load_tables())
        except BaseException:  # the first lookup prepares them again, and raises there
            pass
        finally:
            done.release()

    _early = (done, result)
    _thread.start_new_thread(prepare, ())


def settle() -> None:
    """Wait for ``prepare_early``'s thread, if one is running, so that none is when the
    process forks (a child would inherit the locks it held); the children then share the
    tables it prepared."""
    if _early is not None:
        _prepared_tables()


def _prepared_tables() -> Prepared:
    global _tables, _early
    if _tables is None:
        early, _early = _early, None
        loaded: _Loaded | None = None
        if early is not None:
            done, result = early
            with done:  # the thread has finished
                loaded = result[0] if result else None
        tables, unsaved = loaded if loaded is not None else _load_tables()
        if unsaved is not None and _store is not None:
            with contextlib.suppress(OSError):  # not stored: the tables are still good
                _store[1](*unsaved)
        _tables = tables
    return _tables


def _load_tables() -> _Loaded:
    """The tables from the store, else read from the data files (with the key and tables to
    store); None if the data files are not where these versions keep them (the libraries'
    APIs then answer)."""
    files = _data_files()
    if files is None:
        return None, None
    try:
        if _store is None:
            return _read_tables(files, _frequency_dict), None
        key = _table_key(files)
        stored = _store[0](key)
        if stored is not None:
            return stored, None
        read = _read_tables(files, _frequency_lines)
        return read, (key, read) if read is not None else None
    except (ImportError, OSError, ValueError, IndexError, zlib.error):
        return None, None


# Every _SAMPLE_BYTES of a table, the word of the next line and where that line starts: a
# lookup bisects these samples (in C) and finds the word's first line in the window between
# two of them, instead of bisecting the whole text line by line in Python (~16 µs a word).
# Built once per table (under a millisecond for lemminflect's 1.8 MB), kept with the table.
_SAMPLE_BYTES = 2048
_samples: dict[bytes, tuple[bytes, list[bytes], list[int]]] = {}  # separator → its table's


def _sampled(text: bytes, split: bytes) -> tuple[list[bytes], list[int]]:
    kept = _samples.get(split)
    if kept is not None and kept[0] is text:
        return kept[1], kept[2]
    words: list[bytes] = []
    starts: list[int] = []
    start = 0
    while start < len(text):
        end = text.find(b"\n", start)
        end = len(text) if end < 0 else end
        words.append(text[start:end].partition(split)[0])
        starts.append(start)
        start = text.find(b"\n", start + _SAMPLE_BYTES) + 1
        if start == 0:
            break
    _samples[split] = (text, words, starts)
    return words, starts


def _first_line(text: bytes, wanted: bytes, split: bytes) -> int:
    """Where the first line of ``wanted`` would start: its own line, or the first line whose
    word sorts after it."""
    if split in wanted or b"\n" in wanted:
        return _bisected(text, wanted, split)  # no word of a table holds either
    words, starts = _sampled(text, split)
    at = bisect_left(words, wanted)
    low = starts[at - 1] if at > 0 else 0  # a word before ``wanted``
    high = starts[at] if at < len(starts) else len(text)  # one not before it, or the end
    needle = b"\n" + wanted + split
    found = text.find(needle, low, high - 1 + len(needle))
    return found + 1 if found >= 0 else high


def _bisected(text: bytes, wanted: bytes, split: bytes) -> int:
    low, high = 0, len(text)  # both line starts; the first line of ``wanted`` is in [low, high]
    while low < high:
        start = text.rfind(b"\n", 0, (low + high) // 2) + 1
        end = text.find(b"\n", start)
        if text[start:end].partition(split)[0] < wanted:
            low = end + 1
        else:
            high = start
    return low


def _lines_of(text: bytes, word: str, separator: str) -> list[str]:
    """The lines of a text sorted by word whose word (before ``separator``) is ``word``
    (they are adjacent)."""
    wanted, split = word.encode(), separator.encode()
    low = _first_line(text, wanted, split)
    found = []
    prefix = wanted + split
    while low < len(text) and text.startswith(prefix, low):
        end = text.find(b"\n", low)
        found.append(text[low:end].decode())
        low = end + 1
    return found


@small_input_cache(maxsize=8192, max_size=64)  # no English word is longer
def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in general English (0 for unknown words), as
    ``wordfreq.zipf_frequency(word, "en", wordlist="small")`` gives it."""
    tables = _prepared_tables()
    if tables is None:
        return float(_wordfreq().zipf_frequency(word, "en", wordlist="small"))
    if isinstance(tables[0], dict):
        return tables[0].get(word, 0.0)
    lines = _lines_of(tables[0], word, "\t")
    return max((float(line.rsplit("\t", 1)[1]) for line in lines), default=0.0)


@small_input_cache(maxsize=8192, max_size=64)
def _lemmas(word: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The parts of speech a word can take (asked of every word of the prose, made once per
    word) and its lemmas under each."""
    tables = _prepared_tables()
    if tables is None:
        found = dict(_lemminflect().getAllLemmas(word))
        return frozenset(found), found
    found = {}
    for line in _lines_of(tables[1], word, ","):
        parts = line.split(",")
        if len(parts) == 3:
            found["AUX" if parts[1] == "modal" else parts[1].upper()] = tuple(parts[2].split("/"))
    return frozenset(found), found


def parts_of_speech(word: str) -> frozenset[str]:
    """The universal POS tags a lower-case word can take; empty for words it does not know
    (technical terms such as "softmax" or "vectorization")."""
    return _lemmas(word)[0]


def inflects(word: str, base: str) -> bool:
    """ "zeroing" is a form of "zero" (any part of speech)."""
    return any(base in lemmas for lemmas in _lemmas(word)[1].values())


def is_comparative(word: str) -> bool:
    """ "higher", "faster", "best": an inflected adjective, never the start of a term."""
    lemmas = _lemmas(word)[1].get("ADJ") or ()
    return bool(lemmas) and word not in lemmas and word.endswith(("er", "est"))
