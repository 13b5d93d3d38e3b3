"""The base of every tinyscaffold handler: the server's state, one table that maps errors to
JSON 4xx answers, running work inline or in the worker pool (``workers.py``: the event loop
only routes), and reading a streamed POST body.

Every handler is an authenticated ``APIHandler``; every failure leaves as
``{"error": <code>, "detail": <text or object>}`` with a 4xx status (see ``write_error``), and
nothing here writes under the server root.  The request-body rules live in ``api_request.py``,
the contents-manager rules in ``contents.py`` and the delta protocol in ``sessions.py`` (report
patches: ``report_patch.py``).
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http.client import responses
from typing import Any, TypeVar

from jupyter_server.base.handlers import APIHandler
from tornado import web
from tornado.iostream import StreamClosedError

from ..core.analyzer import Cancelled, analyze
from ..core.config import ConfigError, config_key, merge_config
from ..core.loading import NotebookLoadError
from ..course.context import ModuleContext, in_context
from ..course.project_config import ProjectConfigCache
from ..course.root_bound import PathRefused
from .api_request import AnalyzeRequest, ApiError, parse_analyze_body
from .app_config import TinyScaffold
from .contents import fetch_notebook_model, notebook_from_model
from .course_cache import CourseCache
from .course_loading import module_context
from .json_slices import dumps_parts, dumps_sliced
from .memory import trim_memory
from .posted_job import Answer, PostedJob
from .root_paths import ContentsError, ServerRoot, refusal
from .sessions import BadReference, SessionStore, UnknownCells
from .workers import CellWorkerError, Work

T = TypeVar("T")
Method = Callable[..., Awaitable[None]]
WRITE_CHUNK = 1 << 20  # bytes of a large reply written per turn of the event loop
MERGED_CONFIGS = 16  # merged configurations kept (``ServerState.config_for``)
MERGED_KEY_CHARS = 64 * 1024  # and the longest layers kept, as JSON (a glossary may be long)


def _chunks(parts: list[bytes], size: int) -> Iterator[bytes]:
    """``parts`` regrouped into chunks of about ``size`` bytes."""
    group: list[bytes] = []
    held = 0
    for part in parts:
        group.append(part)
        held += len(part)
        if held >= size:
            yield b"".join(group)
            group, held = [], 0
    if group:
        yield b"".join(group)


_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed"}


@dataclass
class ServerState:
    settings: TinyScaffold
    effective: dict[str, Any]
    sessions: SessionStore
    work: Work
    projects: ProjectConfigCache  # the course configuration file that governs a path
    courses: CourseCache  # course analyses: the overview's rows, the live modules' contexts
    root: ServerRoot  # the path policy: what a request may make the server read
    tidier: Any = None  # the PeriodicCallback that runs ``tidy`` (routes.py)
    _merged: dict[str, dict[str, Any]] = field(default_factory=dict)  # see ``config_for``

    def course_modules(self, path: str) -> list[str]:
        """The configuration file's ``modules`` list, as paths relative to the server root."""
        project = self.projects.for_path(path)
        root = self.projects.root
        if project.root is None or root is None:
            return []
        return [os.path.relpath(project.root / entry, root) for entry in project.modules]

    def config_for(self, path: str | None, *more: dict[str, Any] | None) -> dict[str, Any]:
        """Server config < the course's configuration file < ``more`` (the request's).

        Merged once per distinct set of layers (``MERGED_CONFIGS`` of them kept, none whose
        layers are over ``MERGED_KEY_CHARS`` as JSON): every live request asks twice, for its
        notebook and its course, and merging validates every key.  Read-only, as every
        merged config is."""
        layers = (self.effective, self.projects.layer(path), *more)
        try:
            key = config_key({"layers": layers})
        except (TypeError, ValueError):  # not JSON: merge_config says why
            return merge_config(*layers)
        merged = self._merged.get(key)
        if merged is None:
            merged = merge_config(*layers)
            if len(key) <= MERGED_KEY_CHARS:
                if len(self._merged) >= MERGED_CONFIGS:
                    self._merged.pop(next(iter(self._merged)))
                self._merged[key] = merged
        return merged

    def tidy(self) -> None:
        """Drop idle sessions, stop an idle cell worker, give freed memory back (run in the
        pool every minute: freeing a large session is work too)."""
        self.sessions.drop_idle(self.settings.session_idle_seconds)
        self.work.worker.stop_if_idle()
        trim_memory()


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
        except Cancelled:
            newer = "a newer request for this document came in; its answer replaces this one"
            raise ApiError(409, "superseded", newer) from None
        except CellWorkerError as exc:
            raise ApiError(422, "cell-analysis-failed", str(exc)) from None

    return wrapper


class BaseHandler(APIHandler):
    @property
    def state(self) -> ServerState:
        state: ServerState = self.settings["tinyscaffold"]
        return state

    def compute_etag(self) -> str | None:
        """No ETag: tornado would hash every GET reply (a 17 MB report: tens of ms on the
        event loop) for a header no client of this API uses."""
        return None

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
        self.finish(dumps_sliced({"error": error, "detail": self._cut_to_root(detail)}))

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
        """Call ``fn`` inline (known tiny work: lowest latency) or in the worker pool (any
        work whose cost is not known to be small); time it."""
        start = time.perf_counter()
        result = await self.state.work.run(fn, *args) if offload else fn(*args)
        return result, (time.perf_counter() - start) * 1000

    async def reply_json(self, data: Any, started: float, analysis_ms: float) -> None:
        """A small reply, serialised here (a report: ``reply_report``)."""
        await self.send_json(dumps_parts(data), started, analysis_ms)

    async def reply_report(self, data: dict[str, Any], started: float, analysis_ms: float) -> None:
        """A reply that may be large (a report), serialised in the pool."""
        await self.send_json(await self.state.work.run(dumps_parts, data), started, analysis_ms)

    async def send_json(self, parts: list[bytes], started: float, analysis_ms: float) -> None:
        """The reply; a large one written a megabyte at a time, the event loop serving other
        requests in between (one 63 MB write would keep it busy copying)."""
        total_ms = (time.perf_counter() - started) * 1000
        # Lets the load bench (and browser dev tools) tell server time from network time.
        self.set_header(
            "Server-Timing", f"analysis;dur={analysis_ms:.3f}, total;dur={total_ms:.3f}"
        )
        self.set_header("X-Tinyscaffold-Analysis-Ms", f"{analysis_ms:.3f}")
        size = sum(map(len, parts))
        if size <= WRITE_CHUNK:
            self.finish(b"".join(parts))
            return
        self.set_header("Content-Type", "application/json")
        self.set_header("Content-Length", str(size))
        try:
            for chunk in _chunks(parts, WRITE_CHUNK):
                self.write(chunk)
                await self.flush()
        except StreamClosedError:  # the client went away: nothing left to answer
            return
        self.finish()

    async def course_context(self, path: str | None) -> ModuleContext | None:
        """The module's context in its course (``course_loading.module_context``)."""
        return await module_context(self, path)

    async def analyse_file(self, path: str) -> tuple[dict[str, Any], float]:
        """Report for a file read through the contents manager, in its course (always off
        the event loop)."""
        state = self.state
        model = await fetch_notebook_model(
            self.contents_manager, state.root, path, state.settings.max_body_bytes
        )
        config = state.config_for(path)
        context = await self.course_context(path)
        offload = state.work.worker

        def work() -> dict[str, Any]:
            notebook = notebook_from_model(path, model)
            known = context.known if context is not None else frozenset()
            report = analyze(notebook, config, known, offload=offload)
            return report if context is None else in_context(report, notebook, context, config)

        report, ms = await self.run(True, work)
        return {**report, "seq": None, "path": path}, ms


@web.stream_request_body
class PostedNotebookHandler(BaseHandler):
    """Base for endpoints that take the live notebook as a POST body (size-limited, streamed:
    a body over ``max_body()`` is refused without being kept)."""

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
        if length.isdigit() and int(length) > self.max_body():
            # Checked before buffering; the body is still drained so the client gets the 413.
            self._too_large = True

    def data_received(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._too_large or self._received > self.max_body():
            self._too_large = True
            self._chunks.clear()
            return
        self._chunks.append(chunk)

    def posted_body(self) -> bytes:
        """The body, or 413 when it was over the limit (nothing of it was kept)."""
        if self._too_large:
            size = max(self._received, int(self.request.headers.get("Content-Length", "0") or 0))
            detail = f"request body is {size} bytes; the limit is {self.max_body()}"
            if self.max_body() == self.state.settings.max_body_bytes:
                detail += " (TinyScaffold.max_body_bytes)"
            raise ApiError(413, "body-too-large", detail)
        return b"".join(self._chunks)

    def max_body(self) -> int:
        return self.state.settings.max_body_bytes

    async def posted_request(self) -> tuple[AnalyzeRequest, bytes]:
        """The checked request (parsed in the pool when the body is large) and its body."""
        body = self.posted_body()
        if self.state.work.costs.body_inline(len(body)):
            return parse_analyze_body(body), body
        return await self.state.work.run(parse_analyze_body, body), body

    async def analyse_posted(self, patches: bool = False) -> tuple[AnalyzeRequest, Answer]:
        """Parse the body, resolve unchanged-cell references, analyse; the request and the
        answer, whose ``body`` is the reply serialised.  With ``patches`` (the live path)
        the answer may be a report patch, and a newer request for the same document
        supersedes this one (409 ``superseded``)."""
        state = self.state
        request, body = await self.posted_request()
        config = state.config_for(request.path, request.config)
        context = await self.course_context(request.path)
        key = request.session_key
        with state.work.newest.arrive(key, request.seq if patches else None) as superseded:
            async with state.sessions.locked(key):
                if superseded():
                    raise Cancelled
                job = PostedJob(
                    state.sessions,
                    request,
                    config,
                    superseded=superseded,
                    offload=state.work.worker,
                    patches=patches,
                    encode=patches,
                    context=context,
                )
                inline = job.cheap(state.work.costs, len(body))
                answer = job.run() if inline else await state.work.run(job.run)
        return request, answer
