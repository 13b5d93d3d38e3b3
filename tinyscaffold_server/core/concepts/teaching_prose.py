"""The teaching prose of a markdown cell: its open sections, and its lines and words outside
the sections that only mention (motivation, previews, recaps).

:class:`Sections` follows the headings of one cell; :func:`teaching_text` keeps the lines a
use of a term relies on; :func:`prose_words` gives their words (``keys.padded``), where the
notebook walk looks for a term used again.  :mod:`.prose` re-exports the two functions.
"""

from __future__ import annotations

from ..lazy_re import compile_lazily
from .headings import non_introducing
from .keys import padded
from .markdown_lines import HEADING, fenced_lines

__all__ = ["CODE_SPAN", "Sections", "prose_words", "teaching_text"]


class Sections:
    """The open sections of a markdown cell, by heading level, and whether one of them only
    mentions (motivation, preview, recap: ``non_introducing``)."""

    def __init__(self) -> None:
        self._open: list[tuple[int, bool]] = []  # (heading level, non-introducing)

    def enter(self, level: int, title: str) -> None:
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        self._open.append((level, non_introducing(title)))

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self._open)


# inline code, a link's target, HTML and math: no words of the prose
CODE_SPAN = compile_lazily(r"(`+)[^`\n]+?\1|\]\([^)\s]*\)|<[^>\n]*>|\$[^$\n]*\$")


# `torch.softmax`, `argmax`: inline code naming one thing, by its last part, uses that word
_NAME_SPAN = compile_lazily(r"`(?:[A-Za-z_]\w*\.)*(?P<last>[A-Za-z][A-Za-z0-9]*)(?:\(\))?`")


def prose_words(source: str) -> str:
    """``keys.padded`` words of a markdown cell's teaching prose: outside code (fenced and
    inline), link targets, HTML and math, and outside motivation and preview sections; an
    inline name counts as its word (a term said again as `softmax` is used again)."""
    text = teaching_text(source, fences=False)
    if "`" in text:
        text = _NAME_SPAN.sub(lambda m: " " + m["last"] + " ", text)
    return padded(CODE_SPAN.sub(" ", text))


def teaching_text(source: str, fences: bool = True) -> str:
    """A markdown cell's lines outside motivation, preview and recap sections: where a use
    of a term relies on the student knowing it (a "Why it matters" list foreshadows)."""
    kept: list[str] = []
    sections = Sections()
    for _, line, fenced in fenced_lines(source.split("\n")):
        # "# a comment" in code is code
        heading = None if fenced or "#" not in line else HEADING.match(line)
        if heading:
            sections.enter(len(heading.group(1)), heading.group(2))
        elif not sections.skipping and (fences or not fenced):
            kept.append(line)
    return "\n".join(kept)
