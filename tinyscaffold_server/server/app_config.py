"""Server-side settings: the ``TinyScaffold`` traitlets Configurable.

Read from the jupyter-server config (``c.TinyScaffold.max_body_bytes = ...`` in
``jupyter_server_config.py`` or ``{"TinyScaffold": {...}}`` in JSON).  Thresholds are
validated when the extension loads, so a typo stops the extension with a message that names
the key instead of surfacing later as a 400 on every request.
"""

from __future__ import annotations

from typing import Any

from traitlets import Dict, Int, TraitError, validate
from traitlets.config import Configurable

from ..core.config import ConfigError, merge_config

MB = 1024 * 1024


class TinyScaffold(Configurable):
    """Server-side settings of the tinyscaffold REST API."""

    # ``config`` is taken by Configurable itself (the whole traitlets Config), hence the name.
    thresholds = Dict(
        default_value={},
        help="""SPEC threshold overrides merged over the defaults (keys as listed by
        GET /tinyscaffold/config), e.g. {"max_cell_sloc": 40}. The user's request config and
        the notebook metadata 'tinyscaffold' still override these.""",
    ).tag(config=True)

    max_body_bytes = Int(
        10 * MB,
        help="Largest POST body accepted, in bytes; larger requests get 413.",
    ).tag(config=True)

    max_sessions = Int(
        64,
        help="Most document sessions (one Analyzer each) kept; the least recently used go first.",
    ).tag(config=True)

    session_cache_cells = Int(
        20_000,
        help="""Most per-cell results each session's Analyzer keeps (its LRU): a whole module
        and its recent edits, so that a one-cell edit of a long notebook costs one cell.""",
    ).tag(config=True)

    session_cache_bytes = Int(
        128 * MB,
        help="""Most bytes (as counted: about 4 KB a cell plus 8 bytes a source character)
        of per-cell results each session's Analyzer keeps; the least recently used go first.""",
    ).tag(config=True)

    max_cached_bytes = Int(
        512 * MB,
        help="""Most bytes, as counted, of everything the sessions hold: remembered cells,
        the last reports sent and the per-cell caches, summed over all sessions; the least
        recently used sessions are dropped first.""",
    ).tag(config=True)

    session_idle_seconds = Int(
        1800,
        help="A document session unused for this many seconds is dropped (its memory freed).",
    ).tag(config=True)

    max_cached_cells = Int(
        20_000,
        help="Most cells remembered for the delta protocol (cells sent, or entries of the "
        "last report sent, whichever is more), summed over all sessions.",
    ).tag(config=True)

    max_cached_chars = Int(
        32 * MB,
        help="Most cell-source characters remembered for the delta protocol, over all sessions.",
    ).tag(config=True)

    inline_max_chars = Int(
        20_000,
        help="""Most source characters of the cells an analysis must compute (those its
        session's cache lacks) for it to run on the event loop (lowest latency); see also
        inline_max_cells, inline_max_misses and inline_max_body_bytes. Anything larger runs
        in a worker thread, so that the server stays responsive.""",
    ).tag(config=True)

    inline_max_misses = Int(
        64,
        help="Most cells (empty ones too) an analysis on the event loop may compute.",
    ).tag(config=True)

    inline_max_cells = Int(
        2_000,
        help="Most cells of a notebook analysed on the event loop (the notebook pass).",
    ).tag(config=True)

    inline_max_body_bytes = Int(
        256 * 1024,
        help="Largest request body parsed on the event loop; larger ones in a worker thread.",
    ).tag(config=True)

    analysis_threads = Int(
        2,
        help="Worker threads for large analyses (the analysis is CPU-bound; more rarely helps).",
    ).tag(config=True)

    worker_min_cell_chars = Int(
        100_000,
        help="""A cell of at least this many characters is analysed in the cell worker process:
        parsing it is one long C call that would hold the server's GIL (and so its event
        loop) for its whole length.""",
    ).tag(config=True)

    worker_batch_cells = Int(
        500,
        help="""An analysis that lacks this many cells (or worker_batch_chars characters)
        sends them all to the cell worker process: seconds of pure-Python work in a thread
        would still delay the event loop's thread each time it needs the GIL.""",
    ).tag(config=True)

    worker_batch_chars = Int(
        1_000_000,
        help="See worker_batch_cells.",
    ).tag(config=True)

    worker_recycle_chars = Int(
        1_000_000,
        help="The cell worker process is restarted after a job of this many characters (its "
        "memory goes back to the system).",
    ).tag(config=True)

    worker_idle_seconds = Int(
        300,
        help="The cell worker process stops after this many seconds without work.",
    ).tag(config=True)

    course_max_modules = Int(
        200,
        help="Most notebooks GET /tinyscaffold/course analyses in one directory tree.",
    ).tag(config=True)

    course_cache_bytes = Int(
        64 * MB,
        help="""Most bytes (JSON of reports and notebooks) of course analyses kept: the course
        overview's rows and the context each open module is analysed in.""",
    ).tag(config=True)

    course_max_depth = Int(
        3,
        help="How many directory levels below the course directory are searched for modules.",
    ).tag(config=True)

    @validate("thresholds")
    def _valid_thresholds(self, proposal: dict[str, Any]) -> dict[str, Any]:
        value: dict[str, Any] = proposal["value"]
        try:
            merge_config(value)
        except ConfigError as exc:
            raise TraitError(f"TinyScaffold.thresholds: {exc}") from None
        return value

    @validate(
        "max_body_bytes",
        "max_sessions",
        "session_cache_cells",
        "session_cache_bytes",
        "max_cached_cells",
        "max_cached_chars",
        "max_cached_bytes",
        "session_idle_seconds",
        "analysis_threads",
        "worker_min_cell_chars",
        "worker_batch_cells",
        "worker_batch_chars",
        "worker_recycle_chars",
        "worker_idle_seconds",
        "course_max_modules",
    )
    def _positive(self, proposal: dict[str, Any]) -> int:
        value: int = proposal["value"]
        if value < 1:
            raise TraitError(f"TinyScaffold.{proposal['trait'].name} must be ≥ 1, got {value}")
        return value

    @validate(
        "inline_max_chars",
        "inline_max_misses",
        "inline_max_cells",
        "inline_max_body_bytes",
        "course_max_depth",
        "course_cache_bytes",
    )
    def _not_negative(self, proposal: dict[str, Any]) -> int:
        value: int = proposal["value"]
        if value < 0:
            raise TraitError(f"TinyScaffold.{proposal['trait'].name} must be ≥ 0, got {value}")
        return value

    def effective_config(self) -> dict[str, Any]:
        """SPEC defaults with the server overrides applied (already validated)."""
        return merge_config(self.thresholds)

    def limits(self) -> dict[str, int]:
        """The non-threshold settings, for GET /tinyscaffold/config."""
        names = (
            "max_body_bytes",
            "max_sessions",
            "session_cache_cells",
            "session_cache_bytes",
            "max_cached_cells",
            "max_cached_chars",
            "max_cached_bytes",
            "session_idle_seconds",
            "inline_max_chars",
            "inline_max_misses",
            "inline_max_cells",
            "inline_max_body_bytes",
            "analysis_threads",
            "worker_min_cell_chars",
            "worker_batch_cells",
            "worker_batch_chars",
            "worker_recycle_chars",
            "worker_idle_seconds",
            "course_max_modules",
            "course_max_depth",
            "course_cache_bytes",
        )
        return {name: int(getattr(self, name)) for name in names}
