"""The direct readers of wordfreq's and lemminflect's data answer as the libraries do."""

from __future__ import annotations

import subprocess
import sys

import lemminflect
import pytest
import wordfreq

from tinyscaffold_server.core import lexicon

SAMPLE = [
    "tensor",
    "tensors",
    "scalar",
    "vector",
    "matrix",
    "matrices",
    "broadcasting",
    "vectorization",
    "softmax",
    "relu",
    "gradient",
    "gradients",
    "slow",
    "higher",
    "best",
    "data",
    "memory",
    "layout",
    "production",
    "image",
    "loss",
    "attention",
    "overloading",
    "processing",
    "understand",
    "build",
    "use",
    "the",
    "of",
    "running",
    "ran",
    "axes",
    "analyses",
    "is",
    "would",
    "embedding",
    "dropout",
    "epoch",
    "learning",
    "linear",
    "neural",
    "network",
    "forward",
    "pass",
    "batch",
    "batches",
    "café",  # non-ASCII words: the tables are searched by UTF-8 byte order
    "naïve",
    "résumé",
    "zürich",
]


def test_frequencies_equal_wordfreq_small_list() -> None:
    frequent = wordfreq.top_n_list("en", 400, wordlist="small")
    for word in (*SAMPLE, *frequent[::7]):
        assert lexicon.zipf(word) == wordfreq.zipf_frequency(word, "en", wordlist="small"), word


@pytest.mark.parametrize("word", SAMPLE)
def test_parts_of_speech_equal_lemminflect(word: str) -> None:
    assert lexicon.parts_of_speech(word) == frozenset(lemminflect.getAllLemmas(word)), word


def test_comparatives() -> None:
    assert lexicon.is_comparative("higher") and lexicon.is_comparative("best")
    assert not lexicon.is_comparative("layer") and not lexicon.is_comparative("tensor")


def test_data_loads_lazily_and_without_importing_the_libraries() -> None:
    code = (
        "import sys\n"
        "from tinyscaffold_server.core import analyzer, lexicon\n"
        "assert lexicon._tables is None\n"
        "lexicon.zipf('tensor'); lexicon.parts_of_speech('tensor')\n"
        "assert lexicon._tables\n"
        "print('wordfreq' in sys.modules, 'lemminflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("a,", ["a,x"]),
        ("b,", ["b,x", "b,y"]),
        ("c,", []),
        ("d,", ["d,x"]),
        ("0", []),
        ("z", []),
        ("", ["a,x", "b,x", "b,y", "bb,x", "d,x"]),
    ],
)
def test_sorted_line_search(prefix: str, expected: list[str]) -> None:
    assert lexicon._lines_starting(b"a,x\nb,x\nb,y\nbb,x\nd,x\n", prefix) == expected


@pytest.fixture
def fresh_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the prepared tables and answers for one test, and restore them after it."""
    monkeypatch.setattr(lexicon, "_tables", None)
    monkeypatch.setattr(lexicon, "_store", lexicon._store)
    lexicon.zipf.cache_clear()
    lexicon._lemmas.cache_clear()
    yield
    lexicon.zipf.cache_clear()
    lexicon._lemmas.cache_clear()


@pytest.mark.usefixtures("fresh_lexicon")
def test_prepared_tables_go_to_an_installed_store_and_come_back_from_it() -> None:
    saved: dict[str, lexicon.Tables] = {}
    lexicon.install_table_store(saved.get, saved.__setitem__)
    assert lexicon.zipf("tensor") == wordfreq.zipf_frequency("tensor", "en", wordlist="small")
    ((key, (frequency, lemmas)),) = saved.items()
    assert key.startswith(f"lexicon:{lexicon.TABLE_FORMAT}\n") and "small_en" in key
    assert b"\ntensor\t" in frequency and b"\ntensor,noun,tensor\n" in lemmas

    # A later process reads what was stored instead of preparing the data again.
    lexicon._tables = None
    lexicon.zipf.cache_clear()
    stored = {key: (b"tensor\t7.5\n", b"tensor,adj,tensor\n")}
    lexicon.install_table_store(stored.get, lambda *_: pytest.fail("prepared again"))
    assert lexicon.zipf("tensor") == 7.5 and lexicon.zipf("softmax") == 0.0
    assert lexicon.parts_of_speech("tensor") == {"ADJ"}
