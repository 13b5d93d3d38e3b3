"""Assemble the report: per-cell results (cached) + one cheap notebook pass.

Everything that depends on a cell alone — role, SLOC, CC, guidance, blocks, concept
candidates, cell-local findings — is computed once per (cell type, source, the metadata
that matters, config) and kept in a bounded LRU.  Novelty, markdown P_new, the new-concept
and solution-level findings, cliffs and the summary are recomputed on every call; they
only touch small per-cell records.

Reports share nested, never-mutated fragments (terms, guidance, blocks) with the cache, so
callers must treat a report as read-only (the server and CLI only serialise it).
"""

from __future__ import annotations

import gc
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import ConfigError, config_key, merge_config
from . import metrics, rules
from .concepts import CellConcepts, Concept, extract_concepts, new_concepts_per_cell
from .guidance import Block, Guidance, find_blocks, find_guidance, guidance_json
from .loading import Cell, NotANotebook, normalise_cells
from .roles import code_role, is_ignored, markdown_role, silenced_rules, tags_of
from .source import parse_code
from .summary import MARKDOWN_ROLES, Row, summarise

Json = dict[str, Any]
Scored = tuple["int | None", list[str], list[Json]]  # complexity, why, terms
REPORT_VERSION = 1
DEFAULT_MAX_CELLS = 4096
_NO_CONCEPTS = CellConcepts((), (), ())


@dataclass
class CellResult:
    """Cell-local analysis, reused across reports while the cell is unchanged."""

    cell_type: str
    role: str
    ignored: bool
    lines: int
    sloc: int
    words: int | None
    math_lines: int | None
    cc: Json | None
    complexity: int | None  # markdown: before P_new
    why: list[str]
    terms: list[Json]
    note: str | None
    guidance: Guidance | None
    guidance_json: Json | None
    blocks: tuple[Block, ...]
    blocks_json: list[Json]
    concepts: CellConcepts
    findings: list[Json]  # cell-local, cell_index still -1, silenced rules already dropped
    silenced: tuple[str, ...]  # rule ids silenced on this cell (metadata ignore_rules)
    # Where the cell could be split (code lines, candidate cuts, last line, SLOC limit) when
    # SLOC adds to its complexity; turned into text only for the few cells whose hint is
    # asked for (cliffs, solution levels).
    split_plan: tuple[frozenset[int], tuple[rules.Candidate, ...], int, int] | None
    # Markdown P_new variants, keyed by new-concept count (only a few ever occur).
    markdown_scores: dict[int, Scored] = field(default_factory=dict)
    # (what the last report entry showed, that entry, its summary row): see _cell_json.
    memo: tuple[tuple[Any, ...], Json, Row] | None = None
    _split: str | None = None

    def split(self) -> str | None:
        """How to split the cell, when SLOC drives its complexity."""
        if self._split is None and self.split_plan is not None:
            lines, candidates, last, limit = self.split_plan
            cuts, sizes = rules.plan_split(lines, candidates, 1, last, limit)
            self._split = rules.describe_split(cuts, sizes, limit)
        return self._split


def _meta_key(metadata: Mapping[str, Any]) -> tuple[Any, ...]:
    """The metadata that changes a cell's result, as a cheap hashable tuple."""
    if not metadata:
        return ()
    nbgrader = metadata.get("nbgrader")
    own = metadata.get("tinyscaffold")
    tags = metadata.get("tags")
    if own is None and tags is None:  # the common case: only nbgrader (or nothing) matters
        if type(nbgrader) is dict:
            return (nbgrader.get("solution") is True, nbgrader.get("grade") is True)
        if nbgrader is None:
            return ()
    concepts: Any = None
    ignore: Any = None
    if isinstance(own, Mapping):
        ignore = (own.get("ignore") is True, silenced_rules(metadata))
        raw = own.get("concepts")
        if isinstance(raw, list):
            concepts = tuple(item if isinstance(item, str) else repr(item) for item in raw)
        elif raw is not None:
            concepts = repr(raw)
    return (
        tags_of(metadata),
        isinstance(nbgrader, Mapping) and nbgrader.get("solution") is True,
        isinstance(nbgrader, Mapping) and nbgrader.get("grade") is True,
        ignore,
        concepts,
    )


def _safe_concepts(
    source: str, cell_type: str, metadata: Mapping[str, Any], tree: Any, config: Mapping[str, Any]
) -> CellConcepts:
    try:
        return extract_concepts(source, cell_type, metadata, tree, config)
    except (RecursionError, MemoryError):
        return _NO_CONCEPTS


def analyse_cell(
    cell_type: str, source: str, metadata: Mapping[str, Any], config: Mapping[str, Any]
) -> CellResult:
    """Everything about one cell that does not depend on the other cells."""
    ignored = is_ignored(metadata)
    silenced = silenced_rules(metadata) if metadata else ()
    lines = len(source.splitlines())
    if cell_type == "code":
        parsed = parse_code(source)
        role = code_role(source, metadata, parsed.sloc_lines if parsed.tree is not None else None)
        cc, terms, note = metrics.code_score(parsed, config)
        complexity, why = metrics.total(terms) if terms else (None, [])
        guidance = find_guidance(parsed)
        blocks = find_blocks(parsed)
        findings = rules.cell_findings(role, parsed, guidance, blocks, config)
        if silenced:
            findings = [f for f in findings if f["rule"] not in silenced]
        plan = None
        if parsed.sloc > config["sloc_bands"][0]:
            last = max(parsed.sloc_lines, default=1)
            candidates = rules.cell_candidates(parsed)
            plan = (parsed.sloc_lines, candidates, last, config["max_cell_sloc"])
        concepts = _safe_concepts(source, cell_type, metadata, parsed.facts, config)
        return CellResult(
            cell_type, role, ignored, lines, parsed.sloc, None, None, cc, complexity, why, terms,
            note, guidance, guidance_json(guidance), blocks, [b.to_json() for b in blocks],
            concepts, findings, silenced, plan,
        )  # fmt: skip
    if cell_type == "markdown":
        words, math_lines, terms = metrics.markdown_terms(source, config)
        concepts = _safe_concepts(source, cell_type, metadata, None, config)
        return CellResult(
            cell_type, markdown_role(source), ignored, lines, 0, words, math_lines, None, None,
            [], terms, None, None, None, (), [], concepts, [], silenced, None,
        )  # fmt: skip
    role = "raw" if cell_type == "raw" else "other"
    note = (
        "raw cell: not analysed"
        if role == "raw"
        else f"unknown cell type {cell_type!r}: not analysed"
    )
    return CellResult(
        cell_type, role, ignored, lines, 0, None, None, None, None, [], [], note, None, None,
        (), [], _NO_CONCEPTS, [], silenced, None,
    )  # fmt: skip


def _markdown_score(result: CellResult, new_count: int, config: Mapping[str, Any]) -> Scored:
    cached = result.markdown_scores.get(new_count)
    if cached is None:
        terms = [*result.terms, metrics.new_concepts_term(new_count, config)]
        complexity, why = metrics.total(terms)
        cached = (complexity, why, terms)
        if len(result.markdown_scores) < 16:
            result.markdown_scores[new_count] = cached
    return cached


def _concept_json(concept: Concept) -> Json:
    return {"name": concept.name, "key": concept.key, "kind": concept.kind, "line": concept.line}


class Analyzer:
    """Analyse notebooks with a bounded per-cell cache; safe to share between threads."""

    def __init__(
        self, config: Mapping[str, Any] | None = None, max_cells: int = DEFAULT_MAX_CELLS
    ) -> None:
        self._base = merge_config(config)
        self._max_cells = max(1, int(max_cells))
        self._cache: OrderedDict[tuple[Any, ...], CellResult] = OrderedDict()
        self._lock = threading.Lock()
        self._config_memo: dict[str, tuple[str, Json]] = {}

    def analyze(self, notebook: Mapping[str, Any]) -> Json:
        return self._analyze(notebook, self._base)

    def _effective(self, notebook: Mapping[str, Any], base: Mapping[str, Any]) -> Mapping[str, Any]:
        metadata = notebook.get("metadata")
        if metadata is None:
            return base
        if not isinstance(metadata, Mapping):
            raise NotANotebook("notebook 'metadata' must be an object")
        own = metadata.get("tinyscaffold")
        if own is None:
            return base
        try:
            return merge_config(base, own)
        except ConfigError as exc:
            raise ConfigError(f"notebook metadata tinyscaffold: {exc}") from None

    def _results(self, cells: list[Cell], config: Mapping[str, Any], ckey: str) -> list[CellResult]:
        """Cached results for all cells, taking the lock twice per call rather than per cell."""
        keys = [(c.cell_type, c.source, _meta_key(c.metadata), ckey) for c in cells]
        found: list[CellResult | None] = []
        with self._lock:
            get, touch = self._cache.get, self._cache.move_to_end
            for key in keys:
                hit = get(key)
                if hit is not None:
                    touch(key)
                found.append(hit)
        missing = [i for i, hit in enumerate(found) if hit is None]
        if not missing:
            return found  # type: ignore[return-value]
        computed = {}
        for i in missing:
            cell = cells[i]
            computed[i] = found[i] = analyse_cell(
                cell.cell_type, cell.source, cell.metadata, config
            )
        with self._lock:
            for i, result in computed.items():
                self._cache[keys[i]] = result
            while len(self._cache) > self._max_cells:
                self._cache.popitem(last=False)
        return found  # type: ignore[return-value]

    def _config_json(self, config: Mapping[str, Any]) -> tuple[str, Json]:
        """(cache key, plain JSON copy in natural order) of a config, memoised for the common
        configs; reports share the copy (they are read-only, see the module docstring)."""
        ckey = config_key(config)
        memo = self._config_memo.get(ckey)
        if memo is None:
            memo = (ckey, json.loads(json.dumps(config)))
            if len(self._config_memo) < 64:
                self._config_memo[ckey] = memo
        return memo

    def _analyze(self, notebook: Mapping[str, Any], base: Mapping[str, Any]) -> Json:
        # The cyclic GC is paused for the call: cold analysis allocates a great many short-
        # lived, acyclic objects (ast nodes above all) that reference counting frees, yet the
        # collector kept rescanning them (~6% of a cold 1,000-cell run).  Restored even on
        # error, and only by the call that paused it (a host's gc.disable() is respected).
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            cells = normalise_cells(notebook)
            config = self._effective(notebook, base)
            ckey, config_json = self._config_json(config)
            results = self._results(cells, config, ckey)
            return _assemble(cells, results, config, config_json)
        finally:
            if paused:
                gc.enable()


def _cell_json(
    index: int,
    cell: Cell,
    result: CellResult,
    scored: Scored,
    new: Sequence[Concept],
    extra: list[Json],
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
    findings = [{**f, "cell_index": index} for f in result.findings] if not result.ignored else []
    findings.extend(extra)
    entry = {
        "index": index,
        "id": cell.id,
        "cell_type": cell.cell_type,
        "role": result.role,
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
        "new_concepts": [c.name for c in new],
        "concepts": [_concept_json(c) for c in new],
        "guidance": result.guidance_json,
        "blocks": result.blocks_json,
        "findings": findings,
    }
    row = Row(index, result.cell_type, result.role, result.ignored, scored[0], result.lines,
              result.sloc, result.guidance, result.blocks, len(new))  # fmt: skip
    result.memo = (key, entry, row)
    return entry, row


def _extra_findings(
    index: int,
    results: list[CellResult],
    new: Sequence[Concept],
    levels: Mapping[int, Json],
    config: Mapping[str, Any],
) -> list[Json]:
    """Findings of a cell that depend on other cells: novelty and solution levels."""
    result = results[index]
    extra: list[Json] = []
    if result.ignored:
        return extra
    silenced = result.silenced
    if (
        len(new) > config["max_new_concepts"]
        and (result.role == "solution" or result.role in MARKDOWN_ROLES)
        and "new-concepts" not in silenced
    ):
        above = index - 1 if index and results[index - 1].cell_type == "markdown" else None
        names = [c.name for c in new]
        finding = rules.new_concepts_finding(
            result.role, names, [c.line for c in new], above, config
        )
        if finding is not None:
            extra.append({**finding, "cell_index": index})
    if index in levels and "solution-levels" not in silenced:
        extra.append({**levels[index], "cell_index": index})
    return extra


def _assemble(
    cells: list[Cell], results: list[CellResult], config: Mapping[str, Any], config_json: Json
) -> Json:
    fresh = new_concepts_per_cell([result.concepts for result in results])
    max_new = config["max_new_concepts"]
    scores: list[Scored] = []
    solution_track: list[tuple[int, int]] = []
    explanation_track: list[tuple[int, int]] = []
    for index, result in enumerate(results):
        if result.cell_type == "markdown":
            scored = _markdown_score(result, len(fresh[index]), config)
        else:
            scored = (result.complexity, result.why, result.terms)
        scores.append(scored)
        complexity = scored[0]
        if result.ignored or complexity is None:
            continue
        if result.role == "solution":
            solution_track.append((index, complexity))
        elif result.role == "explanation":
            explanation_track.append((index, complexity))

    def hint(index: int) -> str:
        return rules.reduce_hint(scores[index][2], results[index].split())

    levels = rules.solution_level_findings(solution_track, config, hint)
    all_cliffs = rules.cliffs("solution", solution_track, config, hint)
    all_cliffs += rules.cliffs("explanation", explanation_track, config, hint)
    all_cliffs.sort(key=lambda cliff: (cliff["to_index"], cliff["from_index"]))

    report_cells: list[Json] = []
    rows: list[Row] = []
    for index, cell in enumerate(cells):
        new = fresh[index]
        # Only cells that can carry such findings pay for the check.
        extra = _extra_findings(index, results, new, levels, config) if (
            index in levels or len(new) > max_new
        ) else []  # fmt: skip
        entry, row = _cell_json(index, cell, results[index], scores[index], new, extra)
        report_cells.append(entry)
        rows.append(row)
    return {
        "version": REPORT_VERSION,
        "cells": report_cells,
        "cliffs": all_cliffs,
        "summary": summarise(rows, all_cliffs, config),
        "config": config_json,
    }


_SHARED = Analyzer()


def analyze(notebook: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> Json:
    """Analyse one notebook dict (nbformat v4 shape); ``config`` overrides SPEC defaults."""
    base = merge_config(config)
    return _SHARED._analyze(notebook, base)
