"""Which lines of a markdown cell are prose (not a code fence, an HTML comment or a line of
unfenced Python), and its hard-wrapped sentences put back on one line each."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from ..lazy_re import compile_lazily

__all__ = ["FENCE", "HEADING", "fenced_lines", "icon_label", "unwrapped"]

FENCE = compile_lazily(r"^\s*(`{3,}|~{3,})")
HEADING = compile_lazily(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")

# Python written into a markdown cell without a fence (a converted notebook's docstring
# cell, a pasted snippet): a statement's shape, never a sentence's; a line that is one call
# of a snake_case name ("test_quantized_cnn()") too.
_PYTHON_LINE = compile_lazily(
    r"^\s*(?:def\s+\w+\s*\(|class\s+\w+.*:\s*$|(?:import|from)\s+[\w.]+|return\b|"
    r"(?:for|while|if|elif|with)\s.*:\s*$|(?:try|else|finally):\s*$|except\b.*:\s*$|"
    r"print\(|[\w.\[\]'\"]+\s*[-+*/]?=\s*\S|[(\[{]?\s*[\"'][^\"']*[\"']\s*[,:)\]}]|"
    r"[A-Za-z_][\w.]*_[\w.]*\([^()]*\)\s*$)"
)


# Display math as Jupyter's MathJax renders it: "$$" or "\[" on a line, or a LaTeX
# environment ("\begin{align}") opening one.  Its lines are formulas, never sentences.
_DISPLAY_MATH = compile_lazily(r"^\s*(?:(?P<dollars>\$\$)|\\\[|\\begin\{(?P<env>[A-Za-z*]+)\})")


# nbgrader's markers written as headings in a markdown answer ("### BEGIN SOLUTION"): they
# delimit the answer for the grader and head no section of the text.
_GRADER_MARK = compile_lazily(r"^\s*#{1,6}\s*(?:BEGIN|END)\s+(?:SOLUTION|HIDDEN\s+TESTS)\b")


def _math_closer(line: str) -> str | None:
    """What closes the display math ``line`` opens and does not close itself, "" where the
    line is display math complete in itself, None where it opens none."""
    opened = _DISPLAY_MATH.match(line) if "$$" in line or "\\" in line else None
    if opened is None:
        return None
    environment = opened["env"]
    closer = "$$" if opened["dollars"] else rf"\end{{{environment}}}" if environment else r"\]"
    return "" if closer in line[opened.end() :] else closer


def fenced_lines(lines: Iterable[str]) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, not prose?) for each line: inside a code fence or on its marker
    line, inside display math, inside an HTML comment (an author's hidden draft), a grader's
    marker, or a line of unfenced Python."""
    fence: str | None = None
    math: str | None = None  # what closes the open display math
    hidden = False
    for lineno, line in enumerate(lines, start=1):
        opened = FENCE.match(line) if "``" in line or "~~" in line else None  # (most lines)
        if hidden or (fence is None and math is None and "<!--" in line):
            hidden = "-->" not in line.rsplit("<!--", 1)[-1]
            yield lineno, line, True
        elif math is not None:
            if math in line:
                math = None
            yield lineno, line, True
        elif fence is None and not opened and (closer := _math_closer(line)) is not None:
            math = closer or None
            yield lineno, line, True
        elif fence is None and "#" in line and _GRADER_MARK.match(line):
            yield lineno, line, True
        elif fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None  # a fence closes on the same character, at least as long
            yield lineno, line, True
        elif opened:
            fence = opened.group(1)
            yield lineno, line, True
        else:
            yield lineno, line, _PYTHON_LINE.match(line) is not None


# A line that goes on with the sentence of the line above: it opens with a lower-case word.
_GOES_ON = compile_lazily(r"^\s*[a-z]")
_ENDS_SENTENCE = compile_lazily(r"(?:[.!?:;|>]|\s{2}|\\)\s*$")


def unwrapped(lines: list[str]) -> list[str]:
    """The lines with each hard-wrapped sentence on the line it starts ("Now let's" over
    "compute the sum of squares loss …" is one sentence); a line read into the one above is
    left empty, so every other line keeps its number."""
    out = list(lines)
    prose = [not fenced for _, _, fenced in fenced_lines(lines)]
    last = -1  # the line a continuation joins: prose, not a heading, no stop at its end
    for at, line in enumerate(lines):
        if not prose[at] or not line.strip():
            last = -1
            continue
        if last >= 0 and _GOES_ON.match(line):
            out[last] = f"{out[last].rstrip()} {line.strip()}"
            out[at] = ""
        else:
            last = at
        if _ENDS_SENTENCE.search(out[last]) or HEADING.match(out[last]):
            last = -1
    return out


# A bold label after a pictograph, with its colon: "🎯 **Design Goal**: …", "- ✅ **Gradient
# Tracking**: …".  The icon marks a slot of the text's rubric (a goal, a status, a link to
# other modules): the label names the slot, the words after the colon fill it.
_ICON_OPENING = compile_lazily(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?P<icon>\S{1,3})\s*(?:\*\*|__)")
# a pictograph, with its variation selector, joiner or skin-tone modifier
_ICON_CATEGORIES = frozenset({"So", "Mn", "Cf", "Sk"})


def icon_label(line: str, text: str, after: str) -> bool:
    """Is the emphasis span ``text`` (``after``: the text right after it) the label a
    pictograph opens the line with (see ``_ICON_OPENING``)?"""
    if not (text.rstrip().endswith(":") or after.lstrip().startswith(":")):
        return False
    opening = _ICON_OPENING.match(line)
    if opening is None or not line.startswith(text, opening.end()):
        return False
    return all(unicodedata.category(char) in _ICON_CATEGORIES for char in opening["icon"])
