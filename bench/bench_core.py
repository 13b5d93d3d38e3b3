"""Benchmark the analysis core against the SPEC 8 / brief targets (a script, not a test).

    python bench/bench_core.py

Prints one table: cold analysis of real modules, warm re-analysis after a one-cell edit
(40 and 1,000 cells), cold 1,000 cells, and cold time against the floor (json parse +
ast.parse of every code cell, the work no analyser can avoid).

"Cold" means genuinely cold: every repetition uses a fresh ``Analyzer`` and first clears the
module-level memo caches of the core (``normalise_key``'s ``lru_cache`` and friends), so no
repetition profits from an earlier one.  Cold and floor repetitions are interleaved, so a
burst of load from other processes on the machine hits both sides of the ratio alike.
"""

from __future__ import annotations

import ast
import copy
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from tinyscaffold_server import Analyzer, load_notebook
from tinyscaffold_server.core import analyzer, ast_facts, guidance, metrics, roles, rules
from tinyscaffold_server.core import source as core_source
from tinyscaffold_server.core.concepts import candidates as concepts
from tinyscaffold_server.core.concepts import code_units as code_concepts
from tinyscaffold_server.core.concepts import (
    exercises,
    glossary,
    keys,
    lexicon,
    novelty,
    phrases,
    prose,
    term_filter,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "tensor_dev.ipynb"
PROSE_CORPUS = ROOT.parent / "shared" / "corpus" / "mit_mnist.ipynb"  # a course in plain prose
FIXTURES = ROOT / "tests" / "fixtures"


def best(fn: Callable[[], Any], repeat: int = 7, setup: Callable[[], Any] | None = None) -> float:
    """Median of ``repeat`` runs, in seconds (median: robust to a stray GC pause);
    ``setup`` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(first: Callable[[], Any], second: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Medians of ``repeat`` interleaved runs of two functions, in seconds; the memo caches
    are cleared (untimed) before every run of either."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, bucket in ((first, times[0]), (second, times[1])):
            clear_memos()
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


_CORE_MODULES = (
    analyzer, ast_facts, code_concepts, concepts, exercises, glossary, guidance, keys, lexicon,
    metrics, novelty, phrases, prose, roles, rules, term_filter, core_source,
)  # fmt: skip


def clear_memos() -> None:
    """Empty every module-level ``functools`` cache of the core (found by attribute, so a
    cache added later is cleared too)."""
    for module in _CORE_MODULES:
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def module_cells(n: int) -> list[dict[str, Any]]:
    """A TinyTorch-like rhythm: explanation, solution, test, repeated."""
    cells = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            source = f"## Step {i}\n\nWe build **concept {i}** with $y_{i} = x^2$.\n" + "word " * 40
            cells.append({"cell_type": "markdown", "source": source, "metadata": {}})
        elif kind == 1:
            body = "\n".join(f"        v{j} = x * {j}" for j in range(8))
            source = (
                f"#| export\ndef step_{i}(x):\n"
                f'    """\n    TODO: step {i}.\n\n    APPROACH:\n    1. a\n    2. b\n\n'
                f'    EXAMPLE: step_{i}(1)\n    HINTS: none\n    """\n'
                f"    ### BEGIN SOLUTION\n    if x > 0:\n{body}\n        return v7\n"
                f"    return np.maximum(x, 0)\n    ### END SOLUTION\n"
            )
            meta = {"nbgrader": {"solution": True, "grade": False, "grade_id": f"s{i}"}}
            cells.append({"cell_type": "code", "source": source, "metadata": meta})
        else:
            source = f"assert step_{i - 1}(2) == 14\nprint('ok')\n"
            meta = {"nbgrader": {"grade": True, "solution": False, "points": 1}}
            cells.append({"cell_type": "code", "source": source, "metadata": meta})
    return cells


def synthetic(n: int) -> dict[str, Any]:
    cells = [{"cell_type": "code", "source": "import numpy as np\n", "metadata": {}}]
    cells += module_cells(n - 1)
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def floor(text: str) -> None:
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"]
            ast.parse(source if isinstance(source, str) else "".join(source))


def cold(text: str) -> None:
    Analyzer().analyze(json.loads(text))


def warm_edit(notebook: dict[str, Any]) -> Callable[[], Any]:
    """Re-analyse after editing one solution cell, alternating two versions of it."""
    analyzer = Analyzer()
    analyzer.analyze(notebook)
    target = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code" and i > 1)
    versions = [notebook["cells"][target]["source"] + f"\nx{k} = {k}\n" for k in range(2)]
    state = {"k": 0}
    edited = copy.deepcopy(notebook)
    for version in versions:  # both versions cached: measure the notebook pass + one lookup
        edited["cells"][target]["source"] = version
        analyzer.analyze(edited)

    def run() -> None:
        state["k"] ^= 1
        edited["cells"][target]["source"] = versions[state["k"]]
        analyzer.analyze(edited)

    return run


def warm_new_edit(notebook: dict[str, Any]) -> Callable[[], Any]:
    """Re-analyse after a genuinely new edit (one cell recomputed from scratch)."""
    analyzer = Analyzer()
    analyzer.analyze(notebook)
    edited = copy.deepcopy(notebook)
    target = next(i for i, c in enumerate(edited["cells"]) if c["cell_type"] == "code" and i > 1)
    base = edited["cells"][target]["source"]
    state = {"k": 0}

    def run() -> None:
        state["k"] += 1
        edited["cells"][target]["source"] = base + f"\ny = {state['k']}\n"
        analyzer.analyze(edited)

    return run


def _markdown_typing(notebook: dict[str, Any], base: str) -> Callable[[], Any]:
    """Re-analyse after each keystroke at the end of the first markdown cell, set to ``base``
    (the cell recomputed from scratch every time)."""
    analyzer = Analyzer()
    edited = copy.deepcopy(notebook)
    target = next(i for i, c in enumerate(edited["cells"]) if c["cell_type"] == "markdown")
    edited["cells"][target]["source"] = base
    analyzer.analyze(edited)
    state = {"k": 0}

    def run() -> None:
        state["k"] += 1
        edited["cells"][target]["source"] = base + f" typing{state['k']}"
        analyzer.analyze(edited)

    return run


def warm_markdown_edit(notebook: dict[str, Any], words: int = 300) -> Callable[[], Any]:
    """A keystroke in a 300-word markdown cell of marked terms and filler words."""
    prose = " ".join(
        f"The **layer {k}** maps inputs; a *gradient* flows back." if k % 5 == 0 else "word"
        for k in range(words - 6 * (words // 5))
    )
    return _markdown_typing(notebook, f"## Layers\n\n{prose}\n")


# Sentences in the way courses write prose (definitions, links, inline code, plain phrases),
# written for this benchmark: the noun-phrase reading costs per word of real sentences.
_SENTENCES = (
    "A convolutional layer slides a small filter over the image and sums the products.",
    "The `shape` of a tensor defines its number of dimensions and the size of each one.",
    "We use [stochastic gradient descent](https://example.org/sgd) with a learning rate of 0.1.",
    "Each epoch, or pass over the training set, updates the weights once per batch.",
    "Overfitting, which shows as a gap between training and test accuracy, needs care.",
)


def warm_sentence_edit(notebook: dict[str, Any], words: int = 300) -> Callable[[], Any]:
    """A keystroke in a 300-word markdown cell of real sentences (one paragraph)."""
    text: list[str] = []
    while sum(len(s.split()) for s in text) < words:
        text.append(_SENTENCES[len(text) % len(_SENTENCES)])
    return _markdown_typing(notebook, "## Convolutions\n\n" + " ".join(text) + "\n")


def model_load_seconds() -> float:
    """Loading wordfreq's and lemminflect's data, once per process, in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from tinyscaffold_server.core.concepts import lexicon\n"
        "lexicon.zipf('tensor'); lexicon.parts_of_speech('tensor')\n"
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return statistics.median(runs)


def main() -> None:
    rows: list[tuple[str, float, str, bool | None]] = []

    def add(label: str, seconds: float, target: float | None = None, note: str = "") -> None:
        ok = None if target is None else seconds <= target
        goal = f"≤ {target * 1000:g} ms" if target is not None else note
        rows.append((label, seconds * 1000, goal, ok))

    real = [
        p
        for p in (CORPUS, PROSE_CORPUS, FIXTURES / "layers.ipynb", FIXTURES / "activations.py")
        if p.exists()
    ]
    for path in real:
        text = json.dumps(load_notebook(path))
        n = len(json.loads(text)["cells"])
        target = 0.150 if path == PROSE_CORPUS else None  # a real module of about 40 cells
        add(f"cold {path.name} ({n} cells)", best(partial(cold, text), setup=clear_memos), target)
    if CORPUS.exists():
        text = CORPUS.read_text(encoding="utf-8")
        corpus_cold, corpus_floor = paired(lambda: cold(text), lambda: floor(text), 21)
        add("  floor: json + ast.parse (tensor_dev)", corpus_floor)
        # No target since issue 8: concept filtering (word knowledge, sections, recurrence)
        # costs more than parsing; issue 8's targets are the live-path rows below.
        rows.append(("  cold / floor (tensor_dev)", corpus_cold / corpus_floor, "x", None))

    small = synthetic(40)
    small_text = json.dumps(small)
    add(
        "cold 40 cells (NLP data already loaded)",
        best(partial(cold, small_text), setup=clear_memos),
        0.150,
    )
    add("warm edit, 300-word markdown cell, 40 cells", best(warm_markdown_edit(small), 30), 0.010)
    add(
        "warm edit, 300 words of real sentences, 40 cells",
        best(warm_sentence_edit(small), 30),
        0.010,
    )
    add("warm one-cell edit, 40 cells (cached version)", best(warm_edit(small), 50), 0.001)
    add("warm one-cell edit, 40 cells (new source)", best(warm_new_edit(small), 50), 0.001)
    big = synthetic(1000)
    big_text = json.dumps(big)
    add("warm one-cell edit, 1000 cells (cached version)", best(warm_edit(big), 20), 0.005)
    add("warm one-cell edit, 1000 cells (new source)", best(warm_new_edit(big), 20), 0.005)
    big_cold, big_floor = paired(lambda: cold(big_text), lambda: floor(big_text), 11)
    add("cold 1000 cells", big_cold, 1.0)
    add("  floor: json + ast.parse (1000 cells)", big_floor)
    rows.append(("  cold / floor (1000 cells)", big_cold / big_floor, "x", None))
    add("NLP data load, once per process (wordfreq + lemminflect)", model_load_seconds())

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measurement':<{width}}{'value':>12}  {'target':<10}result")
    print("-" * (width + 32))
    for label, value, goal, ok in rows:
        unit = "x" if goal.endswith("x") else "ms"
        goal = "" if goal == "x" else goal
        result = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{label:<{width}}{value:>10.3f}{unit:>2}  {goal:<10}{result}")


if __name__ == "__main__":
    main()
