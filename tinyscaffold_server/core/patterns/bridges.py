"""Concept bridges: analogy → math → code → why, per concept the module implements.

Which concepts deserve a bridge (documented in the README): every public top-level function
or class a *solution* cell defines (methods belong to their class), grouped into one concept
per family.  A definition whose key
starts with another's key on a word boundary joins it (``leaky_relu_scalar`` and
``leaky_relu_array`` are rungs of ``leaky_relu``), and a markdown term with the same key
names it (the term "ReLU" names ``relu``).  Concepts only mentioned or only called are
vocabulary, not something students build, so they get no bridge.

The four parts, each found in a cell.  "Near the concept" means in the markdown cell that
introduces it, in a cell whose first heading names it, or in a paragraph (blank-line
separated) that names it by its key, whole words; a heading about an analogy or about why
flags the paragraphs of its section:

- **analogy**: comparison language ("is like", "like a", "think of", "imagine", "analogy",
  "similar to", "as if") or a heading naming an analogy / intuition, near the concept;
- **math**: a math line (SPEC 3: LaTeX or a formula symbol) that names the concept, or any
  math line of the markdown cell that introduces it;
- **code**: the solution cell that implements it (so always there for a deserving concept:
  the part is kept so that all four parts read alike);
- **why**: "why it matters", "in practice", "real-world", "production", "without it", …
  near the concept.

Per-cell facts (:func:`markdown_facts`, :func:`code_facts`) are cached with the cell; the
notebook pass (:func:`find_bridges`) only does set and substring look-ups.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence

from ..concepts.candidates import normalise_key
from ..lazy_re import compile_lazily
from ..named_tuple import NamedTuple
from ..typing_names import Any
from .placeholders import ANALOGY as ANALOGY_BLANK
from .placeholders import WHY as WHY_BLANK
from .placeholders import blank_formula, has_text

Json = dict[str, Any]
PARTS = ("analogy", "math", "code", "why")

_ANALOGY = compile_lazily(
    r"\b(?:is|are|works?|acts?|behaves?) like\b|\blike an? \w|\bthink of\b|\bimagine\b"
    r"|\banalog(?:y|ies|ous)\b|\bsimilar to\b|\bas if\b|\bmetaphor\b",
    re.IGNORECASE,
)
_ANALOGY_HEADING = compile_lazily(r"^\s*#+.*\b(?:analog|intuition|mental model)", re.I | re.M)
_WHY = compile_lazily(
    r"\bwhy (?:it|this|that|they|these) (?:matters?|is important)\b|\bwhy \w+ matters?\b"
    r"|\bin practice\b|\breal[- ]world\b|\bproduction\b|\breal systems?\b|\bwithout (?:it|them)\b"
    r"|\bmatters? because\b|\bused (?:in|by|for) (?:every|most|modern|real)\b|\bin industry\b",
    re.IGNORECASE,
)
_WHY_HEADING = compile_lazily(r"^\s*#+.*\bwhy\b", re.I | re.M)
# Words without which the patterns above cannot match: a substring test on the lower-cased
# cell rules most cells out before the (much slower) case-insensitive searches.
_ANALOGY_WORDS = ("like", "think of", "imagine", "analog", "similar to", "as if", "metaphor",
                  "intuition", "mental model")  # fmt: skip
_WHY_WORDS = ("why", "practice", "real", "production", "without", "matter", "used ", "industry")


def _may_contain(lowered: str, words: Sequence[str]) -> bool:
    return any(word in lowered for word in words)


_WORDS = compile_lazily(r"[^\W_]+")
_PARAGRAPH = compile_lazily(r"\n[^\S\n]*\n")
_HEADING = compile_lazily(r"^\s*#+.*$", re.M)


def _singular_tokens(text: str) -> str:
    """Words of ``text`` keyed as a concept's last word would be, joined by single spaces and
    padded, so that ``" key "`` finds a concept key as whole words."""
    # Only a word ending in "s" can change (plural dropped); the rest are already keys.
    words = _WORDS.findall(text.lower())
    return " " + " ".join([normalise_key(w) if w[-1] == "s" else w for w in words]) + " "


class Text(NamedTuple):
    """A stretch of markdown as padded singular tokens, and its set of words."""

    tokens: str
    words: frozenset[str]


def _text(raw: str) -> Text:
    tokens = _singular_tokens(raw)
    return Text(tokens, frozenset(tokens.split()))


class Paragraph(NamedTuple):
    text: Text
    analogy: bool
    why: bool


class MarkdownFacts(NamedTuple):
    heading: Text  # the cell's first heading (empty without one)
    # Blank-line separated paragraphs with analogy or why language (a heading flags its
    # section); the others can bridge nothing, so they are not kept.
    paragraphs: tuple[Paragraph, ...]
    math: tuple[Text, ...]  # each math line


class CodeFacts(NamedTuple):
    defs: tuple[tuple[str, str, int], ...]  # (key, name, line) of public defs and classes


NO_CODE = CodeFacts(())


_EMPTY_TEXT = Text("  ", frozenset())


def markdown_facts(source: str, math_lines: Sequence[int]) -> MarkdownFacts:
    """The cell's heading, paragraphs with analogy or why language and math lines.  A part
    whose template placeholder is still in the cell (``placeholders``) is not found there:
    an unfilled template earns nothing."""
    lines = source.split("\n")
    math = tuple(
        _text(lines[number - 1])
        for number in math_lines
        if number <= len(lines) and not blank_formula(lines[number - 1])
    )
    heading = _EMPTY_TEXT
    paragraphs: list[Paragraph] = []
    section_analogy = section_why = False
    # Most cells have neither: then no paragraph needs the two searches.
    lowered = source.lower()
    has_analogy = (
        _may_contain(lowered, _ANALOGY_WORDS)
        and (_ANALOGY.search(source) is not None or _ANALOGY_HEADING.search(source) is not None)
        and not has_text(source, ANALOGY_BLANK)
    )
    has_why = (
        _may_contain(lowered, _WHY_WORDS)
        and (_WHY.search(source) is not None or _WHY_HEADING.search(source) is not None)
        and not has_text(source, WHY_BLANK)
    )
    if not (has_analogy or has_why):
        title = _HEADING.search(source)
        return MarkdownFacts(_text(title.group(0)) if title else _EMPTY_TEXT, (), math)
    for chunk in _PARAGRAPH.split(source):
        if not chunk.strip():
            continue
        title = _HEADING.search(chunk)
        if title is not None:
            # A heading opens a section: its analogy / why flag covers what follows it.
            section_analogy = has_analogy and _ANALOGY_HEADING.search(chunk) is not None
            section_why = has_why and _WHY_HEADING.search(chunk) is not None
            if heading is _EMPTY_TEXT:
                heading = _text(title.group(0))
        analogy = section_analogy or (has_analogy and _ANALOGY.search(chunk) is not None)
        why = section_why or (has_why and _WHY.search(chunk) is not None)
        if analogy or why:
            paragraphs.append(Paragraph(_text(chunk), analogy, why))
    return MarkdownFacts(heading, tuple(paragraphs), math)


def code_facts(tree: ast.Module | None) -> CodeFacts:
    """Top-level public functions and classes: a method belongs to its class's concept."""
    if tree is None:
        return NO_CODE
    defs = tuple(
        (key, node.name, node.lineno)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and not node.name.startswith(("_", "test_"))
        and (key := normalise_key(node.name))
    )
    return CodeFacts(defs) if defs else NO_CODE


class BridgeCell(NamedTuple):
    """What the bridge pass needs from one cell (built per request from cached facts)."""

    cell: int
    role: str
    markdown: MarkdownFacts | None
    code: CodeFacts | None
    terms: Mapping[str, str]  # key → display name of the concepts the cell introduces


def _family(key: str, roots: set[str]) -> str:
    """The shortest root that ``key`` extends on a word boundary (or ``key`` itself)."""
    words = key.split()
    for size in range(1, len(words)):
        prefix = " ".join(words[:size])
        if prefix in roots:
            return prefix
    return key


class _Finder:
    """Which concept keys a stretch of text mentions: every run of as many words as some key
    has is looked up in the set of keys, and a match inside a longer match is dropped ("ReLU"
    is not mentioned by "Leaky ReLU")."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = frozenset(keys)
        self.firsts = frozenset(key.split(" ", 1)[0] for key in keys)
        self.sizes = sorted({len(key.split()) for key in keys}, reverse=True)

    def mentioned(self, text: Text) -> list[str]:
        if not (text.words & self.firsts):
            return []
        words = text.tokens.split()
        found: list[str] = []
        covered_to = 0  # matches are taken longest first at each position, left to right
        for start in range(len(words)):
            if words[start] not in self.firsts:
                continue
            for size in self.sizes:
                if start + size > len(words):
                    continue
                phrase = " ".join(words[start : start + size])
                if phrase in self.keys:
                    if start + size > covered_to:
                        if phrase not in found:
                            found.append(phrase)
                        covered_to = start + size
                    break
        return found


def find_bridges(cells: Sequence[BridgeCell]) -> list[Json]:
    """One entry per concept that deserves a bridge, in order of first implementation."""
    term_names: dict[str, tuple[str, int]] = {}
    introduced: dict[str, int] = {}
    implemented: dict[str, list[tuple[str, int, int]]] = {}  # key → (name, cell, line)
    for cell in cells:
        for key, name in cell.terms.items():
            introduced.setdefault(key, cell.cell)
            if cell.markdown is not None:
                term_names.setdefault(key, (name, cell.cell))
        if cell.role == "solution" and cell.code is not None:
            for key, name, line in cell.code.defs:
                implemented.setdefault(key, []).append((name, cell.cell, line))
    if not implemented:
        return []
    # A markdown term that some definition extends is a root too ("Leaky ReLU" names
    # leaky_relu_array); the shortest root wins.
    roots = {*implemented, *term_names}
    families: dict[str, list[tuple[str, int, int]]] = {}
    for key, places in implemented.items():
        families.setdefault(_family(key, roots), []).extend(places)
    intros: dict[str, int] = {}
    for root, places in families.items():
        places.sort(key=lambda place: (place[1], place[2]))
        term = term_names.get(root)
        first = places[0][1]
        intros[root] = min(term[1] if term is not None else introduced.get(root, first), first)
    found = _find_parts(cells, families, intros)
    bridges = [
        _bridge(root, places, term_names.get(root), intros[root], found[root])
        for root, places in families.items()
    ]
    bridges.sort(key=lambda bridge: (bridge["implemented_in"][0], bridge["key"]))
    return bridges


def _find_parts(
    cells: Sequence[BridgeCell], families: Mapping[str, Any], intros: Mapping[str, int]
) -> dict[str, dict[str, list[int]]]:
    """root → part → cells where it was found (analogy, math, why), one pass over the cells."""
    finder = _Finder(list(families))
    by_intro: dict[int, list[str]] = {}
    for root, intro in intros.items():
        by_intro.setdefault(intro, []).append(root)
    found: dict[str, dict[str, list[int]]] = {
        root: {"analogy": [], "math": [], "why": []} for root in families
    }

    def mark(root: str, part: str, at: int) -> None:
        cells_found = found[root][part]
        if not cells_found or cells_found[-1] != at:
            cells_found.append(at)

    for cell in cells:
        facts = cell.markdown
        if facts is None:
            continue
        index = cell.cell
        intro_roots = by_intro.get(index, [])
        whole = [*intro_roots, *finder.mentioned(facts.heading)]
        analogy = any(p.analogy for p in facts.paragraphs)
        why = any(p.why for p in facts.paragraphs)
        for root in whole:
            if analogy:
                mark(root, "analogy", index)
            if why:
                mark(root, "why", index)
        for root in intro_roots:
            if facts.math:
                mark(root, "math", index)
        for paragraph in facts.paragraphs:
            for root in finder.mentioned(paragraph.text):
                if paragraph.analogy:
                    mark(root, "analogy", index)
                if paragraph.why:
                    mark(root, "why", index)
        for line in facts.math:
            for root in finder.mentioned(line):
                mark(root, "math", index)
    return found


def _bridge(
    key: str,
    places: Sequence[tuple[str, int, int]],
    term: tuple[str, int] | None,
    intro: int,
    found: Mapping[str, list[int]],
) -> Json:
    name = term[0] if term is not None else min((p[0] for p in places), key=len)
    implemented_in = sorted({p[1] for p in places})
    parts = {
        "analogy": sorted(found["analogy"]),
        "math": sorted(found["math"]),
        "code": implemented_in[:1],
        "why": sorted(found["why"]),
    }
    missing = [part for part in PARTS if not parts[part]]
    return {
        "name": name,
        "key": key,
        "introduced_in": intro,
        "implemented_in": implemented_in,
        "functions": [p[0] for p in places],
        "parts": {part: {"found": bool(parts[part]), "cells": parts[part]} for part in PARTS},
        "score": round((len(PARTS) - len(missing)) / len(PARTS), 4),
        "missing": missing,
    }


_ADVICE = {
    "analogy": "compare it with something familiar (\u201c{name} is like \u2026\u201d)",
    "math": "give its formula, naming it (\u201c{name}(x) = \u2026\u201d)",
    "code": "implement or call it in a code cell",
    "why": "say why it matters in real systems (\u201cwithout {name} \u2026\u201d)",
}


def bridge_finding(bridge: Mapping[str, Any]) -> Json | None:
    """The hint for a bridge with missing parts, placed on the cell that introduces it."""
    missing = bridge["missing"]
    if not missing:
        return None
    name = bridge["name"]
    have = [part for part in PARTS if part not in missing]
    message = (
        f"concept bridge for {name}: {len(have)} of 4 parts"
        f" ({', '.join(have) if have else 'none'}); missing {', '.join(missing)}"
    )
    suggestion = "; ".join(_ADVICE[part].format(name=name) for part in missing)
    return {
        "rule": "concept-bridge",
        "severity": "info",
        "message": message,
        "suggestion": suggestion[0].upper() + suggestion[1:],
        "cell_index": bridge["introduced_in"],
    }
