"""SPEC 3: complexity 1-5 per cell, with the terms that explain it.

Code: ``1 + P_sloc + P_cc``; markdown: ``1 + P_words + P_math + P_new``, both capped at 5.
P_new needs notebook-wide novelty, so markdown scores are finished by
:func:`new_concepts_term` in the notebook pass; everything else depends on the cell alone.

Cyclomatic complexity has radon's semantics (``ComplexityVisitor`` with ``no_assert=True``)
but is computed by :mod:`.ast_facts`, not by radon: radon's recursive visitor alone cost
about three times ``ast.parse``, which broke the SPEC 8 cold-analysis budget, while the
shared walk costs a fraction of it.  radon is the test oracle instead (a ``test`` extra):
``tests/core/test_ast_facts.py`` checks value and location of the maximum against radon on
the corpus, the fixtures, hand-written edge cases and generated programs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import filterfalse

from .ast_facts import cc_rank
from .lazy_re import compile_lazily
from .memo import small_input_cache
from .source import ParsedCode
from .typing_names import Any

MAX_COMPLEXITY = 5
Json = dict[str, Any]


def band_points(value: float, bands: Sequence[float]) -> int:
    """Points for ``value``: how many inclusive upper bounds it exceeds."""
    points = 0
    for bound in bands:  # a plain loop: a generator in sum() costs more than the count
        if value > bound:
            points += 1
    return points


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


def counted(number: int, noun: str) -> str:
    """ "1 math line", "2 math lines": the noun agrees with its number (a regular plural)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def total(terms: Sequence[Json]) -> tuple[int, list[str]]:
    """Capped complexity and its why-texts."""
    raw = 0
    why = []
    for term in terms:  # one plain loop: called once per cell on the cold path
        raw += int(term["points"])
        why.append(str(term["text"]))
    if raw > MAX_COMPLEXITY:
        why.append(f"{raw} capped at {MAX_COMPLEXITY}")
    return min(raw, MAX_COMPLEXITY), why


# ---------------------------------------------------------------- code


def max_cc(parsed: ParsedCode) -> Json | None:
    """The largest CC over module-level code and every function/method/closure.

    Ties go to the earliest block in the source; module-level code (scattered over the
    cell) only wins when it is strictly the most complex.
    """
    facts = parsed.facts
    if facts is None:
        return None
    best = None
    for block in facts.blocks:  # source order
        if best is None or block.value > best.value:
            best = block
    module_cc = facts.module_cc
    if best is None or module_cc > best.value:
        return {"value": module_cc, "rank": cc_rank(module_cc), "where": "<module>"}
    return {
        "value": best.value,
        "rank": cc_rank(best.value),
        "where": best.name,
        "lines": [best.line, best.end],
    }


@lru_cache(maxsize=1024)
def _sloc_term(sloc: int, bands: Sequence[float]) -> Json:
    """The SLOC term, shared by every cell of that SLOC (a few dozen values recur): terms are
    never mutated (reports are read-only), and building it was a visible part of a cold run."""
    points = band_points(sloc, bands)
    return _term("sloc", sloc, points, f"SLOC {sloc} → +{points}")


def code_score(
    parsed: ParsedCode, config: Mapping[str, Any]
) -> tuple[Json | None, list[Json], str | None]:
    """(cc, terms, note) for a code cell; terms is empty when it cannot be scored."""
    cc = max_cc(parsed)
    if cc is None:
        return None, [], parsed.note
    sloc_term = _sloc_term(parsed.sloc, tuple(config["sloc_bands"]))
    cc_points = band_points(cc["value"], config["cc_bands"])
    where = "" if cc["where"] == "<module>" else f" in {cc['where']}"
    terms = [
        BASE_TERM,
        sloc_term,
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

_FENCE = compile_lazily(r"^ {0,3}(```|~~~)")
_INLINE_CODE = compile_lazily(r"(`+)(?:(?!\1).)+?\1")
# A word is a whitespace-separated token with a letter or digit in it: each such token gives
# exactly one match (from its first letter or digit to its end), other tokens none.
_WORD_TOKEN = compile_lazily(r"[^\W_]\S*")
# A math line has a LaTeX span ($…$, \(, \[) or one of the math characters.  Every branch
# starts with a literal, so the regex engine skips ahead with a fast first-character scan.
_MATH = compile_lazily(
    r"\$[^$\n]+\$|\\\(|\\\[|"
    + "|".join(re.escape(c) for c in "=≈≠≤≥∑Σ∏∂∇√∞\u00d7·⊙^")  # \u00d7: multiplication sign
)


def prose_lines(source: str) -> list[tuple[int, str]]:
    """(line number, text) of markdown lines outside fenced code blocks."""
    if "```" not in source and "~~~" not in source:  # the common case: no fence at all
        return list(enumerate(source.split("\n"), 1))
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
    # Inline code, tokens and math spans never cross a line, so the prose is measured whole.
    # Without a fence (most cells) the prose is the source and line i is prose[i - 1].
    prose = prose_lines(source) if "```" in source or "~~~" in source else None
    raw = "\n".join([line for _, line in prose]) if prose is not None else source
    text = _INLINE_CODE.sub(" ", raw) if "`" in raw else raw
    tokens = text.split()
    # All-alphanumeric tokens are words; only the rest need the (slower) regex.
    odd = list(filterfalse(str.isalnum, tokens))
    words = len(tokens) - len(odd) + (len(_WORD_TOKEN.findall(" ".join(odd))) if odd else 0)
    math: list[int] = []
    if "$$" in source:  # display blocks: every line up to the closing $$ is math
        in_display = False
        for number, line in prose if prose is not None else enumerate(source.split("\n"), 1):
            display_marks = line.count("$$")
            if in_display or display_marks or _MATH.search(line) is not None:
                math.append(number)
            if display_marks % 2:
                in_display = not in_display
        return words, math
    # One scan of the prose; after a hit, resume at the end of its line.
    index = position = 0
    match = _MATH.search(raw)
    while match is not None:
        index += raw.count("\n", position, match.start())
        math.append(prose[index][0] if prose is not None else index + 1)
        position = raw.find("\n", match.start())
        if position < 0:
            break
        match = _MATH.search(raw, position)
    return words, math


def markdown_terms(source: str, config: Mapping[str, Any]) -> tuple[int, int, list[Json]]:
    """(words, math_lines, terms without P_new) for a markdown cell."""
    words, math, terms = markdown_terms_with_lines(source, config)
    return words, len(math), terms


def markdown_terms_with_lines(
    source: str, config: Mapping[str, Any]
) -> tuple[int, list[int], list[Json]]:
    """(words, math line numbers, terms without P_new) for a markdown cell."""
    words, math = markdown_measure(source)
    terms = [
        BASE_TERM,
        _words_term(words, tuple(config["word_bands"])),
        _math_term(tuple(math), tuple(config["math_bands"])),
    ]
    return words, math, terms


# Markdown terms are shared between cells with the same counts (and math lines), as the
# SLOC term is: never mutated, and cheaper to look up than to build on the cold path.


@lru_cache(maxsize=1024)
def _words_term(words: int, bands: Sequence[float]) -> Json:
    points = band_points(words, bands)
    return _term("words", words, points, f"{counted(words, 'word')} → +{points}")


@small_input_cache(maxsize=1024, max_size=64)  # math lines: as many as the cell has
def _math_term(math: Sequence[int], bands: Sequence[float]) -> Json:
    points = band_points(len(math), bands)
    return _term(
        "math", len(math), points, f"{counted(len(math), 'math line')} → +{points}", _ranges(math)
    )


def new_concepts_term(count: int, config: Mapping[str, Any]) -> Json:
    return _new_concepts_term(count, config["markdown_concept_penalty_above"])


@lru_cache(maxsize=256, typed=True)  # typed: a limit of 2.0 prints unlike 2
def _new_concepts_term(count: int, limit: Any) -> Json:
    points = 1 if count > limit else 0
    return _term(
        "new_concepts",
        count,
        points,
        f"{counted(count, 'new concept')} (limit {limit}) → +{points}",
    )
