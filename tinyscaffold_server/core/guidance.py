"""Scaffolding markers in code cells (TODO, APPROACH steps, EXAMPLE, HINTS) and the
``### BEGIN SOLUTION`` / ``### END SOLUTION`` implementation blocks.

Markers count only in comments and docstrings — where authors write them — so a variable
called ``HINT`` or a string ``"TODO"`` in code is not guidance.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .source import ParsedCode

# Searched over all guidance text at once (lines joined by "\n"), so spaces before ":" must
# not run into the next line: ``[^\S\n]`` is ``\s`` without the newline.
_TODO = re.compile(r"\bTODO\b")
_APPROACH = re.compile(r"\bAPPROACH[^\S\n]*:")
_EXAMPLE = re.compile(r"\bEXAMPLES?[^\S\n]*:")
_HINTS = re.compile(r"\bHINTS?\b")
_STEP = re.compile(r"^(\s*)\d+[.)](?:\s|$)")
# A comment line "### BEGIN SOLUTION" / "### END SOLUTION": the words are searched for, and
# what precedes them on their line must be indentation and "#"s only.
_BLOCK_WORDS = re.compile(r"(BEGIN|END) SOLUTION\b")
_BLOCK_PREFIX = re.compile(r"[^\S\n]*#+[^\S\n]*")
_MARKER_LINE = re.compile(r"\b(?:TODO|APPROACH|EXAMPLES?|HINTS?|STEP-BY-STEP)\b")


class ApproachList(NamedTuple):
    line: int  # the APPROACH: line
    steps: int
    last_line: int  # last line of the numbered list (== line when there are no steps)
    step_lines: tuple[int, ...]  # line of each numbered item


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


def _guidance_text(parsed: ParsedCode, lines: list[str]) -> list[str]:
    """Per line, the part that is comment or docstring text ('' elsewhere).

    ``#`` inside a string literal on a code line is rare in course code, so the cheap split
    at the first ``#`` is good enough for trailing comments.
    """
    doc = parsed.docstring_lines
    texts = []
    for number, line in enumerate(lines, 1):
        if number in doc:
            texts.append(line)
        elif "#" in line:
            texts.append(line[line.index("#") + 1 :])
        else:
            # A code line: not blank for the step counter, so it ends an APPROACH list.
            texts.append("\0" if line.strip() else "")
    return texts


def _count_steps(texts: list[str], start: int) -> tuple[int, int, list[int]]:
    """Numbered items right after the APPROACH: line at index ``start`` (0-based).

    Blank lines before the first item and indented continuation lines inside an item are
    allowed; the list ends at the first other line.
    """
    steps, last, indent = 0, start, -1
    step_lines: list[int] = []
    index = start + 1
    while index < len(texts):
        text = texts[index].rstrip()
        stripped = text.strip().lstrip("#").strip() if text.strip().startswith("#") else text
        if not stripped.strip():
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
_MARKER_WORDS = ("TODO", "APPROACH", "EXAMPLE", "HINT")  # each marker pattern needs one


def find_guidance(parsed: ParsedCode) -> Guidance:
    code = parsed.code
    if not any(word in code for word in _MARKER_WORDS):  # most test and demo cells
        return _NO_GUIDANCE
    lines = code.split("\n")
    texts = _guidance_text(parsed, lines) if parsed.tree is not None else lines
    joined = "\n".join(texts)

    def has(pattern: re.Pattern[str], literal: str) -> bool:
        # No match can start before the literal's first occurrence; str.find is far faster
        # than the regex scan (which still sees the characters before ``at`` for ``\b``).
        at = joined.find(literal)
        return at >= 0 and pattern.search(joined, at) is not None

    approaches = []
    seen = -1
    first = joined.find("APPROACH")
    for match in _APPROACH.finditer(joined, first) if first >= 0 else ():
        index = joined.count("\n", 0, match.start())
        if index != seen:  # one list per line, however often the line says APPROACH:
            seen = index
            steps, last, step_lines = _count_steps(texts, index)
            approaches.append(ApproachList(index + 1, steps, last + 1, tuple(step_lines)))
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


def find_blocks(parsed: ParsedCode) -> tuple[Block, ...]:
    """BEGIN/END SOLUTION blocks; an unclosed block runs to the end of the cell."""
    code = parsed.code
    if "SOLUTION" not in code:
        return ()
    code_lines = parsed.sloc_lines
    blocks = []
    start: int | None = None
    number, position = 1, 0
    for match in _BLOCK_WORDS.finditer(code):
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
