"""Advice text with its line references, so that the notebook UI can turn "lines 17-25" into
a link to those lines of the cell's editor without reading numbers back out of the text.

A **link** is ``{"text": "lines 17-25", "lines": [17, 25]}``: ``text`` occurs in the advice
text, links are listed in the order they occur, and a link never starts or ends next to a
digit of the text (report.schema.json ``$defs/link``).  Every advice text is built together
with its links, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .typing_names import Any

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)

Json = dict[str, Any]
DASH = "\u2013"  # en dash for line ranges (spelled out: ruff flags the literal)


class Phrase:
    """A piece of advice: its text and the line references in it, in order.  Immutable.

    (A plain class, not a frozen dataclass: importing dataclasses, with the inspect module
    it pulls in, costs the CLI's start-up more than analysing a cell.)"""

    __slots__ = ("links", "text")

    def __init__(self, text: str, links: tuple[Json, ...] = ()) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "links", links)

    if TYPE_CHECKING:
        text: str
        links: tuple[Json, ...]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Phrase is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.text, self.links) == (other.text, other.links)

    def __hash__(self) -> int:
        return hash((self.text, self.links))

    def __repr__(self) -> str:
        return f"Phrase(text={self.text!r}, links={self.links!r})"

    def __add__(self, other: object) -> Phrase:
        if isinstance(other, Phrase):
            return Phrase(self.text + other.text, self.links + other.links)
        if isinstance(other, str):
            return Phrase(self.text + other, self.links)
        return NotImplemented

    def __radd__(self, other: object) -> Phrase:
        if isinstance(other, str):
            return Phrase(other + self.text, self.links)
        return NotImplemented


def lines(first: int, last: int | None = None) -> Phrase:
    """ "line 5" or "lines 5-9", linked to those lines."""
    last = first if last is None else last
    text = f"line {first}" if last == first else f"lines {first}{DASH}{last}"
    return Phrase(text, ({"text": text, "lines": [first, last]},))


def number(line: int) -> Phrase:
    """A bare line number in a list ("before lines 12, 40 and 70"), linked to that line."""
    text = str(line)
    return Phrase(text, ({"text": text, "lines": [line, line]},))


def join(pieces: Iterable[Phrase | str], separator: str = "") -> Phrase:
    result = Phrase("")
    for position, piece in enumerate(pieces):
        result = result + separator + piece if position else result + piece
    return result


def listing(pieces: Sequence[Phrase | str]) -> Phrase:
    """ "a", "a and b", "a, b and c"."""
    if len(pieces) <= 1:
        return join(pieces)
    return join(pieces[:-1], ", ") + " and " + pieces[-1]


def capitalised(phrase: Phrase) -> Phrase:
    return Phrase(phrase.text[:1].upper() + phrase.text[1:], phrase.links)


def links_json(phrase: Phrase) -> list[Json]:
    return [dict(link, lines=list(link["lines"])) for link in phrase.links]
