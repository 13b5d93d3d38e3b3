"""Scaffolding markers in code cells (TODO, APPROACH steps, EXAMPLE, HINTS) and the
``### BEGIN SOLUTION`` / ``### END SOLUTION`` implementation blocks.

Markers count only in comments, docstrings and strings that stand as statements (the
``'''TODO: ...'''`` notes some courses write) — where authors write them — so a variable
called ``HINT`` or a string ``"TODO"`` in code is not guidance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from .exercises import string_statement_lines
from .lazy_re import compile_lazily
from .memo import small_input_cache
from .named_tuple import NamedTuple
from .source import ParsedCode
from .typing_names import Any

# Searched over all guidance text at once (lines joined by "\n"), so spaces before ":" must
# not run into the next line: ``[^\S\n]`` is ``\s`` without the newline.
_TODO = compile_lazily(r"\bTODO\b")
_APPROACH = compile_lazily(r"\bAPPROACH[^\S\n]*:")
_EXAMPLE = compile_lazily(r"\bEXAMPLES?[^\S\n]*:")
_HINTS = compile_lazily(r"\bHINTS?\b")
_STEP = compile_lazily(r"^(\s*)\d+[.)](?:\s|$)")
# A comment line "### BEGIN SOLUTION" / "### END SOLUTION": the words are searched for, and
# what precedes them on their line must be indentation and "#"s only.
_BLOCK_WORDS = compile_lazily(r"(BEGIN|END) SOLUTION\b")
_BLOCK_PREFIX = compile_lazily(r"[^\S\n]*#+[^\S\n]*")
_MARKER_LINE = compile_lazily(r"\b(?:TODO|APPROACH|EXAMPLES?|HINTS?|STEP-BY-STEP)\b")


class ApproachList(NamedTuple):
    line: int  # the APPROACH: line
    steps: int
    last_line: int  # last line of the numbered list (== line when there are no steps)
    step_lines: tuple[int, ...]  # line of each numbered item
    # SLOC of the code the list describes: the innermost function around the APPROACH:
    # line, else the whole cell (see ``needs_steps``).
    code_sloc: int


def needs_steps(approach: ApproachList, config: Mapping[str, Any]) -> bool:
    """Whether the APPROACH-steps rule applies: code no longer than the first SLOC band
    (``sloc_bands[0]``, the length that adds nothing to complexity) reads without numbered
    steps, so on a short function a missing or long step list is not a finding."""
    return bool(approach.code_sloc > config["sloc_bands"][0])


def _described_sloc(parsed: ParsedCode, line: int) -> int:
    """SLOC of the innermost function or method whose ``def`` spans ``line``, else of the
    cell."""
    inner = None
    for block in parsed.facts.blocks if parsed.facts is not None else ():
        if block.line <= line <= block.end and (inner is None or block.line >= inner.line):
            inner = block
    if inner is None:
        return parsed.sloc
    return len(parsed.sloc_lines.intersection(range(inner.line, inner.end + 1)))


class Guidance(NamedTuple):
    todo: bool
    example: bool
    hints: bool
    approaches: tuple[ApproachList, ...]

    @property
    def approach_steps(self) -> int | None:
        return max((a.steps for a in self.approaches), default=None)

    @property
    def present(self) -> list[str]:
        flags = (
            ("TODO", self.todo),
            ("APPROACH", bool(self.approaches)),
            ("EXAMPLE", self.example),
            ("HINTS", self.hints),
        )
        return [name for name, flag in flags if flag]

    def to_json(self) -> dict[str, Any]:
        present = self.present
        return {
            "todo": self.todo,
            "approach": bool(self.approaches),
            "approach_steps": self.approach_steps,
            "example": self.example,
            "hints": self.hints,
            "present": present,
            "score": len(present) / 4,
        }


class _Text:
    """Guidance text of a code cell — per line, the part that is comment or docstring text
    ('' elsewhere) — decided only for the lines asked about.

    Markers are rare, so the cell is searched as a whole and each hit checked here; building
    the text of every line up front cost more than the rest of the guidance scan together.
    ``#`` inside a string literal on a code line is rare in course code, so the cheap split
    at the first ``#`` is good enough for trailing comments.  Without an ast (unparseable
    code) every line counts as text.
    """

    __slots__ = ("code", "doc", "lines", "strings", "tree", "whole")

    def __init__(self, parsed: ParsedCode) -> None:
        self.code = parsed.code
        self.doc = parsed.docstring_lines
        self.whole = parsed.tree is None
        self.lines = self.code.split("\n")
        self.tree = parsed.tree
        self.strings: frozenset[int] | None = None  # string statements: found when needed

    def counts(self, at: int) -> bool:
        """Whether the marker match starting at offset ``at`` of the code is in the text.

        No marker pattern can match "#" or a newline, so a match lies within one line and
        after that line's first "#" exactly when the same match exists in the comment text
        (the boundary before it sees "#" there, a line start in the text: both non-word).
        """
        if self.whole:
            return True
        code = self.code
        if code.find("#", code.rfind("\n", 0, at) + 1, at) >= 0:
            return True
        line = code.count("\n", 0, at) + 1
        if line in self.doc:
            return True
        if self.strings is None:
            self.strings = string_statement_lines(self.tree)
        return line in self.strings


def _count_steps(texts: _Text, start: int) -> tuple[int, int, list[int]]:
    """Numbered items right after the APPROACH: line at index ``start`` (0-based).

    Blank lines before the first item and indented continuation lines inside an item are
    allowed; the list ends at the first other line.
    """
    steps, last, indent = 0, start, -1
    step_lines: list[int] = []
    index = start + 1
    lines, doc, whole = texts.lines, texts.doc, texts.whole
    count = len(lines)
    while index < count:
        # The guidance text of the line: whole docstring lines, else what follows "#"; a
        # code line is not blank for the step counter ("\0"), so it ends the list.
        text = lines[index]
        if whole or index + 1 in doc:
            pass
        elif "#" in text:
            text = text[text.index("#") + 1 :]
        else:
            text = "\0" if text.strip() else ""
        text = text.rstrip()
        head = text.lstrip()  # == text.strip(): text is already right-stripped
        if head[:1] == "#":
            stripped = head.lstrip("#").strip()
            blank = not stripped
        else:
            stripped = text
            blank = not head
        if blank:
            index += 1
            continue
        match = _STEP.match(stripped)
        if match is not None:
            item_indent = len(match.group(1))
            if indent < 0:
                indent = item_indent
            if item_indent == indent:
                steps, last = steps + 1, index
                step_lines.append(index + 1)
                index += 1
                continue
        if (
            steps
            and len(stripped) - len(stripped.lstrip()) > indent
            and _MARKER_LINE.search(stripped) is None
        ):
            last = index
            index += 1
            continue
        break
    return steps, last, step_lines


_NO_GUIDANCE = Guidance(False, False, False, ())
_NO_GUIDANCE_JSON = _NO_GUIDANCE.to_json()


def guidance_json(guidance: Guidance) -> dict[str, Any]:
    """``guidance.to_json()``; the JSON of "no guidance" (most cells) is built once and
    shared, as reports are read-only, and so is that of guidance seen before."""
    return _NO_GUIDANCE_JSON if guidance is _NO_GUIDANCE else _guidance_json(guidance)


def _guidance_size(guidance: Guidance) -> int:
    return sum(1 + len(approach.step_lines) for approach in guidance.approaches)


# Guidance and blocks are as large as the cell makes them: shared while small (core/memo.py).
@small_input_cache(maxsize=1024, max_size=64, size=_guidance_size)
def _guidance_json(guidance: Guidance) -> dict[str, Any]:
    return guidance.to_json()


def _starts(code: str, literal: str, pattern: re.Pattern[str]) -> Iterator[int]:
    """Offsets where ``pattern`` (``\\b`` + ``literal`` + …) matches, in order.

    str.find jumps between occurrences of the literal far faster than a regex scan, which
    cannot skip ahead on a pattern that opens with ``\\b``; ``match`` at an offset still sees
    the character before it for ``\\b``.  No marker pattern can overlap itself, so these are
    exactly the starts ``finditer`` would give.
    """
    at = code.find(literal)
    while at >= 0:
        if pattern.match(code, at) is not None:
            yield at
        at = code.find(literal, at + 1)


def find_guidance(parsed: ParsedCode) -> Guidance:
    code = parsed.code
    if (  # most test and demo cells; four substring scans, no generator
        "TODO" not in code and "APPROACH" not in code and "EXAMPLE" not in code
        and "HINT" not in code
    ):  # fmt: skip
        return _NO_GUIDANCE
    texts = _Text(parsed)
    counts = texts.counts

    def has(pattern: re.Pattern[str], literal: str) -> bool:  # _starts, inlined: hot
        at = code.find(literal)
        while at >= 0:
            if pattern.match(code, at) is not None and counts(at):
                return True
            at = code.find(literal, at + 1)
        return False

    approaches = []
    seen = -1
    for at in _starts(code, "APPROACH", _APPROACH):
        if not counts(at):
            continue
        index = code.count("\n", 0, at)
        if index != seen:  # one list per line, however often the line says APPROACH:
            seen = index
            steps, last, step_lines = _count_steps(texts, index)
            approaches.append(
                ApproachList(
                    index + 1,
                    steps,
                    last + 1,
                    tuple(step_lines),
                    _described_sloc(parsed, index + 1),
                )
            )
    return Guidance(
        has(_TODO, "TODO"), has(_EXAMPLE, "EXAMPLE"), has(_HINTS, "HINT"), tuple(approaches)
    )


class Block(NamedTuple):
    start_line: int
    end_line: int
    sloc: int
    closed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "start_line": self.start_line,
            "end_line": self.end_line,
            "sloc": self.sloc,
            "closed": self.closed,
        }


@small_input_cache(maxsize=1024, max_size=16)
def blocks_json(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """The JSON of a cell's blocks, shared between cells with the same blocks (read-only)."""
    return [block.to_json() for block in blocks]


def _block_words(code: str) -> Iterator[re.Match[str]]:
    """``_BLOCK_WORDS.finditer(code)``, found from the occurrences of "SOLUTION": str.find
    skips ahead much faster than the regex scan with its alternation up front."""
    at = code.find("SOLUTION")
    while at >= 0:
        # "SOLUTION" cannot overlap itself, so only "BEGIN " or "END " right before it can
        # make a match containing this occurrence.
        match = _BLOCK_WORDS.match(code, at - 6) if at >= 6 else None
        if match is None and at >= 4:
            match = _BLOCK_WORDS.match(code, at - 4)
        if match is not None:
            yield match
        at = code.find("SOLUTION", at + 8)


def find_blocks(parsed: ParsedCode) -> tuple[Block, ...]:
    """BEGIN/END SOLUTION blocks; an unclosed block runs to the end of the cell."""
    code = parsed.code
    if "SOLUTION" not in code:
        return ()
    code_lines = parsed.sloc_lines
    blocks = []
    start: int | None = None
    number, position = 1, 0
    for match in _block_words(code):
        line_start = code.rfind("\n", 0, match.start()) + 1
        if _BLOCK_PREFIX.fullmatch(code, line_start, match.start()) is None:
            continue
        number += code.count("\n", position, match.start())
        position = match.start()
        if start is None and match.group(1) == "BEGIN":
            start = number
        elif start is not None and match.group(1) == "END":
            sloc = len(code_lines.intersection(range(start + 1, number)))
            blocks.append(Block(start, number, sloc, True))
            start = None
    if start is not None:
        lines = code.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        end = max(len(lines), start)
        sloc = len(code_lines.intersection(range(start + 1, end + 1)))
        blocks.append(Block(start, end, sloc, False))
    return tuple(blocks)
