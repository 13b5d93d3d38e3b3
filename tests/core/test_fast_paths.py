"""The cold-path shortcuts keep behaviour: GC pause is restored, marker/block scans agree
with the plain regex scans they replace."""

from __future__ import annotations

import gc
import random

import pytest

from tinyscaffold_server import Analyzer, NotANotebook
from tinyscaffold_server.core.guidance import _BLOCK_WORDS, _block_words, find_guidance
from tinyscaffold_server.core.source import parse_code

NOTEBOOK = {"cells": [{"cell_type": "code", "source": "x = 1\n", "metadata": {}}]}


def test_analyze_restores_gc() -> None:
    assert gc.isenabled()
    Analyzer().analyze(NOTEBOOK)
    assert gc.isenabled()


def test_analyze_restores_gc_on_error() -> None:
    with pytest.raises(NotANotebook):
        Analyzer().analyze({"cells": [{"cell_type": 3}]})
    assert gc.isenabled()


def test_analyze_leaves_host_disabled_gc_alone() -> None:
    gc.disable()
    try:
        Analyzer().analyze(NOTEBOOK)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_block_words_match_finditer() -> None:
    rng = random.Random(7)
    parts = ["BEGIN", "END", " ", "SOLUTION", "x", "_", "#", "\n", "SOLUTIONS", "é", "1"]
    for _ in range(3000):
        code = "".join(rng.choice(parts) for _ in range(rng.randint(1, 20)))
        expected = [(m.start(), m.group(1)) for m in _BLOCK_WORDS.finditer(code)]
        assert [(m.start(), m.group(1)) for m in _block_words(code)] == expected


@pytest.mark.parametrize(
    ("source", "todo", "hints"),
    [
        ("TODO = 1\nHINT = 2\n", False, False),  # code, not guidance
        ("x = 'TODO'  # HINTS here\n", False, True),  # only the comment part counts
        ("TODO# x\n", False, False),  # before the "#" is code
        ('"""TODO: a"""\nHINTS = 1\n', True, False),  # docstring counts, code does not
        ("#TODO\n#xHINT\n", True, False),  # word boundaries as in the comment text
        ("TODO (\nHINT\n", True, True),  # unparseable: every line counts
    ],
)
def test_guidance_only_in_comments_and_docstrings(source: str, todo: bool, hints: bool) -> None:
    guidance = find_guidance(parse_code(source))
    assert (guidance.todo, guidance.hints) == (todo, hints)
