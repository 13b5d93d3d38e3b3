"""Registers the tinyscaffold REST API under ``base_url/tinyscaffold`` (the handlers live in
``*_routes.py``, their base in ``handlers.py``)."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jupyter_server.utils import url_path_join

from ..core.analyzer import Analyzer
from ..course.project_config import ProjectConfigCache
from . import analyze_routes, course_routes, delta_routes, template_routes
from .app_config import TinyScaffold
from .contents import contents_root
from .course_cache import CourseCache
from .handlers import ServerState
from .root_paths import server_root
from .sessions import SessionStore


def setup_handlers(server_app: Any) -> None:
    """Register the handlers under ``base_url/tinyscaffold``; called at extension load."""
    settings = TinyScaffold(parent=server_app)  # reads c.TinyScaffold.*; validates thresholds
    state = ServerState(
        settings=settings,
        effective=settings.effective_config(),
        sessions=SessionStore(
            functools.partial(Analyzer, max_cells=settings.session_cache_cells),
            max_sessions=settings.max_sessions,
            max_cells=settings.max_cached_cells,
            max_chars=settings.max_cached_chars,
        ),
        executor=ThreadPoolExecutor(settings.analysis_threads, thread_name_prefix="tinyscaffold"),
        projects=ProjectConfigCache(contents_root(server_app), settings.max_body_bytes),
        courses=CourseCache(
            settings.course_cache_bytes, on_disk=contents_root(server_app) is not None
        ),
        root=server_root(server_app.contents_manager, settings.max_body_bytes),
    )
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
