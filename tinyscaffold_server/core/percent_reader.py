"""A fast reader for jupytext's percent format, the format course modules are written in.

jupytext is the authority on how a ``.py`` notebook splits into cells, but importing it costs
seconds (it imports nbformat, jsonschema and, where JupyterLab is installed, a grammar
compiled at import time).  A CLI run in a pre-commit hook cannot afford that, so this module
reads the common shape of a percent file itself and answers ``None`` -- "ask jupytext" --
for anything it is not sure about: other formats, headers with more than jupytext's own
section, magics, markers inside strings or fenced blocks, unusual marker lines.

It is held honest by jupytext as the test oracle (``tests/core/test_percent_reader.py``):
whenever it answers, its cells must equal jupytext's, on the repository's modules and on
generated percent files.  The reader also records where each cell sits in the file, which
jupytext does not, so that SARIF and GitHub annotations can point at real line numbers.
"""

from __future__ import annotations

import json

from .lazy_re import compile_lazily
from .named_tuple import NamedTuple
from .typing_names import Any

__all__ = ["CellSpan", "cell_spans", "read_percent"]

# jupytext's own cell-start patterns for Python (DoublePercentScriptCellReader): any line that
# jupytext would take as a cell start must be a marker this reader understands.
_ANY_MARKER = compile_lazily(r"^\s*#\s*%%(%*)\s(.*)$|^\s*#\s*(%%|<codecell>|In\[[0-9 ]*\]:?)\s*$")
_PLAIN_MARKER = compile_lazily(r"^# %%(?: (\[markdown\]))?(?: (\S.*))?$")
_OPTION_KEY = compile_lazily(r"([A-Za-z_][A-Za-z0-9_]*)=")
# Lines jupytext treats as (escaped) IPython magics, shell commands or help requests, or as
# escaped light-format markers: it rewrites them, so the fast reader leaves them to it.  This
# is deliberately broader than jupytext's rules (a comment ending in "?" counts).
_SHELLS = (
    "cat",
    "cd",
    "cp",
    "mv",
    "rm",
    "rmdir",
    "mkdir",
    "copy",
    "ddir",
    "echo",
    "ls",
    "ldir",
    "ren",
)
_SHELL_WORDS = r"(?:" + "|".join(_SHELLS) + r")(?:$|\s$|\s[^=,])"
_MAGIC_LIKE = compile_lazily(
    r"^\s*#*[# ]*(?:[%!?+]|" + _SHELL_WORDS + r"|[A-Za-z_]\w*\s*=\s*[%!])|^\s*#.*\?\s*$"
)
_CODE_FENCE = compile_lazily(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADER_FENCE = compile_lazily(r"^---\s*$")
_BLANK = compile_lazily(r"^\s*$")
_JUPYTER_KEY = compile_lazily(r"^jupyter\s*:\s*$")
_FORMAT_NAME = compile_lazily(r"^\s+format_name\s*:\s*(\S+)\s*$")
_QUOTE_OR_HASH = compile_lazily(r"[\"'#]")


def _magic_like(line: str) -> bool:
    """``_MAGIC_LIKE.match(line)``; a line without any of ``%!?+`` can match only through a
    shell word right after its leading blanks and ``#``s, so most lines skip the regex."""
    if "%" in line or "!" in line or "?" in line or "+" in line:
        return bool(_MAGIC_LIKE.match(line))
    return line.lstrip().lstrip("# ").startswith(_SHELLS) and bool(_MAGIC_LIKE.match(line))


def _is_marker(line: str) -> bool:
    """``_ANY_MARKER.match(line)``, with the substring checks first (most lines fail them)."""
    return ("%%" in line or "<codecell>" in line or "In[" in line) and bool(_ANY_MARKER.match(line))


class CellSpan(NamedTuple):  # (not a dataclass: importing dataclasses costs CLI start-up)
    """Where a cell sits in its text file: 1-based line numbers.

    ``marker_line`` is the ``# %%`` line (None for text before the first marker);
    ``first_line``..``last_line`` are the cell's content lines (``last_line`` is
    ``first_line - 1`` for an empty cell).  Line k of the cell's source is file line
    ``source_line + k - 1``: the reader keeps lines one to one, and ``source_line`` is
    ``first_line`` but for a markdown cell written as a triple-quoted string, whose text
    starts after the opening quotes.
    """

    marker_line: int | None
    first_line: int
    last_line: int
    source_line: int = 0  # 0: the same as first_line

    def file_line(self, cell_line: int) -> int:
        """The file's line number of line ``cell_line`` (1-based) of the cell's source."""
        return (self.source_line or self.first_line) + cell_line - 1

    @property
    def start_line(self) -> int:
        """The line a reader should be sent to: the marker, else the first content line."""
        return self.marker_line if self.marker_line is not None else self.first_line


def _uncomment(line: str) -> str:
    if line.startswith("# "):
        return line[2:]
    return line[1:] if line.startswith("#") else line


def _header_end(lines: list[str]) -> int | None:
    """Index of the first line after the YAML header (0 without one), None if unsure."""
    if not lines or not _HEADER_FENCE.match(_uncomment(lines[0])) or not lines[0].startswith("#"):
        return 0
    for index in range(1, len(lines)):
        line = lines[index]
        if not line.startswith("#"):
            return None  # jupytext would not see a header here; let it decide
        text = _uncomment(line)
        if _HEADER_FENCE.match(text):
            following = index + 1
            if following < len(lines) and _BLANK.match(_uncomment(lines[following])):
                following += 1
            return following
        if "tinyscaffold" in text:
            return None  # notebook-level settings: only jupytext's YAML reading is exact
        if text and not text[0].isspace() and not _JUPYTER_KEY.match(text):
            return None  # root-level keys become a raw cell in jupytext
        format_name = _FORMAT_NAME.match(text)
        if format_name and format_name.group(1).strip("'\"") != "percent":
            return None
    return None


def _parse_options(text: str) -> dict[str, Any] | None:
    """``key=<JSON> key=<JSON>...`` as jupytext writes cell metadata; None when unusual."""
    decoder = json.JSONDecoder()
    metadata: dict[str, Any] = {}
    pos = 0
    while pos < len(text):
        match = _OPTION_KEY.match(text, pos)
        if match is None:
            return None
        try:
            value, end = decoder.raw_decode(text, match.end())
        except ValueError:
            return None
        if not isinstance(value, (dict, list)) or match.group(1) in metadata:
            return None  # bare words and numbers follow jupytext's own relaxed rules
        metadata[match.group(1)] = value
        if end < len(text):
            if text[end] != " " or end + 1 == len(text):
                return None
            end += 1
        pos = end
    if {"active", "cell_type", "language", "title"} & metadata.keys():
        return None
    return metadata


class _Quotes:
    """jupytext's StringParser for Python: is the next line inside a string literal?"""

    def __init__(self) -> None:
        self.single: str | None = None
        self.triple: str | None = None

    def quoted(self) -> bool:
        return bool(self.single or self.triple)

    def read(self, line: str) -> None:
        if '"""' not in line and "'''" not in line:
            # Only a triple quote opens or closes a string that outlives the line
            # (``single`` is reset at its end): without one the state stays as it is.
            return
        if not self.quoted() and line.lstrip().startswith("#"):
            return
        triple_start = -1
        for found in _QUOTE_OR_HASH.finditer(line):  # no other character changes the state
            i, char = found.start(), found.group()
            if self.single is None and self.triple is None and char == "#":
                break
            if char == "#":
                continue
            if line[i - 1 : i] == "\\":
                continue
            if self.single == char:
                self.single = None
                continue
            if self.single is not None:
                continue
            if line[i - 2 : i + 1] == 3 * char and i >= triple_start + 3:
                if self.triple == char:
                    self.triple = None
                    triple_start = i
                    continue
                if self.triple is not None:
                    continue
                self.triple = char
                triple_start = i
                continue
            if self.triple is not None:
                continue
            self.single = char
        self.single = None


def _cell_end(lines: list[str], start: int, stop: int) -> int:
    """Content end (exclusive) of a cell whose lines are ``lines[start:stop]``, marker
    included: jupytext drops exactly one empty line, or two blank lines (PEP 8), before
    the next cell."""
    if (
        stop - start >= 3
        and not _BLANK.match(lines[stop - 3])
        and _BLANK.match(lines[stop - 2])
        and _BLANK.match(lines[stop - 1])
    ):
        return stop - 2
    if stop > start and lines[stop - 1] == "":
        return stop - 1
    return stop


def _next_marker(lines: list[str], start: int, markdown: bool) -> int | None:
    """Index of the next cell's marker after ``lines[start]``, or None when unsure."""
    quotes = _Quotes()
    fence: tuple[str, int] | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if quotes.quoted():
            quotes.read(line)
            if index > start and _is_marker(line):
                return None  # a marker-like line inside a string: jupytext's call
            continue
        quotes.read(line)
        if markdown:
            # jupytext also requires a closing fence further down before it treats one as
            # open; not checking that only makes this reader give up more often.
            match = _CODE_FENCE.match(_uncomment(line))
            if fence is not None:
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1]:
                    fence = None if not match.group(2).strip() else fence
                if _is_marker(line):
                    return None
                continue
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = (match.group(1)[0], len(match.group(1)))
                continue
        if index > start and _is_marker(line):
            return index
    return len(lines)


def _markdown_content(lines: list[str]) -> list[str] | None:
    """A markdown cell's lines: the text of a triple-quoted string (the TinyTorch style),
    or comment lines with the ``# `` taken off; None for anything else."""
    content = "\n".join(lines).strip()
    for quote in ('"""', "'''"):
        if content.startswith(quote) and content.endswith(quote) and len(content) >= 6:
            inner = content[3:-3]
            inner = inner[1:] if inner.startswith("\n") else inner
            inner = inner[:-1] if inner.endswith("\n") else inner
            return inner.splitlines()
    if content[:1] in ("r", "R", '"', "'"):
        return None  # a raw or unusual string: jupytext's rules have more cases
    if any(line and not line.startswith("#") for line in lines):
        return None
    return [_uncomment(line) for line in lines]


def _quoted_text_offset(lines: list[str]) -> int:
    """How many lines of a markdown cell's content come before its text: 0 for comment
    lines, else the blank lines before the opening quotes plus the quotes' own line when
    the text starts on the next one (as ``_markdown_content`` reads it)."""
    blank = 0
    while blank < len(lines) and not lines[blank].strip():
        blank += 1
    if blank == len(lines) or not lines[blank].lstrip().startswith(('"""', "'''")):
        return 0
    rest = lines[blank].lstrip()[3:]
    return blank + (0 if rest else 1)


# The spans of the texts scanned last: the CLI reads a course's files, then asks for their
# cells' lines (a course's modules are all read before the first one is reported).
_recent_spans: dict[str, list[CellSpan] | None] = {}
_RECENT_TEXTS = 64


def _scan(text: str) -> tuple[list[dict[str, Any]], list[CellSpan]] | None:
    scanned = _scan_lines(text)
    if len(_recent_spans) >= _RECENT_TEXTS:
        del _recent_spans[next(iter(_recent_spans))]  # the oldest
    _recent_spans[text] = None if scanned is None else list(scanned[1])
    return scanned


def _scan_lines(text: str) -> tuple[list[dict[str, Any]], list[CellSpan]] | None:
    lines = text.splitlines()
    pos = _header_end(lines)
    if pos is None:
        return None
    cells: list[dict[str, Any]] = []
    spans: list[CellSpan] = []
    plain_markers = 0
    magic = [_magic_like(line) for line in lines]  # once per line
    while pos < len(lines):
        first = lines[pos]
        marker = _PLAIN_MARKER.match(first)
        if marker is None and _is_marker(first):
            return None
        cell_type = "markdown" if marker and marker.group(1) else "code"
        metadata = _parse_options(marker.group(2) or "") if marker else {}
        if metadata is None:
            return None
        plain_markers += marker is not None
        content_start = pos + 1 if marker else pos
        stop = _next_marker(lines, pos, cell_type == "markdown")
        if stop is None:
            return None
        end = max(_cell_end(lines, pos, stop), content_start)
        content: list[str] | None = lines[content_start:end]
        source_start = content_start
        if cell_type == "markdown":
            content = _markdown_content(lines[content_start:end])
            source_start += _quoted_text_offset(lines[content_start:end])
        elif any(magic[content_start:end]):
            content = None
        if content is None:
            return None
        cells.append({"cell_type": cell_type, "metadata": metadata, "source": "\n".join(content)})
        spans.append(
            CellSpan(pos + 1 if marker else None, content_start + 1, end, source_start + 1)
        )
        pos = stop
    if not plain_markers:
        return None  # no "# %%" at all: jupytext reads it as the light format
    # jupytext counts IPython magics outside comments to choose "hydrogen" over "percent"
    if any(
        hit and not line.lstrip().startswith("#") for hit, line in zip(magic, lines, strict=True)
    ):
        return None
    return cells, spans


def read_percent(text: str) -> dict[str, Any] | None:
    """The nbformat-v4 dict of a percent-format ``.py`` notebook, or None to use jupytext.

    Cells carry what the analysis reads (type, source, the marker's metadata); the
    notebook metadata is empty because a header this reader accepts holds only jupytext's
    formatting and the kernel, never ``tinyscaffold`` settings.
    """
    scanned = _scan(text)
    if scanned is None:
        return None
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": scanned[0]}


def cell_spans(text: str) -> list[CellSpan] | None:
    """Line spans of a percent-format file's cells, or None when the fast reader is unsure."""
    if text in _recent_spans:
        recent = _recent_spans[text]
        return None if recent is None else list(recent)
    scanned = _scan(text)
    return None if scanned is None else scanned[1]
