"""Registers the tinyscaffold REST API under ``base_url/tinyscaffold`` (the handlers live in
``*_routes.py``, their base in ``handlers.py``)."""

from __future__ import annotations

import functools
from typing import Any

from jupyter_server.utils import url_path_join
from tornado.ioloop import PeriodicCallback

from ..core.analyzer import Analyzer
from ..course.project_config import ProjectConfigCache
from . import analyze_routes, course_routes, delta_routes, template_routes
from .app_config import TinyScaffold
from .contents import contents_root
from .course_cache import CourseCache
from .handlers import ServerState
from .root_paths import server_root
from .sessions import SessionStore
from .workers import CellWorker, Costs, Work

TIDY_MS = 60_000  # idle sessions and the idle cell worker are looked for every minute


def setup_handlers(server_app: Any) -> None:
    """Register the handlers under ``base_url/tinyscaffold``; called at extension load."""
    settings = TinyScaffold(parent=server_app)  # reads c.TinyScaffold.*; validates thresholds
    state = ServerState(
        settings=settings,
        effective=settings.effective_config(),
        sessions=SessionStore(
            functools.partial(
                Analyzer,
                max_cells=settings.session_cache_cells,
                max_bytes=settings.session_cache_bytes,
            ),
            max_sessions=settings.max_sessions,
            max_cells=settings.max_cached_cells,
            max_chars=settings.max_cached_chars,
            max_bytes=settings.max_cached_bytes,
        ),
        work=Work(
            settings.analysis_threads,
            CellWorker(
                settings.worker_min_cell_chars,
                settings.worker_recycle_chars,
                settings.worker_idle_seconds,
                settings.worker_batch_cells,
                settings.worker_batch_chars,
            ),
            Costs(
                settings.inline_max_body_bytes,
                settings.inline_max_cells,
                settings.inline_max_misses,
                settings.inline_max_chars,
            ),
        ),
        projects=ProjectConfigCache(contents_root(server_app), settings.max_body_bytes),
        courses=CourseCache(
            settings.course_cache_bytes, on_disk=contents_root(server_app) is not None
        ),
        root=server_root(server_app.contents_manager, settings.max_body_bytes),
    )

    def tidy_in_pool() -> None:
        state.work.threads.submit(state.tidy)

    def release_in_pool() -> None:
        state.work.threads.submit(state.sessions.release_dropped)

    state.sessions.on_drop = release_in_pool
    tidy = PeriodicCallback(tidy_in_pool, TIDY_MS)
    tidy.start()
    state.tidier = tidy
    web_app = server_app.web_app
    web_app.settings["tinyscaffold"] = state
    base = url_path_join(web_app.settings["base_url"], "tinyscaffold")
    routes = [
        route
        for module in (analyze_routes, course_routes, delta_routes, template_routes)
        for route in module.HANDLERS
    ]
    web_app.add_handlers(".*$", [(url_path_join(base, name), handler) for name, handler in routes])
    names = ",".join(name for name, _ in routes)
    server_app.log.info("tinyscaffold: REST API at %s/{%s}", base, names)


def teardown_handlers(server_app: Any) -> None:
    """Stop the tidying, the threads and the cell worker process; at extension unload."""
    state: ServerState | None = server_app.web_app.settings.get("tinyscaffold")
    if state is not None:
        if state.tidier is not None:
            state.tidier.stop()
        state.work.shutdown()
