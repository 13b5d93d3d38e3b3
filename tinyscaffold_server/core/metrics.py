"""SPEC 3: complexity 1-5 per cell, with the terms that explain it.

Code: ``1 + P_sloc + P_cc``; markdown: ``1 + P_words + P_math + P_new``, both capped at 5.
P_new needs notebook-wide novelty, so markdown scores are finished by
:func:`markdown_score` in the notebook pass; everything else depends on the cell alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from radon.complexity import cc_rank
from radon.visitors import ComplexityVisitor

from .source import ParsedCode

MAX_COMPLEXITY = 5
Json = dict[str, Any]


def band_points(value: float, bands: Sequence[float]) -> int:
    """Points for ``value``: how many inclusive upper bounds it exceeds."""
    return sum(1 for bound in bands if value > bound)


def _ranges(numbers: Sequence[int]) -> list[list[int]]:
    """Sorted line numbers → inclusive [first, last] runs."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return runs


def _term(name: str, value: float | None, points: int, text: str, lines: Any = None) -> Json:
    term: Json = {"name": name, "value": value, "points": points, "text": text}
    if lines:
        term["lines"] = lines
    return term


BASE_TERM: Json = _term("base", None, 1, "base 1")


def total(terms: Sequence[Json]) -> tuple[int, list[str]]:
    """Capped complexity and its why-texts."""
    raw = sum(int(term["points"]) for term in terms)
    why = [str(term["text"]) for term in terms]
    if raw > MAX_COMPLEXITY:
        why.append(f"{raw} capped at {MAX_COMPLEXITY}")
    return min(raw, MAX_COMPLEXITY), why


# ---------------------------------------------------------------- code


def _function_blocks(func: Any, prefix: str) -> Iterator[tuple[str, int, int]]:
    name = prefix + func.name
    yield name, int(func.complexity), int(func.lineno)
    for closure in func.closures:
        yield from _function_blocks(closure, name + ".")


def _class_blocks(cls: Any, prefix: str) -> Iterator[tuple[str, int, int]]:
    name = prefix + cls.name
    for method in cls.methods:
        yield from _function_blocks(method, name + ".")
    for inner in cls.inner_classes:
        yield from _class_blocks(inner, name + ".")


def max_cc(parsed: ParsedCode) -> Json | None:
    """The largest radon CC over module-level code and every function/method/closure.

    Ties go to the earliest block in the source; module-level code (scattered over the
    cell) only wins when it is strictly the most complex.
    """
    if parsed.tree is None:
        return None
    visitor = ComplexityVisitor.from_ast(parsed.tree, no_assert=True)
    blocks: list[tuple[str, int, int]] = []
    for func in visitor.functions:
        blocks.extend(_function_blocks(func, ""))
    for cls in visitor.classes:
        blocks.extend(_class_blocks(cls, ""))
    blocks.sort(key=lambda block: block[2])
    best: tuple[str, int, int] | None = None
    for block in blocks:
        if best is None or block[1] > best[1]:
            best = block
    module_cc = int(visitor.complexity)
    if best is None or module_cc > best[1]:
        return {"value": module_cc, "rank": cc_rank(module_cc), "where": "<module>"}
    name, value, line = best
    end = parsed.def_ends.get(line, line)
    return {"value": value, "rank": cc_rank(value), "where": name, "lines": [line, end]}


def code_score(
    parsed: ParsedCode, config: Mapping[str, Any]
) -> tuple[Json | None, list[Json], str | None]:
    """(cc, terms, note) for a code cell; terms is empty when it cannot be scored."""
    if parsed.tree is None:
        return None, [], parsed.note
    try:
        cc = max_cc(parsed)
    except (RecursionError, MemoryError):
        return None, [], "unparseable: nested too deeply to measure complexity"
    assert cc is not None
    sloc = parsed.sloc
    sloc_points = band_points(sloc, config["sloc_bands"])
    cc_points = band_points(cc["value"], config["cc_bands"])
    where = "" if cc["where"] == "<module>" else f" in {cc['where']}"
    terms = [
        BASE_TERM,
        _term("sloc", sloc, sloc_points, f"SLOC {sloc} → +{sloc_points}"),
        _term(
            "cc",
            cc["value"],
            cc_points,
            f"CC {cc['value']} ({cc['rank']}){where} → +{cc_points}",
            [cc["lines"]] if "lines" in cc else None,
        ),
    ]
    return cc, terms, None


# ---------------------------------------------------------------- markdown

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_WORD = re.compile(r"[^\W_]")
_LATEX = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")
_MATH_CHARS = frozenset("=≈≠≤≥∑Σ∏∂∇√∞\u00d7·⊙^")  # \u00d7: multiplication sign


def prose_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) of markdown lines outside fenced code blocks."""
    result = []
    fenced: str | None = None
    for number, line in enumerate(source.split("\n"), 1):
        match = _FENCE.match(line)
        if match is not None:
            if fenced is None:
                fenced = match.group(1)
            elif fenced == match.group(1):
                fenced = None
            continue
        if fenced is None:
            result.append((number, line))
    return result


def markdown_measure(source: str) -> tuple[int, list[int]]:
    """Prose words (inline code removed) and the math line numbers.

    Lines inside a ``$$`` display block count as math too: they are one LaTeX span.
    """
    words = 0
    math: list[int] = []
    in_display = False
    for number, line in prose_lines(source):
        text = _INLINE_CODE.sub(" ", line) if "`" in line else line
        words += sum(1 for token in text.split() if _WORD.search(token))
        display_marks = line.count("$$")
        is_math = (
            in_display
            or display_marks > 0
            or _LATEX.search(line) is not None
            or not _MATH_CHARS.isdisjoint(line)
        )
        if display_marks % 2:
            in_display = not in_display
        if is_math:
            math.append(number)
    return words, math


def markdown_terms(source: str, config: Mapping[str, Any]) -> tuple[int, int, list[Json]]:
    """(words, math_lines, terms without P_new) for a markdown cell."""
    words, math = markdown_measure(source)
    word_points = band_points(words, config["word_bands"])
    math_points = band_points(len(math), config["math_bands"])
    terms = [
        BASE_TERM,
        _term("words", words, word_points, f"{words} words → +{word_points}"),
        _term(
            "math",
            len(math),
            math_points,
            f"{len(math)} math lines → +{math_points}",
            _ranges(math),
        ),
    ]
    return words, len(math), terms


def new_concepts_term(count: int, config: Mapping[str, Any]) -> Json:
    limit = config["markdown_concept_penalty_above"]
    points = 1 if count > limit else 0
    return _term("new_concepts", count, points, f"{count} new concepts (limit {limit}) → +{points}")
