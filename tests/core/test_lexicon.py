"""The direct readers of wordfreq's and lemminflect's data answer as the libraries do."""

from __future__ import annotations

import _thread
import gzip
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lemminflect
import pytest
import wordfreq

from tinyscaffold_server.core.concepts import lexicon

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
        "from tinyscaffold_server.core import analyzer\n"
        "from tinyscaffold_server.core.concepts import lexicon\n"
        "assert lexicon._tables is None\n"
        "lexicon.zipf('tensor'); lexicon.parts_of_speech('tensor')\n"
        "assert lexicon._tables\n"
        "print('wordfreq' in sys.modules, 'lemminflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("a", ["a,x"]),
        ("b", ["b,y", "b,x"]),  # a word's lines in the file's order
        ("c", []),
        ("d", ["d,x"]),
        ("0", []),
        ("z", []),
        ("b c", ["b c,z"]),  # sorted by word: "b c" after "b", though " " < ","
        ("bb", ["bb,x"]),
    ],
)
@pytest.mark.parametrize("sample_bytes", [1, 2, 3, 5, 8, 2048])
def test_search_by_word(
    word: str, expected: list[str], sample_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever lines the samples land on (a word's second line, the last line), a word's
    lines are all found, from its first."""
    monkeypatch.setattr(lexicon, "_SAMPLE_BYTES", sample_bytes)
    monkeypatch.setattr(lexicon, "_samples", {})
    text = b"a,x\nb,y\nb,x\nb c,z\nbb,x\nd,x\n"
    assert lexicon._lines_of(text, word, ",") == expected


def test_every_word_of_the_lemma_table_is_found_with_all_its_lines() -> None:
    files = lexicon._data_files()
    assert files is not None
    text = lexicon._lemma_lines(files[1])
    by_word: dict[str, list[str]] = {}
    for line in text.decode().split("\n")[:-1]:
        by_word.setdefault(line.partition(",")[0], []).append(line)
    assert all(lexicon._lines_of(text, word, ",") == lines for word, lines in by_word.items())
    assert lexicon._lines_of(text, "zzzzq", ",") == [] and lexicon._lines_of(text, "a,b", ",") == []


def test_lemminflect_ships_its_table_sorted_by_word() -> None:
    """The reader bisects the file as it ships (and checks samples of it at run time)."""
    files = lexicon._data_files()
    assert files is not None
    text = lexicon._lemma_lines(files[1])
    words = [line.partition(b",")[0] for line in text.split(b"\n") if line]
    assert words == sorted(words) and len(words) > 50_000


def test_an_unsorted_lemma_table_is_sorted_first(tmp_path: Path) -> None:
    data = tmp_path / "lemma_lu.csv.gz"
    data.write_bytes(gzip.compress(b"zeta,noun,zeta\nalpha,noun,alpha\nmid,verb,mid\n" * 200))
    text = lexicon._lemma_lines(data)
    assert text.startswith(b"alpha,noun,alpha\nalpha,noun,alpha\n") and text.endswith(b"zeta\n")
    assert lexicon._lines_of(text, "mid", ",")[:1] == ["mid,verb,mid"]


@pytest.mark.usefixtures("fresh_lexicon")
@pytest.mark.parametrize("stored", [False, True], ids=["in memory", "as stored"])
def test_both_forms_of_the_tables_answer_as_the_libraries(stored: bool) -> None:
    if stored:
        lexicon.install_table_store(lambda key: None, lambda key, tables: None)
    frequent = wordfreq.top_n_list("en", 300, wordlist="small")
    for word in (*SAMPLE, *frequent[::5]):
        assert lexicon.zipf(word) == wordfreq.zipf_frequency(word, "en", wordlist="small"), word
    for word in SAMPLE:  # (lemminflect's API also guesses for pronouns, which its table lacks)
        assert lexicon.parts_of_speech(word) == frozenset(lemminflect.getAllLemmas(word)), word
    assert lexicon._tables is not None
    assert isinstance(lexicon._tables[0], bytes) is stored


@pytest.fixture
def fresh_lexicon(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forget the prepared tables and answers for one test, and restore them after it."""
    monkeypatch.setattr(lexicon, "_tables", None)
    monkeypatch.setattr(lexicon, "_store", None)
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


@pytest.mark.usefixtures("fresh_lexicon")
def test_tables_prepared_early_in_a_thread_are_the_ones_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI starts preparing the tables while it imports the analysis: the first lookup
    waits for that thread and reads no data file itself; the answers are the libraries'."""
    monkeypatch.setattr(lexicon, "_early", None)
    threads: list[int] = []
    read = lexicon._read_tables

    def counted(*args: object) -> object:
        threads.append(_thread.get_ident())
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(lexicon, "_read_tables", counted)
    lexicon.prepare_early()
    lexicon.prepare_early()  # a second call starts no second thread
    assert lexicon.zipf("tensor") == wordfreq.zipf_frequency("tensor", "en", wordlist="small")
    assert lexicon.parts_of_speech("tensor") == frozenset(lemminflect.getAllLemmas("tensor"))
    assert len(threads) == 1 and threads[0] != _thread.get_ident()
    lexicon.prepare_early()  # prepared already: nothing to start
    assert len(threads) == 1 and lexicon._early is None


@pytest.mark.usefixtures("fresh_lexicon")
def test_a_failed_early_preparation_is_done_again_at_the_first_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lexicon, "_early", None)
    calls: list[int] = []
    load = lexicon._load_tables

    def failing_once() -> tuple[lexicon.Prepared, tuple[str, lexicon.Tables] | None]:
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError  # whatever the thread met, the lookup does it again, here
        return load()

    monkeypatch.setattr(lexicon, "_load_tables", failing_once)
    lexicon.prepare_early()
    assert lexicon.zipf("tensor") == wordfreq.zipf_frequency("tensor", "en", wordlist="small")
    assert len(calls) == 2


@pytest.mark.usefixtures("fresh_lexicon")
def test_tables_prepared_early_are_stored_by_the_lookup_not_the_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run that ends before its first lookup must not leave the thread half way through
    writing the store: the thread only reads; the first lookup stores what it read."""
    monkeypatch.setattr(lexicon, "_early", None)
    saved: list[int] = []
    lexicon.install_table_store(
        lambda key: None, lambda key, tables: saved.append(_thread.get_ident())
    )
    lexicon.prepare_early()
    assert lexicon._early is not None
    with lexicon._early[0]:  # the thread has read the tables, and stored nothing
        assert saved == []
    lexicon.settle()
    assert saved == [_thread.get_ident()] and lexicon._early is None and lexicon._tables
