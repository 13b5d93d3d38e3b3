"""``GET course``: one summary row per module of a folder, analysed as one course (course order,
concepts known from earlier modules), with each row's delta to a git ref on request."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tornado import web

from ..core.analyzer import Offload, analyze
from ..core.config import ConfigError
from ..core.loading import NotebookLoadError, is_notebook_text
from ..course import rows as course
from ..course.concepts import CourseModule, analyse_course
from ..course.modules import course_order, select_modules
from .api_request import ApiError
from .contents import (
    ContentsError,
    clean_path,
    fetch_notebook_model,
    find_modules,
    notebook_from_model,
)
from .handlers import BaseHandler, api_errors


class CourseHandler(BaseHandler):
    """One summary row per module (``.ipynb`` and jupytext text notebooks) plus the total.

    The modules are analysed as one course, in course order (``course/concepts.py``)."""

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
            # jupytext pairs once, the course configuration's exclude (course/modules.py);
            # reading the files' pairing metadata is file work: off the event loop.
            real_root = Path(os.path.realpath(root))
            paired = dict(await state.work.run(select_modules, found, real_root, path))
            found = list(paired)
        models: dict[str, dict[str, Any]] = {}
        errors: dict[str, str] = {}
        for module in found:  # each read is refused before it starts when the file is large
            text = not module.lower().endswith(".ipynb")
            try:
                models[module] = await fetch_notebook_model(
                    cm, module, limits.max_body_bytes, as_text=text
                )
            except ContentsError as exc:
                errors[module] = str(exc.detail) or type(exc).__name__
        listed = state.course_modules(path)
        offload = state.work.worker
        reports, ms = await self.run(True, _course, models, listed, config, errors, offload)
        modules = [module for module, _ in reports]
        by_path = {m.path: r for m, r in reports if r is not None}
        order = course_order([*(m.path for m in modules), *errors], listed)
        rows = [
            {**course.module_row(module, by_path[module]), "paired_with": paired.get(module)}
            if module in by_path
            else course.error_row(module, errors[module])
            for module in order
        ]
        ref = self.get_query_argument("baseline", None)
        if ref and isinstance(root, str) and root:
            # -- the delta column of the course overview (course/baseline.py) --
            deltas = await self.row_deltas(Path(root), modules, by_path, ref, config)
            for row in rows:
                if row["path"] in by_path:
                    row["delta"] = deltas[row["path"]]
        summary = course.course_summary(rows, config["grade_bands"])
        reply = {"path": path, "modules": summary["rows"], "total": summary["total"]}
        await self.reply_report({**reply, "truncated": truncated}, started, ms)

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
        args = (root, paths, notebooks, reports, ref, config, self.state.settings.max_body_bytes)
        try:
            deltas, _ = await self.run(True, course_row_deltas, *args)
        except BaselineError as exc:
            raise ApiError(400, "invalid-ref", str(exc)) from None
        return deltas


def _course(
    models: dict[str, dict[str, Any]],
    listed: list[str],
    config: dict[str, Any],
    errors: dict[str, str],
    offload: Offload,
) -> list[tuple[CourseModule, dict[str, Any] | None]]:
    """The modules read from their contents models and analysed as one course, in course
    order, with their reports (None where one failed: ``errors`` says why).  Run in the
    pool: converting and analysing every module is the bulk of the request."""
    modules: list[CourseModule] = []
    for module, model in models.items():
        text = not module.lower().endswith(".ipynb")
        try:
            if text and not is_notebook_text(str(model.get("content") or "")):
                continue  # a plain script or README next to the notebooks
            modules.append(CourseModule(module, notebook_from_model(module, model)))
        except (ContentsError, NotebookLoadError) as exc:
            detail = exc.detail if isinstance(exc, ContentsError) else str(exc)
            errors[module] = str(detail) or type(exc).__name__
    order = course_order([*(m.path for m in modules), *errors], listed)
    modules.sort(key=lambda m: order.index(m.path))

    def analyse_one(module: CourseModule, known: frozenset[str]) -> dict[str, Any] | None:
        try:
            return analyze(module.notebook, config, known, offload=offload)
        except (ConfigError, NotebookLoadError, RecursionError) as exc:
            errors[module.path] = str(exc) or type(exc).__name__
            return None

    return list(zip(modules, analyse_course(modules, analyse_one, config), strict=True))


HANDLERS = (("course", CourseHandler),)
