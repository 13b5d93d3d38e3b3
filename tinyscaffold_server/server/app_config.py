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
        1_000,
        help="""Per-cell results each session's Analyzer keeps (its LRU): enough for a module
        and its recent edits. Memory is bounded by max_sessions times this.""",
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
        help="""A request whose new or changed cell sources total at most this many characters
        is analysed on the event loop (lowest latency); larger ones run in a worker thread so
        the server stays responsive.""",
    ).tag(config=True)

    analysis_threads = Int(
        2,
        help="Worker threads for large analyses (the analysis is CPU-bound; more rarely helps).",
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
        "max_cached_cells",
        "max_cached_chars",
        "analysis_threads",
        "course_max_modules",
    )
    def _positive(self, proposal: dict[str, Any]) -> int:
        value: int = proposal["value"]
        if value < 1:
            raise TraitError(f"TinyScaffold.{proposal['trait'].name} must be ≥ 1, got {value}")
        return value

    @validate("inline_max_chars", "course_max_depth", "course_cache_bytes")
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
            "max_cached_cells",
            "max_cached_chars",
            "inline_max_chars",
            "analysis_threads",
            "course_max_modules",
            "course_max_depth",
            "course_cache_bytes",
        )
        return {name: int(getattr(self, name)) for name in names}
