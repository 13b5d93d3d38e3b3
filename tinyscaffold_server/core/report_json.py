"""The notebook pass: per-cell cached results + notebook context → the JSON report.

Runs on every request, so per cell it does little more than attribute reads: a cell's
entry and summary row are memoised on its cached result together with everything else
they show (index, id, new concepts, context findings, complexity after P_new), and rebuilt
only when one of those changed.

Reports share nested, never-mutated fragments (terms, guidance, blocks) with the cache, so
callers must treat a report as read-only (the server and CLI only serialise it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import concept_rules, metrics, rules
from .advice import cell_advice
from .cell_result import CellResult, Scored
from .concepts.candidates import Concept
from .loading import Cell
from .patterns import facts as patterns
from .phrases import Phrase
from .summary import MARKDOWN_ROLES, Row, row_facts, summarise
from .typing_names import Any

Json = dict[str, Any]
REPORT_VERSION = 1
_NO_EXTRA: list[Any] = []  # shared "no context findings"; only ever read
# Shared empty lists for the entries of the many cells without findings or new concepts:
# reports are read-only, and a cold run then allocates (and later frees) three lists fewer
# per such cell.
_NONE: list[Any] = []
_tuple_new = tuple.__new__
_NOT_SOLUTION: tuple[tuple[str, ...], float, str | None] = ((), 1.0, None)


def _markdown_score(result: CellResult, new_count: int, config: Mapping[str, Any]) -> Scored:
    known = result.markdown_scores
    if known is None:
        known = result.markdown_scores = {}
    cached = known.get(new_count)
    if cached is None:
        terms = [*result.terms, metrics.new_concepts_term(new_count, config)]
        complexity, why = metrics.total(terms)
        cached = (complexity, why, terms)
        if len(known) < 16:
            known[new_count] = cached
    return cached


# How strongly the cell explains a concept (concepts/types.py), by name.
_LEVELS = {1: "mentioned", 2: "defined", 3: "section"}


def _concept_json(concept: Concept) -> Json:
    return {
        "name": concept.name,
        "key": concept.key,
        "kind": concept.kind,
        "level": _LEVELS.get(concept.level, "defined"),
        "line": concept.line,
        "aliases": list(concept.aliases),
    }


def _cell_json(
    index: int,
    cell: Cell,
    result: CellResult,
    scored: Scored,
    new: Sequence[Concept],
    extra: list[Json],
    config: Mapping[str, Any],
) -> tuple[Json, Row]:
    """The report entry and summary row of one cell, reused while nothing they show has
    changed.

    In a warm re-analysis nearly every cell hits this memo, which keeps the notebook pass
    to a few attribute reads per cell.
    """
    key = (index, cell.id, new, extra, scored[0])
    memo = result.memo
    if memo is not None and memo[0] == key:
        return memo[1], memo[2]
    if result.findings and not result.ignored:
        findings = [{**f, "cell_index": index} for f in result.findings]
        findings.extend(extra)
    else:
        findings = list(extra) if extra else _NONE
    entry = {
        "index": index,
        "id": cell.id,
        "cell_type": cell.cell_type,
        "role": result.role,
        **({"role_why": result.role_why} if result.role_why is not None else {}),
        "ignored": result.ignored,
        "lines": result.lines,
        "sloc": result.sloc,
        "words": result.words,
        "math_lines": result.math_lines,
        "cc": result.cc,
        "complexity": scored[0],
        "complexity_why": scored[1],
        "terms": scored[2],
        "note": result.note,
        "new_concepts": [c.name for c in new] if new else _NONE,
        "concepts": [_concept_json(c) for c in new] if new else _NONE,
        **(
            {"concept_candidates": [_concept_json(c) for c in result.concepts.others]}
            if result.concepts.others
            else {}
        ),
        "guidance": result.guidance_json,
        "blocks": result.blocks_json,
        "findings": findings,
    }
    if findings:
        entry["advice"] = cell_advice(findings)
    facts = result.facts
    if facts is None:
        # Only solution rows are read for these facts (G, B parts, hinted target).
        if result.role == "solution":
            facts = result.facts = row_facts(result.guidance, result.blocks, config, result.sloc)
        else:
            facts = result.facts = _NOT_SOLUTION
    # tuple.__new__ skips the NamedTuple's Python-level __new__ (one per cell, cold path).
    row: Row = _tuple_new(Row, (index, result.cell_type, result.role, result.ignored, scored[0],
                          result.lines, result.sloc, result.guidance, result.blocks, len(new),
                          *facts))  # fmt: skip
    result.memo = (key, entry, row)
    return entry, row


def _extra_findings(
    index: int,
    results: list[CellResult],
    fresh: Sequence[Sequence[Concept]],
    levels: Mapping[int, Json],
    bridge_findings: Mapping[int, list[Json]],
    config: Mapping[str, Any],
) -> list[Json]:
    """Findings of a cell that depend on other cells: novelty, solution levels, bridges."""
    result = results[index]
    new = fresh[index]
    extra: list[Json] = []
    if result.ignored:
        return extra
    silenced = result.silenced
    if (
        len(new) > config["max_new_concepts"]
        and (result.role == "solution" or result.role in MARKDOWN_ROLES)
        and "new-concepts" not in silenced
    ):
        above = (
            (index - 1, len(fresh[index - 1]))
            if index and results[index - 1].cell_type == "markdown"
            else None
        )
        names = [c.name for c in new]
        finding = concept_rules.new_concepts_finding(
            result.role, names, [c.line for c in new], above, config
        )
        if finding is not None:
            extra.append({**finding, "cell_index": index})
    if index in levels and "solution-levels" not in silenced:
        extra.append({**levels[index], "cell_index": index})
    if index in bridge_findings and "concept-bridge" not in silenced:
        extra.extend(bridge_findings[index])
    return extra


def _pattern_cells(
    results: list[CellResult], fresh: Sequence[Sequence[Concept]]
) -> list[patterns.PatternCell]:
    """The cells the pattern pass looks at, each record reused from the cache while its
    index, role and new concepts are unchanged (so the pass's memo key compares by identity)."""
    no_facts = patterns.NO_PATTERNS
    found = []
    for index, result in enumerate(results):
        new = fresh[index]
        if not new and result.pattern_facts is no_facts:
            continue
        known = result.pattern_cell
        if known is None or known.cell != index or known.new is not new:
            known = result.pattern_cell = patterns.PatternCell(
                index, result.role, result.ignored, result.pattern_facts, new
            )
        found.append(known)
    return found


def assemble(
    cells: list[Cell],
    results: list[CellResult],
    fresh: Sequence[Sequence[Concept]],
    config: Mapping[str, Any],
    config_json: Json,
    patterns_memo: patterns.PatternsMemo | None = None,
) -> Json:
    max_new = config["max_new_concepts"]
    scores: list[Scored] = []
    solution_track: list[tuple[int, int]] = []
    explanation_track: list[tuple[int, int]] = []
    for index, result in enumerate(results):
        if result.cell_type == "markdown":
            scored = _markdown_score(result, len(fresh[index]), config)
        elif result.scored is not None:
            scored = result.scored
        else:
            scored = result.scored = (result.complexity, result.why, result.terms)
        scores.append(scored)
        complexity = scored[0]
        if result.ignored or complexity is None:
            continue
        if result.role == "solution":
            solution_track.append((index, complexity))
        elif result.role == "explanation":
            explanation_track.append((index, complexity))

    def hint(index: int) -> Phrase | None:
        return rules.reduce_hint(scores[index][2], results[index].split())

    levels = rules.solution_level_findings(solution_track, config, hint)
    all_cliffs = rules.cliffs("solution", solution_track, config, hint)
    all_cliffs += rules.cliffs("explanation", explanation_track, config, hint)
    all_cliffs.sort(key=lambda cliff: (cliff["to_index"], cliff["from_index"]))
    section, bridge_findings, pattern_parts = patterns.find_patterns(
        _pattern_cells(results, fresh), config, patterns_memo
    )

    report_cells: list[Json] = []
    rows: list[Row] = []
    for index, cell in enumerate(cells):
        new = fresh[index]
        result = results[index]
        # Only cells that can carry such findings pay for the check.
        extra = _extra_findings(index, results, fresh, levels, bridge_findings, config) if (
            index in levels or len(new) > max_new or index in bridge_findings
        ) else _NO_EXTRA  # fmt: skip
        scored = scores[index]
        # The memo check of _cell_json, inlined: nearly every cell of a warm call hits it.
        memo = result.memo
        if memo is not None and memo[0] == (index, cell.id, new, extra, scored[0]):
            report_cells.append(memo[1])
            rows.append(memo[2])
            continue
        entry, row = _cell_json(index, cell, result, scored, new, extra, config)
        report_cells.append(entry)
        rows.append(row)
    return {
        "version": REPORT_VERSION,
        "cells": report_cells,
        "cliffs": all_cliffs,
        "patterns": section,
        "summary": summarise(rows, all_cliffs, config, pattern_parts),
        "config": config_json,
    }
