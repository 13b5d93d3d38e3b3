"""A line of prose as tokens: words, inline code, links, numbers, punctuation and math.

Words between nearby quotation marks are marked quoted; a line splits into sentences at
its sentence-ending punctuation; and a few helpers match a sequence of lower-case words at
a token.  :mod:`.chunks` finds the noun phrases of each sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple

__all__ = [
    "CODE",
    "LINK",
    "MATH",
    "NUM",
    "PUNCT",
    "QUOTE",
    "WORD",
    "Token",
    "ends_with",
    "lowered",
    "split_sentences",
    "starts_with",
    "tokenize",
]

# Token kinds.
WORD, CODE, LINK, NUM, PUNCT, MATH = range(6)

_TOKEN = compile_lazily(
    r"(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|\[(?P<ltext>[^\[\]\n]{1,80})\]\((?P<url>[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
    r"|(?P<tick>`+)(?P<code>[^`\n]+?)(?P=tick)"
    r"|(?P<math>\$\$?[^$\n]+\$\$?|\\[A-Za-z]+(?:\{[^}\n]*\})*)"
    r"|(?P<html></?[A-Za-z][^<>\n]{0,200}>)"
    r"|(?P<ident>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?|[A-Za-z]\w*_\w*)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]*(?:[-'\u2019][A-Za-z0-9]+)*)"
    r"|(?P<num>\d[\w.]*)"
    r"|(?P<punct>\.\s|[.,;:!?()\"\u201c\u201d\u2014\u2013\[\]+=/<>|&]|--|\s-\s)"
)
_SENTENCE_END = frozenset({". ", "!", "?", ";", ":", "\u2014", "--", " - ", "\u2013"})
QUOTE = frozenset({'"', "\u201c", "\u201d"})


class Token(NamedTuple):
    kind: int
    text: str
    lower: str
    url: str = ""
    quoted: bool = False


def tokenize(line: str) -> list[Token]:
    found: list[Token] = []
    for match in _TOKEN.finditer(line):
        group = match.lastgroup
        if group == "word":
            text = match["word"].replace("\u2019", "'")
            found.append(Token(WORD, text, text.lower()))
        elif group == "ltext" or group == "url":
            text = match["ltext"].strip().strip("`").strip()
            if text:
                found.append(Token(LINK, text, text.lower(), match["url"]))
        elif group in ("tick", "code", "ident"):
            text = (match["code"] or match["ident"]).strip()
            if text:
                found.append(Token(CODE, text, text.lower()))
        elif group == "num":
            found.append(Token(NUM, match["num"], match["num"]))
        elif group == "punct":
            text = match["punct"]
            found.append(Token(PUNCT, text, text))
        elif group == "math":
            found.append(Token(MATH, match["math"], ""))
    return _mark_quotes(found)


def _mark_quotes(tokens: list[Token]) -> list[Token]:
    """Words between a pair of quotation marks at most three words apart are quoted."""
    if not any(t.kind == PUNCT and t.text in QUOTE for t in tokens):
        return tokens
    marked = list(tokens)
    at = 0
    while at < len(marked):
        if marked[at].kind == PUNCT and marked[at].text in QUOTE:
            close = next(
                (j for j in range(at + 1, min(at + 5, len(marked)))
                 if marked[j].kind == PUNCT and marked[j].text in QUOTE),
                None,
            )  # fmt: skip
            if close is not None and close > at + 1:
                for j in range(at + 1, close):
                    marked[j] = marked[j]._replace(quoted=True)
                at = close
        at += 1
    return marked


def split_sentences(tokens: list[Token]) -> Iterator[list[Token]]:
    start = 0
    for at, token in enumerate(tokens):
        if token.kind == PUNCT and token.text in _SENTENCE_END:
            if at > start:
                yield tokens[start:at]
            start = at + 1
    if start < len(tokens):
        yield tokens[start:]


def lowered(tokens: Sequence[Token]) -> tuple[str, ...]:
    return tuple(t.lower for t in tokens)


def starts_with(tokens: Sequence[Token], at: int, pattern: tuple[str, ...]) -> bool:
    if at >= len(tokens) or tokens[at].lower != pattern[0]:
        return False  # the common case, without building a tuple
    return lowered(tokens[at : at + len(pattern)]) == pattern


def ends_with(tokens: Sequence[Token], at: int, pattern: tuple[str, ...]) -> bool:
    if at < len(pattern) or tokens[at - 1].lower != pattern[-1]:
        return False
    return lowered(tokens[at - len(pattern) : at]) == pattern
