"""``GET course``: one summary row per module of a folder, analysed as one course (course order,
concepts known from earlier modules), with each row's delta to a git ref on request."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tornado import web

from ..core.analyzer import analyze
from ..core.config import ConfigError
from ..core.loading import NotebookLoadError, is_notebook_text
from ..course import rows as course
from ..course.concepts import CourseModule, analyse_course
from ..course.modules import course_order, select_modules
from ..course.root_bound import RootBound
from .api_request import ApiError
from .contents import fetch_notebook_model, find_modules, notebook_from_model
from .handlers import BaseHandler, api_errors
from .root_paths import ContentsError, clean_path


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
        found, skipped, truncated = await find_modules(
            cm, state.root, path, limits.course_max_depth, limits.course_max_modules
        )
        bound = state.root.bound
        paired: dict[str, str | None] = {}
        if bound is not None:
            # jupytext pairs once, the course configuration's exclude (course/modules.py)
            project = state.projects.for_path(path)
            paired = dict(select_modules(found, Path(bound.root), path, project))
            found = list(paired)
        modules: list[CourseModule] = []
        errors: dict[str, str] = dict(skipped)  # what the listing could not read, and why
        for module in found:
            text = not module.lower().endswith(".ipynb")
            try:
                model = await fetch_notebook_model(
                    cm, state.root, module, limits.max_body_bytes, as_text=text
                )
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
        if ref and bound is not None:
            # -- the delta column of the course overview (course/baseline.py) --
            deltas = await self.row_deltas(bound, modules, by_path, ref, config)
            for row in rows:
                if row["path"] in by_path:
                    row["delta"] = deltas[row["path"]]
        summary = course.course_summary(rows, config["grade_bands"])
        reply = {"path": path, "modules": summary["rows"], "total": summary["total"]}
        self.reply_json({**reply, "truncated": truncated}, started, ms)

    async def row_deltas(
        self,
        bound: RootBound,
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
        args = (bound, paths, notebooks, reports, ref, config)
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


HANDLERS = (("course", CourseHandler),)
