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
        "assert lexicon._zipf_table is None and lexicon._table is None\n"
        "lexicon.zipf('tensor'); lexicon.parts_of_speech('tensor')\n"
        "assert lexicon._zipf_table and lexicon._table\n"
        "print('wordfreq' in sys.modules, 'lemminflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
