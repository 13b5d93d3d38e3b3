"""Where the cells jupytext read sit in their ``.py`` file, when the fast reader is unsure.

``percent_reader.cell_spans`` answers only for files it reads itself; one magic-like line
(a markdown diagram's ``+-----``) or an unusual cell sends a whole module to jupytext, and
its annotations then lost every file line number.  Here each cell's source is found in the
file, in order, line by line: a code line as it is, a markdown line as it is (inside a
triple-quoted string), commented (``# text``) or after the opening quotes.  Every non-blank
line of every cell must be found where the cell's first line puts it; else the lines stay
unknown (None) rather than wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .lazy_re import compile_lazily
from .percent_reader import CellSpan
from .typing_names import Any

__all__ = ["aligned_spans"]

_MARKER = compile_lazily(r"^#\s*%%")


def _source_lines(cell: Mapping[str, Any]) -> list[str]:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return text.split("\n")


def _holds(file_line: str, text: str, markdown: bool) -> bool:
    """Whether ``file_line`` is how the file writes the cell's line ``text``."""
    if file_line == text:
        return True
    if not markdown:
        return False
    stripped = file_line.lstrip()
    return file_line in (f"# {text}", f"#{text}") or stripped in (f'"""{text}', f"'''{text}")


def _place(
    lines: Sequence[str], start: int, source: list[str], markdown: bool
) -> tuple[int, int] | None:
    """(index of the file line holding the cell's first non-blank line, that line's index
    in the source), searching from ``start``; None when the cell is not there whole."""
    first = next((k for k, text in enumerate(source) if text.strip()), None)
    if first is None:
        return None
    for at in range(start, len(lines)):
        if not _holds(lines[at], source[first], markdown):
            continue
        origin = at - first  # file index of source line 0
        if origin < start:
            continue
        if all(
            not text.strip()
            or (origin + k < len(lines) and _holds(lines[origin + k], text, markdown))
            for k, text in enumerate(source)
        ):
            return at, first
    return None


def aligned_spans(text: str, cells: Sequence[Mapping[str, Any]]) -> list[CellSpan] | None:
    """Spans of ``cells`` (as jupytext read ``text``) in ``text``; None unless every cell
    with text is found, in order, line for line."""
    lines = text.splitlines()
    spans: list[CellSpan] = []
    position = 0
    for cell in cells:
        source = _source_lines(cell)
        placed = _place(lines, position, source, cell.get("cell_type") == "markdown")
        if placed is None:
            if any(text.strip() for text in source):
                return None
            spans.append(CellSpan(None, position + 1, position))  # an empty cell: no lines
            continue
        at, first = placed
        origin = at - first
        marker = next(
            (k for k in range(origin - 1, position - 1, -1) if _MARKER.match(lines[k])), None
        )
        last = origin + len(source) - 1
        spans.append(
            CellSpan(
                None if marker is None else marker + 1,
                origin + 1 if marker is None else marker + 2,
                last + 1,
                origin + 1,
            )
        )
        position = last + 1
    return spans
