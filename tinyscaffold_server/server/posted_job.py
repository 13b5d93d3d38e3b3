"""One analysis of a posted notebook (in its course), from the checked request to the reply.

``PostedJob.cheap`` runs on the event loop and decides whether the whole job may too (see
``workers.Costs``): only for a small notebook does it expand the cell references and count
what the session's per-cell cache lacks.  ``PostedJob.run`` does the rest wherever it was
sent: expand, analyse (huge cells offloaded, stopping once superseded), remember the cells
for the next references, keep the answer for report patches, and serialise the reply.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.named_tuple import NamedTuple
from ..course.context import ModuleContext, in_context
from .api_request import AnalyzeRequest
from .json_slices import dumps_parts
from .memory import empty_slowly
from .sessions import Prepared, SessionStore
from .workers import Costs

if TYPE_CHECKING:
    from ..core.analyzer import Offload


class Answer(NamedTuple):
    report: dict[str, Any]  # the full report, or a report patch when the client takes them
    body: list[bytes] | None  # the reply, serialised in parts (when asked for)
    analysis_ms: float


class PostedJob:
    def __init__(
        self,
        sessions: SessionStore,
        request: AnalyzeRequest,
        config: dict[str, Any],
        *,
        superseded: Callable[[], bool] | None = None,
        offload: Offload | None = None,
        patches: bool = False,
        encode: bool = False,
        context: ModuleContext | None = None,
    ) -> None:
        self.sessions = sessions
        self.request = request
        self.config = config
        self.superseded = superseded
        self.offload = offload
        self.patches = patches and request.wants_patch
        self.encode = encode
        self.context = context  # the module's place in its course (course/context.py)
        self._prepared: Prepared | None = None
        self._expanded: dict[str, Any] | None = None

    def cheap(self, costs: Costs, body_bytes: int) -> bool:
        """Whether running on the event loop is known to be cheap (may prepare the cells)."""
        if not costs.may_run_inline(body_bytes, len(self.request.cells)):
            return False
        prepared = self._prepare()
        analyzer = prepared.analyzer
        misses = getattr(analyzer, "misses", None)
        if misses is None:  # an analyzer without a cache: every cell is computed
            return costs.inline(len(prepared.cells), prepared.fresh_chars)
        return costs.inline(*misses(self._notebook(prepared)))

    def run(self) -> Answer:
        request, sessions, key = self.request, self.sessions, self.request.session_key
        prepared = self._prepare()
        start = time.perf_counter()
        analyzer: Any = prepared.analyzer  # a core Analyzer (sessions.AnalyzerLike in tests)
        notebook = self._notebook(prepared)
        context = self.context
        known = context.known if context is not None else frozenset()
        report = analyzer.analyze(notebook, known, cancelled=self.superseded, offload=self.offload)
        if context is not None:
            report = in_context(report, notebook, context, self.config)
        ms = (time.perf_counter() - start) * 1000
        notebook = self._expanded = {}  # (its cells list may be freed below)
        sessions.remember(key, prepared.cells, request.seq)
        if not sessions.remembers(key):  # no state kept: the cells die here, a few at a time
            self._release_cells()
        answer: dict[str, Any] = {}
        if self.patches:
            answer = {**report, "seq": request.seq, "path": request.path}
            report = sessions.hold_answer(key, answer, request.since)
        if not self.encode:
            return Answer(report, None, ms)
        body = dumps_parts({**report, "seq": request.seq, "path": request.path})
        if not sessions.holds(key):  # nobody keeps this report: free it here, a few at a time
            entries = report.get("cells")
            report = answer = {}
            empty_slowly(entries)
        return Answer(report, body, ms)

    def _release_cells(self) -> None:
        request, prepared = self.request, self._prepare()
        cells, request.cells, request.notebook["cells"] = request.cells, [], []
        refs, prepared.cells = prepared.cells, []
        empty_slowly(refs)
        empty_slowly(cells)

    def _prepare(self) -> Prepared:
        if self._prepared is None:
            request = self.request
            self._prepared = self.sessions.prepare(request.session_key, request.cells, self.config)
        return self._prepared

    def _notebook(self, prepared: Prepared) -> dict[str, Any]:
        """The notebook analysed: one object for ``cheap`` and ``run``, so that the analysis
        takes over what weighing its cost worked out (``Analyzer.misses``)."""
        if self._expanded is None:
            self._expanded = {**self.request.notebook, "cells": prepared.cells}
        return self._expanded
