"""Line numbers a reader can follow: the file's, where the file has them.

The core counts lines from the top of each cell ("split it before line 9"): it sees one
notebook, not the file it came from.  A percent ``.py`` file's cells sit at known lines
(``core/percent_reader.cell_spans``), so text, SARIF and GitHub annotations say the file's
line there ("before line 195"); an ``.ipynb`` has no lines a reader can open, so its lines
stay the cell's and say so ("before cell 12, line 9").

A span is the CLI's ``[marker line, first line, last line, file line of source line 1]``
(``cli/analysis.py``); None when the file's lines are unknown (an ``.ipynb``, a file the
fast reader left to jupytext, the student view, whose cells lose their hidden tests).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..core.lazy_re import compile_lazily
from ..core.typing_names import Any
from .common import cell_no

__all__ = ["Span", "Spans", "cell_region", "finding_region", "in_file"]

Span = Sequence[int | None]
Spans = Sequence[Span]
DASH = "\N{EN DASH}"
# How the core's messages name lines: "line 9", "lines 17-25" (an en dash), "lines 9, 20
# and 31".
_NUMBER = rf"\d+(?:{DASH}\d+)?"
_REFERENCE = compile_lazily(rf"\b(lines?) ({_NUMBER}(?:(?:, | and ){_NUMBER})*)\b")
_ONE = compile_lazily(r"\d+")


def _span(spans: Spans | None, cell_index: int) -> Span | None:
    if spans is None or not 0 <= cell_index < len(spans):
        return None
    return spans[cell_index]


def _file_line(span: Span, cell_line: int) -> int:
    source_line = span[3] if len(span) > 3 and span[3] is not None else span[1]
    assert source_line is not None
    return source_line + cell_line - 1


def in_file(text: str, cell_index: int, spans: Spans | None) -> str:
    """``text`` with its cell-relative line references made the file's (``spans`` known),
    or said to be the cell's ("cell 12, line 9")."""
    span = _span(spans, cell_index)

    def rewrite(match: re.Match[str]) -> str:
        word, numbers = match.groups()
        if span is None:
            return f"cell {cell_no(cell_index)}, {word} {numbers}"
        return f"{word} " + _ONE.sub(lambda n: str(_file_line(span, int(n.group()))), numbers)

    return _REFERENCE.sub(rewrite, text)


def cell_region(spans: Spans | None, cell_index: int) -> tuple[int, int] | None:
    """First and last line of a cell in its file (from its ``# %%`` marker), when known."""
    span = _span(spans, cell_index)
    if span is None:
        return None
    marker, first, last = span[0], span[1], span[2]
    start = marker if marker is not None else first
    assert start is not None and last is not None
    return start, max(start, last)


def finding_region(
    finding: Mapping[str, Any], cell_index: int, spans: Spans | None
) -> tuple[int, int] | None:
    """The file lines a finding points at: its own ``lines`` when it has them, else its
    cell's; None when the file's lines are unknown."""
    span = _span(spans, cell_index)
    lines = finding.get("lines")
    if span is not None and lines:
        return _file_line(span, int(lines[0])), _file_line(span, int(lines[1]))
    return cell_region(spans, cell_index)
