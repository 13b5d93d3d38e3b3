"""Cells jupytext read, found in their file: the same spans as the fast reader's wherever it
answers, lines where it does not, and None rather than a wrong line."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from tinyscaffold_server.core.aligned_spans import aligned_spans
from tinyscaffold_server.core.percent_reader import cell_spans

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted([*ROOT.glob("examples/*.py"), *ROOT.glob("tests/fixtures/*.py")])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_where_the_fast_reader_answers_the_spans_agree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = cell_spans(text)
    if fast is None:
        pytest.skip("the fast reader leaves this file to jupytext")
    cells = jupytext.reads(text, fmt="py")["cells"]
    aligned = aligned_spans(text, cells)
    assert aligned is not None
    lines = text.splitlines()
    for cell, ours, theirs in zip(cells, aligned, fast, strict=True):
        for number, line in enumerate(cell["source"].split("\n"), 1):
            if line.strip():
                assert ours.file_line(number) == theirs.file_line(number)
                assert line in lines[ours.file_line(number) - 1]
        assert ours.start_line == theirs.start_line


def test_a_magic_like_markdown_line_no_longer_hides_the_lines() -> None:
    text = '# %% [markdown]\n"""\n# Intro\n\n    +-----\n"""\n\n# %%\nx = 1\ny = 2\n'
    assert cell_spans(text) is None  # the fast reader leaves it to jupytext
    cells = jupytext.reads(text, fmt="py")["cells"]
    spans = aligned_spans(text, cells)
    assert spans is not None
    assert [s.start_line for s in spans] == [1, 8]
    assert spans[0].file_line(1) == 3  # "# Intro", after the opening quotes' line
    assert spans[1].file_line(2) == 10  # "y = 2"


def test_a_cell_that_is_not_in_the_file_leaves_the_lines_unknown() -> None:
    text = "# %%\nx = 1\n"
    assert aligned_spans(text, [{"cell_type": "code", "source": "x = 2"}]) is None
    cells = [{"cell_type": "code", "source": "x = 1"}, {"cell_type": "code", "source": "x = 1"}]
    assert aligned_spans(text, cells) is None  # found once, not twice
