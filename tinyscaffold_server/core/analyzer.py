"""The Analyzer: per-cell results (cached) + one cheap notebook pass (``report_json``).

Everything that depends on a cell alone — role, SLOC, CC, guidance, blocks, concept
candidates, cell-local findings — is computed once per (cell type, source, the metadata
that matters, config) and kept in a bounded LRU.  Novelty is updated from the previous
call's (``novelty``); markdown P_new, the new-concept and solution-level findings, cliffs
and the summary are recomputed on every call, touching only small per-cell records.

Reports share nested, never-mutated fragments (terms, guidance, blocks) with the cache, so
callers must treat a report as read-only (the server and CLI only serialise it).
"""

from __future__ import annotations

import gc
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from . import metrics, rules
from .cell_result import CellResult
from .concepts import novelty
from .concepts.candidates import CellConcepts, extract_concepts
from .config import ConfigError, config_key, merge_config
from .guidance import Block, blocks_json, find_blocks, find_guidance, guidance_json
from .loading import Cell, NotANotebook, normalise_cells
from .patterns import facts as patterns
from .report_json import assemble
from .roles import code_role, is_ignored, markdown_role, silenced_rules, tags_of
from .source import parse_code

Json = dict[str, Any]
DEFAULT_MAX_CELLS = 4096
_NO_CONCEPTS = CellConcepts((), (), ())


_NBGRADER_KEYS = (((False, False), (False, True)), ((True, False), (True, True)))


def _meta_key(metadata: Mapping[str, Any]) -> tuple[Any, ...]:
    """The metadata that changes a cell's result, as a cheap hashable tuple."""
    if not metadata:
        return ()
    nbgrader = metadata.get("nbgrader")
    own = metadata.get("tinyscaffold")
    tags = metadata.get("tags")
    if own is None and tags is None:  # the common case: only nbgrader (or nothing) matters
        if type(nbgrader) is dict:  # one of four shared tuples, not a new one per cell
            return _NBGRADER_KEYS[nbgrader.get("solution") is True][nbgrader.get("grade") is True]
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
    source: str,
    cell_type: str,
    metadata: Mapping[str, Any],
    tree: Any,
    config: Mapping[str, Any],
    role: str = "",
    blocks: tuple[Block, ...] = (),
    code_lines: frozenset[int] | None = None,
) -> CellConcepts:
    try:
        spans = [(block.start_line, block.end_line) for block in blocks]
        return extract_concepts(source, cell_type, metadata, tree, config, role, spans, code_lines)
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
        role, role_why = code_role(parsed, metadata)
        cc, terms, note = metrics.code_score(parsed, config)
        complexity, why = metrics.total(terms) if terms else (None, [])
        guidance = find_guidance(parsed)
        blocks = find_blocks(parsed)
        length = rules.length_plan(role, parsed, blocks, config)
        findings = rules.cell_findings(role, parsed, guidance, length, config)
        pattern_facts = patterns.code_patterns(role, parsed)
        ladder = patterns.ladder_finding(role, parsed, pattern_facts, blocks, config)
        if ladder is not None:
            findings.append(ladder)
        if silenced:
            findings = [f for f in findings if f["rule"] not in silenced]
        concepts = _safe_concepts(
            source, cell_type, metadata, parsed.facts, config, role, blocks, parsed.sloc_lines
        )
        return CellResult(
            cell_type, role, ignored, lines, parsed.sloc, None, None, cc, complexity, why, terms,
            note, guidance, guidance_json(guidance), blocks, blocks_json(blocks),
            concepts, findings, silenced, length, pattern_facts=pattern_facts, role_why=role_why,
        )  # fmt: skip
    if cell_type == "markdown":
        words, math, terms = metrics.markdown_terms_with_lines(source, config)
        concepts = _safe_concepts(source, cell_type, metadata, None, config)
        return CellResult(
            cell_type, markdown_role(source), ignored, lines, 0, words, len(math), None, None,
            [], terms, None, None, None, (), [], concepts, [], silenced, None,
            pattern_facts=patterns.markdown_patterns(source, math),
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
        # Novelty of the last notebook analysed: the next call (usually the same notebook,
        # one cell edited) updates it instead of walking every cell.  Immutable, so threads
        # may race on it harmlessly: whichever snapshot a call reads is self-consistent.
        self._novelty: novelty.Novelty | None = None
        # The last scaffolding-pattern pass (see patterns.PatternsMemo); racing threads at
        # worst recompute it.
        self._patterns = patterns.PatternsMemo()

    def analyze(self, notebook: Mapping[str, Any], known: frozenset[str] = frozenset()) -> Json:
        """The report of one notebook; ``known``: concept keys earlier modules introduced."""
        return self._analyze(notebook, self._base, known)

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

    def _analyze(
        self,
        notebook: Mapping[str, Any],
        base: Mapping[str, Any],
        known: frozenset[str] = frozenset(),
    ) -> Json:
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
            found = novelty.update(self._novelty, [result.concepts for result in results], known)
            self._novelty = found
            return assemble(cells, results, found.new, config, config_json, self._patterns)
        finally:
            if paused:
                gc.enable()


_SHARED = Analyzer()


def analyze(
    notebook: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    known: frozenset[str] = frozenset(),
) -> Json:
    """Analyse one notebook dict (nbformat v4 shape); ``config.py`` overrides SPEC defaults;
    ``known``: concept keys introduced by earlier modules of the course."""
    base = merge_config(config)
    return _SHARED._analyze(notebook, base, known)
