"""What a symbol stands for, in the list that follows a formula ("Where: - **W**: Weight
matrix (what we learn)", "- `θ` = parameters"): the author names the idea
the symbol denotes, which defines it there, as "$b$ is a bias" does in a sentence."""

from __future__ import annotations

from ..lazy_re import compile_lazily
from .chunks import DETERMINER, noun_chunks
from .term_filter import Term, clean_term
from .tokens import split_sentences, tokenize
from .types import DEFINED

__all__ = ["symbol_meaning"]

# A list item (or line) that opens with a symbol in bold, inline code or math: one letter
# (with a subscript or a prime), a Greek letter or a LaTeX name; then ":", "=", a dash or
# "is", then what it stands for.
_SYMBOL_LINE = compile_lazily(
    r"^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*|__|`|\$)"
    r"(?:[A-Za-z](?:_\{?\w{1,3}\}?)?'?|[\u0370-\u03ff](?:_\w{1,3})?|\\[A-Za-z]+)"
    r"(?:\*\*|__|`|\$)\s*(?::|=|\u2014|\u2013|-|\bis\b|\bare\b)\s*(?P<meaning>\S.*)$"
)


def symbol_meaning(line: str) -> Term | None:
    """The phrase a symbol's line says it stands for, if the line opens with its noun
    phrase ("Weight matrix (what we learn)"; not "Scale by sqrt(2/fan_in)")."""
    match = _SYMBOL_LINE.match(line)
    if match is None:
        return None
    tokens = tokenize(match["meaning"])
    sentence = next(split_sentences(tokens), [])
    first = next(noun_chunks(sentence), None)
    if first is None:
        return None
    start, end = first
    if any(t.lower not in DETERMINER for t in sentence[:start]):
        return None  # the meaning does not open with its phrase
    return clean_term(" ".join(t.text for t in sentence[start:end]), DEFINED)
