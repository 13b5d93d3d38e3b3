"""REST handlers: parse the request → call the core → serialise the report.

Every handler is an authenticated ``APIHandler``; every failure leaves as
``{"error": <code>, "detail": <text or object>}`` with a 4xx status (see ``write_error``), and
nothing here writes under the server root.  The request-body rules live in ``api_request.py``,
the contents-manager rules in ``contents.py`` and the delta protocol in ``sessions.py`` (report
patches: ``report_patch.py``).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import responses
from pathlib import Path
from typing import Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.escape import url_escape

from ..core.analyzer import Analyzer, analyze
from ..core.config import RULE_IDS, ConfigError, describe, merge_config
from ..core.loading import NotebookLoadError, is_notebook_text
from ..course import rows as course
from ..course.concepts import CourseModule, analyse_course
from ..course.modules import course_order, select_modules
from ..course.project_config import ProjectConfigCache
from .api_request import AnalyzeRequest, ApiError, parse_analyze_body
from .app_config import TinyScaffold
from .contents import (
    ContentsError,
    clean_path,
    contents_root,
    fetch_notebook_model,
    find_modules,
    notebook_from_model,
)
from .sessions import BadReference, SessionStore, UnknownCells

T = TypeVar("T")
Method = Callable[..., Awaitable[None]]

_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed"}


@dataclass
class ServerState:
    settings: TinyScaffold
    effective: dict[str, Any]
    sessions: SessionStore
    executor: ThreadPoolExecutor
    projects: ProjectConfigCache  # the course configuration file that governs a path

    def course_modules(self, path: str) -> list[str]:
        """The configuration file's ``modules`` list, as paths relative to the server root."""
        project = self.projects.for_path(path)
        root = self.projects.root
        if project.root is None or root is None:
            return []
        return [os.path.relpath(project.root / entry, root) for entry in project.modules]

    def config_for(self, path: str | None, *more: dict[str, Any] | None) -> dict[str, Any]:
        """Server config < the course's configuration file < ``more`` (the request's)."""
        return merge_config(self.effective, self.projects.layer(path), *more)


def api_errors(method: Method) -> Method:
    """Turn the core's and the helpers' exceptions into ``ApiError`` (one place, one table)."""

    @functools.wraps(method)
    async def wrapper(self: BaseHandler, *args: Any, **kwargs: Any) -> None:
        try:
            await method(self, *args, **kwargs)
        except ContentsError as exc:
            raise ApiError(exc.status, exc.error, exc.detail) from None
        except ConfigError as exc:
            raise ApiError(400, "invalid-config", str(exc)) from None
        except NotebookLoadError as exc:
            raise ApiError(422, "invalid-notebook", str(exc)) from None
        except BadReference as exc:
            raise ApiError(422, "invalid-notebook", str(exc)) from None
        except UnknownCells as exc:
            detail = {"message": "resend every cell in full", "ids": exc.ids[:100]}
            raise ApiError(409, "unknown-cell", detail) from None
        except RecursionError:
            raise ApiError(422, "too-deeply-nested", "the notebook is nested too deeply") from None

    return wrapper


class BaseHandler(APIHandler):
    @property
    def state(self) -> ServerState:
        state: ServerState = self.settings["tinyscaffold"]
        return state

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """JSON ``{"error", "detail"}`` for every failure; tracebacks go to the log only."""
        exc = kwargs.get("exc_info", (None, None, None))[1]
        detail: Any
        if isinstance(exc, ApiError):
            error, detail = exc.error, exc.detail
        elif isinstance(exc, web.HTTPError):
            error = _HTTP_CODES.get(status_code, "http-error")
            message = exc.log_message or ""
            detail = (message % exc.args if exc.args else message) or responses.get(status_code)
        else:  # a bug: the log has the traceback, the client gets no internals
            error, detail = "internal-error", "unexpected server error; see the server log"
        self.clear_header("Server-Timing")
        self.finish(json.dumps({"error": error, "detail": detail}))

    async def run(self, offload: bool, fn: Callable[..., T], *args: Any) -> tuple[T, float]:
        """Call ``fn`` inline (tiny work: lowest latency) or in the worker pool; time it."""
        start = time.perf_counter()
        if offload:
            pool = self.state.executor
            result = await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        else:
            result = fn(*args)
        return result, (time.perf_counter() - start) * 1000

    def reply_json(self, data: Any, started: float, analysis_ms: float) -> None:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        total_ms = (time.perf_counter() - started) * 1000
        # Lets the load bench (and browser dev tools) tell server time from network time.
        self.set_header(
            "Server-Timing", f"analysis;dur={analysis_ms:.3f}, total;dur={total_ms:.3f}"
        )
        self.set_header("X-Tinyscaffold-Analysis-Ms", f"{analysis_ms:.3f}")
        self.finish(body)

    async def analyse_file(self, path: str) -> tuple[dict[str, Any], float]:
        """Report for a file read through the contents manager (always off the event loop)."""
        state = self.state
        model = await fetch_notebook_model(
            self.contents_manager, path, state.settings.max_body_bytes
        )

        config = state.config_for(path)

        def work() -> dict[str, Any]:
            return analyze(notebook_from_model(path, model), config)

        report, ms = await self.run(True, work)
        return {**report, "seq": None, "path": path}, ms


@web.stream_request_body
class PostedNotebookHandler(BaseHandler):
    """Base for endpoints that take the live notebook as a POST body (size-limited, streamed)."""

    _chunks: list[bytes]
    _received = 0
    _too_large = False

    async def prepare(self) -> None:  # type: ignore[override]  # as APIHandler.prepare
        self._chunks = []
        await super().prepare()  # authentication and XSRF happen before any body is read
        length = self.request.headers.get("Content-Length", "")
        limit = self.state.settings.max_body_bytes
        if length.isdigit() and int(length) > limit:
            # Checked before buffering; the body is still drained so the client gets the 413.
            self._too_large = True

    def data_received(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._too_large or self._received > self.state.settings.max_body_bytes:
            self._too_large = True
            self._chunks.clear()
            return
        self._chunks.append(chunk)

    async def analyse_posted(
        self, patches: bool = False
    ) -> tuple[AnalyzeRequest, dict[str, Any], float]:
        """Parse the body, resolve unchanged-cell references, analyse; (request, answer, ms).
        With ``patches`` and a request that takes them, the answer may be a report patch."""
        state = self.state
        if self._too_large:
            size = max(self._received, int(self.request.headers.get("Content-Length", "0") or 0))
            limit = state.settings.max_body_bytes
            detail = (
                f"request body is {size} bytes; the limit is {limit} (TinyScaffold.max_body_bytes)"
            )
            raise ApiError(413, "body-too-large", detail)
        request = parse_analyze_body(b"".join(self._chunks))
        config = state.config_for(request.path, request.config)
        key = request.session_key
        async with state.sessions.locked(key):
            prepared = state.sessions.prepare(key, request.cells, config)
            notebook = {**request.notebook, "cells": prepared.cells}
            offload = prepared.fresh_chars > state.settings.inline_max_chars
            report, ms = await self.run(offload, prepared.analyzer.analyze, notebook)
            state.sessions.remember(key, prepared.cells, request.seq)
            if patches and request.wants_patch:
                answer = {**report, "seq": request.seq, "path": request.path}
                report = state.sessions.hold_answer(key, answer, request.since)
        return request, report, ms


class AnalyzeHandler(PostedNotebookHandler):
    """POST: the live notebook from the UI (delta protocol). GET: a file under the root."""

    @web.authenticated
    @api_errors
    async def post(self) -> None:
        started = time.perf_counter()
        request, answer, ms = await self.analyse_posted(patches=True)
        self.reply_json({**answer, "seq": request.seq, "path": request.path}, started, ms)

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        path = clean_path(self.get_query_argument("path", None))
        report, ms = await self.analyse_file(path)
        self.reply_json(report, started, ms)


class CourseHandler(BaseHandler):
    """One summary row per module (``.ipynb`` and jupytext text notebooks) plus the total.

    The modules are analysed as one course, in course order (``course_concepts``)."""

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        state = self.state
        cm = self.contents_manager
        path = clean_path(self.get_query_argument("path", ""), allow_empty=True)
        limits = state.settings
        config = state.config_for(path)
        found, truncated = await find_modules(
            cm, path, limits.course_max_depth, limits.course_max_modules
        )
        root = getattr(cm, "root_dir", None)
        paired: dict[str, str | None] = {}
        if isinstance(root, str) and root:
            # jupytext pairs once, the course configuration's exclude (modules.py)
            paired = dict(select_modules(found, Path(os.path.realpath(root)), path))
            found = list(paired)
        modules: list[CourseModule] = []
        errors: dict[str, str] = {}
        for module in found:
            text = not module.lower().endswith(".ipynb")
            try:
                model = await fetch_notebook_model(cm, module, limits.max_body_bytes, as_text=text)
                if text and not is_notebook_text(str(model.get("content") or "")):
                    continue  # a plain script or README next to the notebooks
                modules.append(CourseModule(module, notebook_from_model(module, model)))
            except (ContentsError, NotebookLoadError) as exc:
                detail = exc.detail if isinstance(exc, ContentsError) else str(exc)
                errors[module] = str(detail) or type(exc).__name__
        order = course_order([*(m.path for m in modules), *errors], state.course_modules(path))
        modules.sort(key=lambda m: order.index(m.path))
        reports, ms = await self.run(True, _analyse_course, modules, config, errors)
        by_path = {m.path: r for m, r in zip(modules, reports, strict=True) if r is not None}
        rows = [
            {**course.module_row(module, by_path[module]), "paired_with": paired.get(module)}
            if module in by_path
            else course.error_row(module, errors[module])
            for module in order
        ]
        ref = self.get_query_argument("baseline", None)
        if ref and isinstance(root, str) and root:
            # -- the delta column of the course overview (baseline.py) --
            deltas = await self.row_deltas(Path(root), modules, by_path, ref, config)
            for row in rows:
                if row["path"] in by_path:
                    row["delta"] = deltas[row["path"]]
        summary = course.course_summary(rows, config["grade_bands"])
        reply = {"path": path, "modules": summary["rows"], "total": summary["total"]}
        self.reply_json({**reply, "truncated": truncated}, started, ms)

    async def row_deltas(
        self,
        root: Path,
        modules: list[CourseModule],
        reports: dict[str, dict[str, Any]],
        ref: str,
        config: dict[str, Any],
    ) -> dict[str, dict[str, Any] | None]:
        """Each analysed module's delta to git ``ref`` (None outside a repository); a bad
        ref answers 400."""
        from ..course.baseline import BaselineError, course_row_deltas

        analysed = [m for m in modules if m.path in reports]
        notebooks = {m.path: m.notebook for m in analysed}
        paths = [m.path for m in analysed]
        args = (root, paths, notebooks, reports, ref, config)
        try:
            deltas, _ = await self.run(True, course_row_deltas, *args)
        except BaselineError as exc:
            raise ApiError(400, "invalid-ref", str(exc)) from None
        return deltas


def _analyse_course(
    modules: list[CourseModule], config: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any] | None]:
    def analyse_one(module: CourseModule, known: frozenset[str]) -> dict[str, Any] | None:
        try:
            return analyze(module.notebook, config, known)
        except (ConfigError, NotebookLoadError, RecursionError) as exc:
            errors[module.path] = str(exc) or type(exc).__name__
            return None

    return analyse_course(modules, analyse_one, config)


class ConfigHandler(BaseHandler):
    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        settings = self.state.settings
        reply = {
            "defaults": describe(),
            "effective": self.state.effective,
            "rules": list(RULE_IDS),
            "server": settings.limits(),
        }
        self.reply_json(reply, started, 0.0)


class ReportHtmlHandler(PostedNotebookHandler):
    """The HTML report card: GET for a saved file, POST for the live notebook (unsaved edits)."""

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        path = clean_path(self.get_query_argument("path", None))
        report, _ = await self.analyse_file(path)
        await self.send_card(report, path)

    @web.authenticated
    @api_errors
    async def post(self) -> None:
        request, report, _ = await self.analyse_posted()
        await self.send_card(report, request.path or "notebook.ipynb")

    async def send_card(self, report: dict[str, Any], path: str) -> None:
        from ..render.html import render_html  # only this endpoint needs the HTML renderer

        title = os.path.basename(path)
        html, _ = await self.run(True, render_html, {**report, "path": path}, title)
        stem = os.path.splitext(title)[0] or "notebook"
        ascii_name = "".join(
            c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in stem
        )
        quoted = url_escape(f"{stem}.tinyscaffold.html", plus=False)
        self.set_header(
            "Content-Disposition",
            f"attachment; filename=\"{ascii_name}.tinyscaffold.html\"; filename*=UTF-8''{quoted}",
        )
        self.finish(html, set_content_type="text/html; charset=UTF-8")


def setup_handlers(server_app: Any) -> None:
    """Register the handlers under ``base_url/tinyscaffold``; called at extension load."""
    from .template_routes import TemplateHandler  # it imports this module

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
        projects=ProjectConfigCache(contents_root(server_app)),
    )
    web_app = server_app.web_app
    web_app.settings["tinyscaffold"] = state
    base = url_path_join(web_app.settings["base_url"], "tinyscaffold")
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "analyze"), AnalyzeHandler),
            (url_path_join(base, "course"), CourseHandler),
            (url_path_join(base, "config"), ConfigHandler),
            (url_path_join(base, "report.html"), ReportHtmlHandler),
            (url_path_join(base, "template"), TemplateHandler),
        ],
    )
    from .course_routes import HANDLERS as COURSE_HANDLERS  # they build on the classes above

    web_app.add_handlers(".*$", [(url_path_join(base, n), h) for n, h in COURSE_HANDLERS])
    server_app.log.info(
        "tinyscaffold: REST API at %s/{analyze,course,config,report.html,template,baseline,"
        "compare}",
        base,
    )
