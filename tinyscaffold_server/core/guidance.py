"""Scaffolding markers in code cells (TODO, APPROACH steps, EXAMPLE, HINTS) and the
``### BEGIN SOLUTION`` / ``### END SOLUTION`` implementation blocks.

Markers count only in comments and docstrings — where authors write them — so a variable
called ``HINT`` or a string ``"TODO"`` in code is not guidance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .source import ParsedCode

_TODO = re.compile(r"\bTODO\b")
_APPROACH = re.compile(r"\bAPPROACH\s*:")
_EXAMPLE = re.compile(r"\bEXAMPLES?\s*:")
_HINTS = re.compile(r"\bHINTS?\b")
_STEP = re.compile(r"^(\s*)\d+[.)](?:\s|$)")
_BEGIN = re.compile(r"^\s*#+\s*BEGIN SOLUTION\b")
_END = re.compile(r"^\s*#+\s*END SOLUTION\b")
_MARKER_LINE = re.compile(r"\b(?:TODO|APPROACH|EXAMPLES?|HINTS?|STEP-BY-STEP)\b")


@dataclass(frozen=True)
class ApproachList:
    line: int  # the APPROACH: line
    steps: int
    last_line: int  # last line of the numbered list (== line when there are no steps)
    step_lines: tuple[int, ...]  # line of each numbered item


@dataclass(frozen=True)
class Guidance:
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


def find_guidance(parsed: ParsedCode) -> Guidance:
    lines = parsed.code.split("\n")
    texts = _guidance_text(parsed, lines) if parsed.tree is not None else lines
    todo = example = hints = False
    approaches = []
    for index, text in enumerate(texts):
        if not text:
            continue
        todo = todo or _TODO.search(text) is not None
        example = example or _EXAMPLE.search(text) is not None
        hints = hints or _HINTS.search(text) is not None
        if _APPROACH.search(text):
            steps, last, step_lines = _count_steps(texts, index)
            approaches.append(ApproachList(index + 1, steps, last + 1, tuple(step_lines)))
    return Guidance(todo, example, hints, tuple(approaches))


@dataclass(frozen=True)
class Block:
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
    if "SOLUTION" not in parsed.code:
        return ()
    lines = parsed.code.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    code_lines = parsed.sloc_lines
    blocks = []
    start: int | None = None
    for number, line in enumerate(lines, 1):
        if start is None and _BEGIN.match(line):
            start = number
        elif start is not None and _END.match(line):
            sloc = sum(1 for n in range(start + 1, number) if n in code_lines)
            blocks.append(Block(start, number, sloc, True))
            start = None
    if start is not None:
        end = max(len(lines), start)
        sloc = sum(1 for n in range(start + 1, end + 1) if n in code_lines)
        blocks.append(Block(start, end, sloc, False))
    return tuple(blocks)
