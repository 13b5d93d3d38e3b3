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

import functools
import gc
import json
from collections.abc import Callable, Mapping, Sequence

from .cell_analysis import analyse_cell
from .cell_cache import CellCache, Key
from .cell_result import CellResult
from .concepts import novelty
from .config import ConfigError, config_key, merge_config
from .loading import Cell, NotANotebook, normalise_cells
from .patterns import facts as patterns
from .report_json import assemble
from .roles import silenced_rules, tags_of
from .typing_names import Any

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:  # concurrent.futures imports logging: not on the CLI's path
    from concurrent.futures import Future
    from typing import Protocol

    class Offload(Protocol):
        """Where cells are analysed instead of here (the server: a worker process, so that
        neither one long C call in a huge cell nor seconds of pure-Python work hold the GIL of
        the Jupyter server): the cells of at least ``min_chars`` characters, and every missing
        cell when at least ``batch_cells`` cells or ``batch_chars`` characters are missing."""

        min_chars: int
        batch_cells: int
        batch_chars: int

        def __call__(
            self,
            cells: list[CellInput],
            config: Mapping[str, Any],
            cancelled: Callable[[], bool] | None,
        ) -> Future[list[CellResult]]:
            """The results of ``cells``, in order; it may give up once ``cancelled()``."""


Json = dict[str, Any]
DEFAULT_MAX_CELLS = 4096
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
NOTEBOOK_STATE_BYTES = 1024  # per cell of the last notebook: novelty and pattern passes


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


class Cancelled(Exception):
    """The caller gave up on this analysis (a newer request for the document came in).

    Raised between cells; the results computed until then stay cached for the next call
    (an ``Offload`` that stops early gives the results of its first cells as ``partial``)."""

    def __init__(self, partial: Sequence[CellResult] = ()) -> None:
        super().__init__("cancelled")
        self.partial = partial


CellInput = tuple[str, str, Mapping[str, Any]]  # cell type, source, metadata


def analyse_cells(cells: Sequence[CellInput], config: Mapping[str, Any]) -> list[CellResult]:
    """``analyse_cell`` over several cells: what a worker process runs for an ``Offload``."""
    return [
        analyse_cell(cell_type, source, metadata, config) for cell_type, source, metadata in cells
    ]


class Analyzer:
    """Analyse notebooks with a per-cell cache bounded in cells and in bytes
    (``cell_cache.py``); safe to share between threads."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        max_cells: int = DEFAULT_MAX_CELLS,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self._base = merge_config(config)
        self._cache = CellCache(max_cells, max_bytes)
        self._config_memo: dict[str, tuple[str, Json]] = {}
        # Novelty of the last notebook analysed: the next call (usually the same notebook,
        # one cell edited) updates it instead of walking every cell.  Immutable, so threads
        # may race on it harmlessly: whichever snapshot a call reads is self-consistent.
        self._novelty: novelty.Novelty | None = None
        # The last scaffolding-pattern pass (see patterns.PatternsMemo); racing threads at
        # worst recompute it.
        self._patterns = patterns.PatternsMemo()
        self._cells = 0  # cells of the last notebook (the per-notebook state above)
        # What ``misses`` worked out for a notebook (that object, unchanged since).
        self._planned: tuple[Mapping[str, Any], list[Cell], str, list[Key]] | None = None

    @property
    def cached_bytes(self) -> int:
        """What this analyzer holds, as counted: cached cell results, the last notebook's
        digests, and its per-notebook state (novelty, patterns: about 1 KB per cell)."""
        return self._cache.bytes + NOTEBOOK_STATE_BYTES * self._cells

    @property
    def cached_cells(self) -> int:
        return len(self._cache)

    def release(self) -> None:
        """Drop every cached result, an entry at a time (see ``CellCache.drain``)."""
        self._cache.drain()
        self._novelty = None
        self._patterns = patterns.PatternsMemo()
        self._cells = 0
        self._planned = None

    def analyze(
        self,
        notebook: Mapping[str, Any],
        known: frozenset[str] = frozenset(),
        *,
        cancelled: Callable[[], bool] | None = None,
        offload: Offload | None = None,
    ) -> Json:
        """The report of one notebook; ``known``: concept keys earlier modules introduced.

        ``cancelled`` is asked between cells (``Cancelled`` is raised when it says so);
        ``offload`` analyses the cells of at least its ``min_chars`` elsewhere."""
        return self._analyze(notebook, self._base, known, cancelled, offload)

    def misses(self, notebook: Mapping[str, Any]) -> tuple[int, int]:
        """(cells, source characters) an analysis of ``notebook`` would compute rather than
        take from the cache: what the server weighs before running it on the event loop.
        An analysis of this same notebook object that follows takes over the cells and keys
        worked out here (so the notebook must not be changed in between)."""
        cells = normalise_cells(notebook)
        ckey, _ = self._config_json(self._effective(notebook, self._base))
        keys = self._cache.keys(cells, ckey, _meta_key)
        # The analysis that usually follows, of this very notebook, takes these over.
        self._planned = (notebook, cells, ckey, keys)
        found = self._cache.lookup(keys)
        missing = [cell for cell, hit in zip(cells, found, strict=True) if hit is None]
        return len(missing), sum(len(cell.source) for cell in missing)

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

    def _results(
        self,
        cells: list[Cell],
        config: Mapping[str, Any],
        ckey: str,
        cancelled: Callable[[], bool] | None,
        offload: Offload | None,
    ) -> list[CellResult]:
        """Cached results for all cells; the missing ones computed (large ones offloaded)."""
        planned, self._planned = self._planned, None
        if planned is not None and planned[1] is cells and planned[2] == ckey:
            keys = planned[3]
        else:
            keys = self._cache.keys(cells, ckey, _meta_key)
        found = self._cache.lookup(keys)
        missing = [i for i, hit in enumerate(found) if hit is None]
        if not missing:
            return found  # type: ignore[return-value]
        far: Future[list[CellResult]] | None = None
        if offload is not None:
            chars = sum(len(cells[i].source) for i in missing)
            if len(missing) >= offload.batch_cells or chars >= offload.batch_chars:
                large = missing
            else:
                large = [i for i in missing if len(cells[i].source) >= offload.min_chars]
            if large:
                inputs = [_cell_input(cells[i]) for i in large]
                far = offload(inputs, config, cancelled)
                far.add_done_callback(functools.partial(self._store_offloaded, keys, cells, large))
                offloaded = set(large)
                missing = [i for i in missing if i not in offloaded]
        store = self._cache.store
        for i in missing:
            if cancelled is not None and cancelled():
                raise Cancelled
            cell = cells[i]
            found[i] = result = analyse_cell(cell.cell_type, cell.source, cell.metadata, config)
            store(((keys[i], result, len(cell.source)),))
        if far is not None:
            for i, result in zip(large, _wait(far, cancelled), strict=True):
                found[i] = result
        return found  # type: ignore[return-value]

    def _store_offloaded(
        self, keys: list[Key], cells: list[Cell], large: list[int], done: Future[list[CellResult]]
    ) -> None:
        """Cache what a worker computed, even when the call that asked has been cancelled."""
        if done.cancelled():
            return
        error = done.exception()
        results = (
            error.partial if isinstance(error, Cancelled) else done.result() if not error else ()
        )
        self._cache.store(
            (keys[i], result, len(cells[i].source))
            for i, result in zip(large, results, strict=False)  # partial: the first ones
        )

    def _config_json(self, config: Mapping[str, Any]) -> tuple[str, Json]:
        """(cache key, plain JSON copy in natural order) of a config, memoised for the common
        configs; reports share the copy (they are read-only, see the module docstring)."""
        ckey = config_key(config)
        memo = self._config_memo.get(ckey)
        if memo is None:
            memo = (ckey, json.loads(json.dumps(config)))
            # A config may carry a glossary: only modest ones, and a few, are remembered.
            if len(self._config_memo) < 16 and len(ckey) <= 65536:
                self._config_memo[ckey] = memo
        return memo

    def _analyze(
        self,
        notebook: Mapping[str, Any],
        base: Mapping[str, Any],
        known: frozenset[str] = frozenset(),
        cancelled: Callable[[], bool] | None = None,
        offload: Offload | None = None,
    ) -> Json:
        # The cyclic GC is paused for the call: cold analysis allocates a great many short-
        # lived, acyclic objects (ast nodes above all) that reference counting frees, yet the
        # collector kept rescanning them (~6% of a cold 1,000-cell run).  Restored even on
        # error, and only by the call that paused it (a host's gc.disable() is respected).
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            planned = self._planned
            if planned is not None and planned[0] is notebook:
                cells = planned[1]  # as ``misses`` found them, a moment ago
            else:
                cells = normalise_cells(notebook)
            config = self._effective(notebook, base)
            ckey, config_json = self._config_json(config)
            results = self._results(cells, config, ckey, cancelled, offload)
            if cancelled is not None and cancelled():
                raise Cancelled
            found = novelty.update(self._novelty, [result.concepts for result in results], known)
            self._novelty = found
            self._cells = len(cells)
            return assemble(cells, results, found.new, config, config_json, self._patterns)
        finally:
            if paused:
                gc.enable()


def _cell_input(cell: Cell) -> CellInput:
    return (cell.cell_type, cell.source, dict(cell.metadata))


def _wait(far: Future[list[CellResult]], cancelled: Callable[[], bool] | None) -> list[CellResult]:
    """The offloaded results; while waiting, a cancelled call stops waiting (the results
    are cached when they come, by the future's callback)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return far.result(timeout=None if cancelled is None else 0.05)
        except FutureTimeout:
            if cancelled is not None and cancelled():
                raise Cancelled from None


_SHARED = Analyzer()


def analyze(
    notebook: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    known: frozenset[str] = frozenset(),
    *,
    offload: Offload | None = None,
) -> Json:
    """Analyse one notebook dict (nbformat v4 shape); ``config.py`` overrides SPEC defaults;
    ``known``: concept keys introduced by earlier modules of the course; ``offload`` as for
    ``Analyzer.analyze``."""
    base = merge_config(config)
    return _SHARED._analyze(notebook, base, known, None, offload)
