"""Phrases the text cites by its equations ("add momentum (equation 6.11)"): a textbook's
notebook points to where an idea is stated formally, as a link points to a reference page
(read by :mod:`.phrases` as a definition)."""

from __future__ import annotations

from collections.abc import Sequence

from .tokens import NUM, Token
from .words import words

__all__ = ["cited_chunks"]


_EQUATION = words("equation equations eq eqs eqn")
_COORDINATING = frozenset({",", "and", "or"})


def cited_chunks(sentence: Sequence[Token], chunks: Sequence[tuple[int, int]]) -> set[int]:
    """The chunks a reference to the text's equations follows ("add momentum (equation
    6.11)", "the keys, queries, and values (equations 12.2 and 12.4)"): the author points
    to where the idea is stated formally, as a link points to its reference page.  The
    phrases coordinated with the cited one share its reference."""
    cited: set[int] = set()
    for at in range(len(chunks) - 1, -1, -1):
        end = chunks[at][1]
        if _equation_follows(sentence, end):
            cited.add(at)
        elif at + 1 in cited and all(
            t.lower in _COORDINATING for t in sentence[end : chunks[at + 1][0]]
        ):
            cited.add(at)  # "the keys, queries, and values (equations …)"
    return cited


def _equation_follows(sentence: Sequence[Token], end: int) -> bool:
    return (
        end + 2 < len(sentence)
        and sentence[end].text == "("
        and sentence[end + 1].lower.rstrip(".") in _EQUATION
        and sentence[end + 2].kind == NUM
    )
