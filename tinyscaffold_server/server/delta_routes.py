"""REST handlers for before → after and the student view (registered by ``routes.py``).

- ``GET /tinyscaffold/baseline?path=P[&source=git&ref=HEAD | &source=disk | &source=file&file=F]
  [&view=student][&config=JSON]``: the baseline of a module, as a slim snapshot (``baseline.slim``)
  the client keeps and sends back.  ``git`` reads the file at ``ref`` with git, only under the
  server root; ``disk`` is the file as saved now (the panel asks for it when a notebook is
  opened); ``file`` is a report saved with ``tinyscaffold report --save-baseline F``.
- ``POST /tinyscaffold/compare``: the live notebook (every cell in full, as for
  ``report.html``) with ``baseline`` (its label), ``before`` (the snapshot, null when the
  module is new there) or ``before_notebook`` (the notebook as the browser had it when it was
  opened) and ``view`` ("author" or "student"); answers the report with its ``delta`` and,
  for the student view, its ``student`` section.

Nothing here writes.  Bad refs answer 400 ``invalid-ref``, a file outside a repository 422
``not-in-git``, an unusable saved baseline 422 ``invalid-baseline``.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tornado import web

from ..core.analyzer import analyze
from ..course.baseline import (
    Analyse,
    BaselineError,
    check_snapshot,
    compare_live,
    git_snapshot,
    parse_saved,
    saved_snapshot,
    slim,
)
from ..course.context import analysed_in
from ..course.delta import snapshot
from ..course.student import student_report
from .api_request import ApiError, parse_analyze_body
from .contents import fetch_notebook_model, get_model, notebook_from_model
from .handlers import BaseHandler, PostedNotebookHandler, api_errors
from .root_paths import ServerRoot, clean_path

Method = Callable[..., Awaitable[None]]
_STATUS = {"ref": (400, "invalid-ref"), "repo": (422, "not-in-git")}


def baseline_errors(method: Method) -> Method:
    @functools.wraps(method)
    async def wrapper(self: BaseHandler, *args: Any, **kwargs: Any) -> None:
        try:
            await method(self, *args, **kwargs)
        except BaselineError as exc:
            status, error = _STATUS.get(exc.kind, (422, "invalid-baseline"))
            raise ApiError(status, error, str(exc)) from None

    return api_errors(wrapper)


def _view(value: Any) -> Analyse:
    if value in (None, "author"):
        return analyze
    if value == "student":
        return student_report
    raise ApiError(400, "invalid-request", f"view must be 'author' or 'student', got {value!r}")


class BaselineHandler(BaseHandler):
    @web.authenticated
    @baseline_errors
    async def get(self) -> None:
        started = time.perf_counter()
        state = self.state
        path = clean_path(self.get_query_argument("path", None))
        source = self.get_query_argument("source", "git")
        view = _view(self.get_query_argument("view", None))
        # The course configuration that governs the module, as for analyze and compare.
        config = state.config_for(path, self._config())
        # Before and after in the module's course, as the badges: the change is the module's.
        analyse = analysed_in(await self.course_context(path), view, view is analyze)
        reply: dict[str, Any] = {"path": path, "source": source}
        if source == "git":
            ref = self.get_query_argument("ref", "HEAD")
            bound = state.root.bound
            if bound is None:
                raise ApiError(422, "not-in-git", "the contents manager has no root directory")
            state.root.check(path)
            await get_model(self.contents_manager, path, content=False)  # 404 when missing
            os_path = state.root.os_path(path)
            (snap, note), ms = await self.run(
                True, git_snapshot, os_path, ref, config, analyse, bound
            )
            reply.update(baseline=ref, note=note)
        elif source == "disk":
            model = await fetch_notebook_model(
                self.contents_manager, state.root, path, state.settings.max_body_bytes
            )
            notebook, _ = await self.run(True, notebook_from_model, path, model)
            snap, ms = await self.run(True, _snapshot_of, path, notebook, config, analyse)
            reply.update(baseline="file as opened", note=None)
        elif source == "file":
            file = clean_path(self.get_query_argument("file", None))
            saved, ms = await self.run(True, _read_saved, state.root, file)
            snap = saved_snapshot(saved, path)
            reply.update(baseline=file, note=None)
        else:
            raise ApiError(400, "invalid-request", "source must be 'git', 'disk' or 'file'")
        reply.update(status="new" if snap is None else "found")
        reply["snapshot"] = slim(snap) if snap is not None else None
        self.reply_json(reply, started, ms)

    def _config(self) -> dict[str, Any] | None:
        text = self.get_query_argument("config", None)
        if not text:
            return None
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise ApiError(400, "invalid-config", "config must be a JSON object") from None
        if not isinstance(value, dict):
            raise ApiError(400, "invalid-config", "config must be a JSON object")
        return value


class CompareHandler(PostedNotebookHandler):
    @web.authenticated
    @baseline_errors
    async def post(self) -> None:
        started = time.perf_counter()
        if self._too_large:
            raise ApiError(413, "body-too-large", "request body is over the server's limit")
        request = parse_analyze_body(b"".join(self._chunks))
        extra = request.body
        view = _view(extra.get("view"))
        baseline = extra.get("baseline")
        if baseline is not None and not isinstance(baseline, str):
            raise ApiError(400, "invalid-request", "baseline must be a string (its label)")
        # The course configuration that governs the module, as for analyze: before and
        # after are measured with the same rules, in the module's course.
        config = self.state.config_for(request.path, request.config)
        context = await self.course_context(request.path)
        analyse = analysed_in(context, view, view is analyze)
        # Every cell in full: a comparison never refers to a session's cells.
        prepared = self.state.sessions.prepare(None, request.cells, config)
        notebook = {**request.notebook, "cells": prepared.cells}
        path = request.path or "notebook.ipynb"
        before = extra.get("before")
        old_notebook = self._before_notebook(extra.get("before_notebook"), config)
        if before is not None:
            before = check_snapshot(before)
        elif old_notebook is not None:
            before, _ = await self.run(True, _snapshot_of, path, old_notebook, config, analyse)
        report, ms = await self.run(
            True, compare_live, notebook, path, config, before, baseline, analyse
        )
        self.reply_json({**report, "seq": request.seq, "path": request.path}, started, ms)

    def _before_notebook(self, value: Any, config: dict[str, Any]) -> dict[str, Any] | None:
        """``before_notebook``: the notebook as the client saw it when it was opened."""
        if value is None:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("cells"), list):
            raise ApiError(422, "invalid-baseline", "before_notebook must have a 'cells' list")
        cells = self.state.sessions.prepare(None, value["cells"], config).cells
        metadata = value.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise ApiError(422, "invalid-baseline", "before_notebook 'metadata' must be an object")
        return {"cells": cells, "metadata": metadata}


def _read_saved(root: ServerRoot, file: str) -> dict[str, Any]:
    """A saved baseline under the root: the path policy's read (inside, size-checked)."""
    data = root.read(file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    return parse_saved(text, file)


def _snapshot_of(
    path: str, notebook: dict[str, Any], config: dict[str, Any], analyse: Analyse
) -> dict[str, Any]:
    return snapshot(path, notebook, analyse(notebook, config, frozenset()))


HANDLERS = (("baseline", BaselineHandler), ("compare", CompareHandler))
