"""Bounded memory in the core: the analyzer's per-cell cache (bytes, digests), cancellation
between cells, offloaded cells, and the word caches that only keep small inputs."""

from __future__ import annotations

import gc
import threading
import tracemalloc
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tinyscaffold_server import Analyzer, load_notebook
from tinyscaffold_server.core.analyzer import Cancelled, CellInput, analyse_cells
from tinyscaffold_server.core.cell_analysis import analyse_cell
from tinyscaffold_server.core.cell_cache import SHORT_SOURCE, result_bytes
from tinyscaffold_server.core.cell_result import CellResult
from tinyscaffold_server.core.concepts import keys, lexicon
from tinyscaffold_server.core.config import merge_config
from tinyscaffold_server.core.memo import recent_text_cache, small_input_cache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def notebook(*sources: str) -> dict[str, Any]:
    return {"cells": [{"cell_type": "code", "source": s, "metadata": {}} for s in sources]}


def long_cell(k: int, lines: int = 400) -> str:
    return "".join(f"value_{k}_{i} = compute({i}, 'text')  # note\n" for i in range(lines))


def test_the_cache_keeps_digests_not_sources() -> None:
    analyzer = Analyzer()
    source = long_cell(1)
    analyzer.analyze(notebook(source, "x = 1"))
    keys_held = list(analyzer._cache._entries)
    assert len(keys_held) == 2
    for _, digest, _, _ in keys_held:  # (type, digest, metadata, config key: one shared str)
        assert isinstance(digest, bytes) or len(digest) <= SHORT_SOURCE
    # Same content, another string object: a cache hit (digests compare content).
    copy = "".join(list(source))
    assert copy is not source
    assert analyzer.misses(notebook(copy, "x = 1")) == (0, 0)
    assert analyzer.misses(notebook(copy + "\n", "x = 1")) == (1, len(source) + 1)


def test_an_analysis_after_weighing_its_cost_reports_what_it_would_have() -> None:
    """The server weighs a request (``misses``) and then analyses the same notebook object,
    which takes over the cells and keys worked out: the report is the same as without, and
    a different notebook analysed after the weighing gets its own report."""
    weighed, plain = Analyzer(), Analyzer()
    first = notebook("def f(x):\n    return x", "# Intro", "y = f(2)")
    second = notebook("def g(x):\n    if x:\n        return 1\n    return 2")
    for this in (first, second):
        assert weighed.misses(this) == plain.misses(this)
        assert weighed.analyze(this) == plain.analyze(this)
    assert weighed.misses(first) == (0, 0)
    assert weighed.analyze(second) == plain.analyze(second)  # not the weighed notebook's
    assert weighed.analyze(first) == plain.analyze(first)


def test_the_cache_is_bounded_in_bytes_and_cells() -> None:
    limit = 20 * result_bytes(len(long_cell(0)))
    analyzer = Analyzer(max_cells=1000, max_bytes=limit)
    for k in range(60):
        analyzer.analyze(notebook(long_cell(k)))
        assert analyzer._cache._held <= limit
    assert 18 <= analyzer.cached_cells <= 20  # lengths differ a little with k
    small = Analyzer(max_cells=5)
    small.analyze(notebook(*(f"x = {i}" for i in range(12))))
    assert small.cached_cells == 5


def test_counted_bytes_cover_what_results_hold() -> None:
    """The estimate (``result_bytes``) against tracemalloc, on real course cells: never
    below what the results hold, and not wildly above."""
    cells = load_notebook(FIXTURES / "activations.py")["cells"]
    config = merge_config(None)
    for cell in cells:  # warm the process-wide tables (word lists) out of the measure
        analyse_cell(cell["cell_type"], cell["source"], cell["metadata"], config)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    held = [analyse_cell(c["cell_type"], c["source"], c["metadata"], config) for c in cells]
    gc.collect()
    measured = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    counted = sum(result_bytes(len(c["source"])) for c in cells)
    assert held
    assert measured <= counted <= 6 * measured


def test_cancelled_between_cells_keeps_what_was_computed() -> None:
    analyzer = Analyzer()
    sources = [f"v{i} = {i}\n" * 5 for i in range(10)]
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 4  # four cells, then the request is superseded

    with pytest.raises(Cancelled):
        analyzer.analyze(notebook(*sources), cancelled=cancelled)
    assert analyzer.cached_cells == 4
    assert analyzer.misses(notebook(*sources))[0] == 6
    report = analyzer.analyze(notebook(*sources))
    assert report == Analyzer().analyze(notebook(*sources))


class ThreadOffload:
    """An offload that runs in a thread (the server's runs in a process)."""

    def __init__(self, min_chars: int, batch_cells: int = 10**9) -> None:
        self.min_chars = min_chars
        self.batch_cells, self.batch_chars = batch_cells, 10**12
        self.seen: list[list[CellInput]] = []
        self.pool = ThreadPoolExecutor(1)

    def __call__(
        self, cells: list[CellInput], config: Any, cancelled: Any
    ) -> Future[list[CellResult]]:
        self.seen.append(cells)
        return self.pool.submit(analyse_cells, cells, config)


def test_large_cells_are_offloaded_and_the_report_is_the_same() -> None:
    big, small = long_cell(7, 2000), "y = 2"
    offload = ThreadOffload(min_chars=10_000)
    analyzer = Analyzer()
    report = analyzer.analyze(notebook(small, big), offload=offload)
    assert [[source for _, source, _ in job] for job in offload.seen] == [[big]]
    assert report == Analyzer().analyze(notebook(small, big))
    analyzer.analyze(notebook(small, big), offload=offload)  # cached: nothing offloaded again
    assert len(offload.seen) == 1


def test_when_many_cells_are_missing_they_all_go_to_the_offload() -> None:
    sources = [f"w{i} = {i}" for i in range(12)]
    offload = ThreadOffload(min_chars=10**9, batch_cells=10)
    analyzer = Analyzer()
    report = analyzer.analyze(notebook(*sources), offload=offload)
    assert [len(job) for job in offload.seen] == [12]
    assert report == Analyzer().analyze(notebook(*sources))
    edited = [*sources[:11], "w11 = 12"]
    analyzer.analyze(notebook(*edited), offload=offload)  # one missing: analysed here
    assert len(offload.seen) == 1


def test_word_caches_keep_only_short_inputs() -> None:
    keys.singular.cache_clear()
    long_word = "tensors" * 100_000  # one 700,000-character "word"
    assert keys.singular(long_word) == long_word[:-1]
    assert keys.singular("tensors") == "tensor"
    assert keys.singular.cache_info().currsize == 1
    assert keys.singular.maxsize <= 8192 and keys.singular.max_size <= 64
    for cache in (keys.normalise_key, lexicon.zipf):
        assert cache.maxsize * cache.max_size <= 8192 * 128


def test_small_input_cache_counts_with_its_size_function() -> None:
    calls: list[tuple[int, ...]] = []

    @small_input_cache(maxsize=4, max_size=3)
    def total(items: tuple[int, ...]) -> int:
        calls.append(items)
        return sum(items)

    assert total((1, 2)) == total((1, 2)) == 3
    assert total((1, 2, 3, 4)) == total((1, 2, 3, 4)) == 10
    assert calls == [(1, 2), (1, 2, 3, 4), (1, 2, 3, 4)]


def test_small_input_cache_of_several_arguments_keys_on_all_of_them() -> None:
    calls: list[tuple[str, int]] = []

    @small_input_cache(maxsize=4, max_size=3)
    def repeat(text: str, times: int = 1) -> str:
        calls.append((text, times))
        return text * times

    assert repeat("ab") == repeat("ab", 1) == "ab" and repeat("ab", times=2) == "abab"
    assert repeat("abcd", 2) == repeat("abcd", 2) == "abcdabcd"  # too long to keep
    assert calls == [("ab", 1), ("ab", 1), ("ab", 2), ("abcd", 2), ("abcd", 2)]


def test_recent_text_cache_keeps_the_last_few_short_texts() -> None:
    calls: list[str] = []

    @recent_text_cache(kept=2, max_chars=5)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [upper(t) for t in ("ab", "ab", "cd", "ab", "ef", "cd", "ab")] == [
        "AB", "AB", "CD", "AB", "EF", "CD", "AB",
    ]  # fmt: skip
    assert calls == ["ab", "cd", "ef", "ab"]  # two kept: "ef" pushed the oldest ("ab") out
    assert upper("longer") == upper("longer") == "LONGER"
    assert calls[-2:] == ["longer", "longer"]  # longer than max_chars: never kept
    upper.cache_clear()
    assert upper("cd") == "CD" and calls[-1] == "cd"


def test_padded_text_is_shared_by_the_passes_over_one_cell() -> None:
    keys.padded.cache_clear()
    text = "## Activation Functions\n\nReLU and GELU are activation functions."
    assert keys.padded(text) == " activation function relu and gelu are activation function "
    assert keys.padded(text) is keys.padded(text)  # tokenised once
    assert keys.padded.kept * keys.padded.max_chars <= 8 * 262_144  # the README's bound


def test_the_analyzer_is_shared_safely_between_threads() -> None:
    analyzer = Analyzer(max_cells=50)
    sources = [f"w{i} = {i}\n" for i in range(80)]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for k in range(5):
                analyzer.analyze(notebook(*sources[offset + k : offset + k + 20]))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i * 10,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert analyzer.cached_cells <= 50
