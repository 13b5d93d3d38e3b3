"""The base of every tinyscaffold handler: the server's state, one table that maps errors to
JSON 4xx answers, running work inline or in the worker pool, and reading a streamed POST body.

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
import re
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import responses
from typing import Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..core.analyzer import analyze
from ..core.config import ConfigError, merge_config
from ..core.loading import NotebookLoadError
from ..course.context import ModuleContext, in_context
from ..course.project_config import ProjectConfigCache
from ..course.root_bound import PathRefused
from .api_request import AnalyzeRequest, ApiError, parse_analyze_body
from .app_config import TinyScaffold
from .contents import fetch_notebook_model, notebook_from_model
from .course_cache import CourseCache
from .course_loading import module_context
from .root_paths import ContentsError, ServerRoot, refusal
from .sessions import AnalyzerLike, BadReference, SessionStore, UnknownCells

T = TypeVar("T")
Method = Callable[..., Awaitable[None]]

_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed"}


def json_text(data: Any) -> str:
    """Compact JSON for a reply.  Text that is not Unicode (a lone surrogate: a file name
    that is not UTF-8) is escaped as ``\\udcff``, still valid JSON, instead of failing the
    reply when tornado encodes it."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":"))
    return body


@dataclass
class ServerState:
    settings: TinyScaffold
    effective: dict[str, Any]
    sessions: SessionStore
    executor: ThreadPoolExecutor
    projects: ProjectConfigCache  # the course configuration file that governs a path
    courses: CourseCache  # course analyses: the overview's rows, the live modules' contexts
    root: ServerRoot  # the path policy: what a request may make the server read

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
        except PathRefused as exc:  # a file the course layer found refused by the root's rules
            refused = refusal(exc)
            raise ApiError(refused.status, refused.error, refused.detail) from None
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
        if getattr(self, "_body_unread", False):
            # Answered before the body was read: tornado then closes the connection, and a
            # client that is not told so sends its next request into a closed socket.
            self.set_header("Connection", "close")
        self.finish(json_text({"error": error, "detail": self._cut_to_root(detail)}))

    def _cut_to_root(self, detail: Any) -> Any:
        """Where the root is on the server's disk is not the client's business: any path
        a message of a library (the contents manager, git) spells out is cut to the root."""
        state = self.settings.get("tinyscaffold")
        bound = state.root.bound if isinstance(state, ServerState) else None
        if bound is None or not isinstance(detail, str):
            return detail
        for base in {bound.root, bound.given} - {os.sep}:
            pattern = re.escape(base.rstrip(os.sep)) + r"(/|\b)"
            detail = re.sub(pattern, lambda m: "" if m.group(1) else ".", detail)
        return detail

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
        body = json_text(data)
        total_ms = (time.perf_counter() - started) * 1000
        # Lets the load bench (and browser dev tools) tell server time from network time.
        self.set_header(
            "Server-Timing", f"analysis;dur={analysis_ms:.3f}, total;dur={total_ms:.3f}"
        )
        self.set_header("X-Tinyscaffold-Analysis-Ms", f"{analysis_ms:.3f}")
        self.finish(body)

    async def course_context(self, path: str | None) -> ModuleContext | None:
        """The module's context in its course (``course_loading.module_context``)."""
        return await module_context(self, path)

    def in_course(
        self,
        analyzer: AnalyzerLike,
        notebook: dict[str, Any],
        context: ModuleContext | None,
        config: dict[str, Any],
    ) -> Callable[[], dict[str, Any]]:
        """The analysis of ``notebook`` in its course (alone without a context), to run."""

        def work() -> dict[str, Any]:
            if context is None:
                return analyzer.analyze(notebook)
            report = analyzer.analyze(notebook, context.known)
            return in_context(report, notebook, context, config)

        return work

    async def analyse_file(self, path: str) -> tuple[dict[str, Any], float]:
        """Report for a file read through the contents manager, in its course (always off
        the event loop)."""
        state = self.state
        model = await fetch_notebook_model(
            self.contents_manager, state.root, path, state.settings.max_body_bytes
        )
        config = state.config_for(path)
        context = await self.course_context(path)

        def work() -> dict[str, Any]:
            notebook = notebook_from_model(path, model)
            known = context.known if context is not None else frozenset()
            report = analyze(notebook, config, known)
            return report if context is None else in_context(report, notebook, context, config)

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
        try:
            await super().prepare()  # authentication and XSRF happen before any body is read
        except Exception:
            self._body_unread = True  # see write_error
            raise
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
        context = await self.course_context(request.path)
        key = request.session_key
        async with state.sessions.locked(key):
            prepared = state.sessions.prepare(key, request.cells, config)
            notebook = {**request.notebook, "cells": prepared.cells}
            offload = prepared.fresh_chars > state.settings.inline_max_chars
            work = self.in_course(prepared.analyzer, notebook, context, config)
            report, ms = await self.run(offload, work)
            state.sessions.remember(key, prepared.cells, request.seq)
            if patches and request.wants_patch:
                answer = {**report, "seq": request.seq, "path": request.path}
                report = state.sessions.hold_answer(key, answer, request.since)
        return request, report, ms
