"""``GET course``: one summary row per module of a course, each module analysed in its course
(course order, concepts known from earlier modules), with each row's delta to a git ref on
request, and the files that look like copies rather than modules.

``?for=NOTEBOOK`` shows the course the notebook belongs to (``course/course_root.py``: the
folder of the nearest configuration file, else the git repository root, else the notebook's
folder); ``?path=FOLDER`` a folder the author picked, analysed as one course (what
``tinyscaffold report FOLDER`` shows).  Both come from the ``CourseCache`` that the live
analysis of an open module uses too.
"""

from __future__ import annotations

import posixpath
import time
from pathlib import Path
from typing import Any

from tornado import web

from ..course import rows as course
from ..course.root_bound import RootBound
from ..course.strays import strays_section
from .api_request import ApiError
from .course_cache import CourseEntry
from .course_loading import course_entry, course_of, folder_course
from .handlers import BaseHandler, api_errors
from .root_paths import clean_path


class CourseHandler(BaseHandler):
    """One summary row per module (``.ipynb`` and jupytext text notebooks) plus the total."""

    @web.authenticated
    @api_errors
    async def get(self) -> None:
        started = time.perf_counter()
        state = self.state
        module = self.get_query_argument("for", None)
        belongs_to: dict[str, str] | None = None
        if module is not None:
            folder, source = course_of(state, clean_path(module))
        else:
            folder = clean_path(self.get_query_argument("path", ""), allow_empty=True)
            source, belongs_to = folder_course(state, folder)
        computing = time.perf_counter()
        entry = await course_entry(self, folder, source)
        ms = (time.perf_counter() - computing) * 1000
        config = state.config_for(folder)
        rows = [
            {**course.module_row(path, entry.reports[path]), "paired_with": entry.paired.get(path)}
            if path in entry.reports
            else course.error_row(path, entry.errors[path])
            for path in entry.order
        ]
        ref = self.get_query_argument("baseline", None)
        bound = state.root.bound
        if ref and bound is not None:
            # -- the delta column of the course overview (course/baseline.py) --
            deltas = await self.row_deltas(bound, entry, ref, config)
            for row in rows:
                if row["path"] in entry.reports:
                    row["delta"] = deltas[row["path"]]
        summary = course.course_summary(rows, config["grade_bands"])
        reply = {
            "path": folder,
            "course": self.describe(entry, belongs_to),
            "modules": summary["rows"],
            "total": summary["total"],
            "truncated": entry.truncated,
            **self.strays(entry, belongs_to),
        }
        await self.reply_report(reply, started, ms)

    def describe(self, entry: CourseEntry, belongs_to: dict[str, str] | None) -> dict[str, Any]:
        project = self.state.projects.for_path(entry.folder)
        return {
            "root": entry.folder,
            "source": entry.source,
            "config": self._relative(project.source),
            "belongs_to": belongs_to,
        }

    def strays(self, entry: CourseEntry, belongs_to: dict[str, str] | None) -> dict[str, Any]:
        """Backups and twins among the modules, with the ``exclude`` line that leaves them
        out, for the configuration file of the course the folder belongs to (or a new one at
        that course's root): a file in a folder inside a course would make it a course of
        its own (README, "Courses inside a course")."""
        course_root = belongs_to["root"] if belongs_to is not None else entry.folder
        project = self.state.projects.for_path(course_root)
        base = self._relative(project.root)
        base = course_root if base is None else base
        file = self._relative(project.source) or posixpath.join(base, "tinyscaffold.toml")
        exists = project.source is not None
        return strays_section(entry.order, base, project.exclude, file, exists, entry.folder)

    def _relative(self, path: Path | None) -> str | None:
        root = self.state.projects.root
        if path is None or root is None:
            return None
        relative = path.resolve().relative_to(root).as_posix()
        return "" if relative == "." else relative

    async def row_deltas(
        self, bound: RootBound, entry: CourseEntry, ref: str, config: dict[str, Any]
    ) -> dict[str, dict[str, Any] | None]:
        """Each analysed module's delta to git ``ref`` (None outside a repository); a bad
        ref answers 400."""
        from ..course.baseline import BaselineError, course_row_deltas

        analysed = [m for m in entry.modules if m.path in entry.reports]
        notebooks = {m.path: m.notebook for m in analysed}
        paths = [m.path for m in analysed]
        args = (bound, paths, notebooks, entry.reports, ref, config)
        try:
            deltas, _ = await self.run(True, course_row_deltas, *args)
        except BaselineError as exc:
            raise ApiError(400, "invalid-ref", str(exc)) from None
        return deltas


HANDLERS = (("course", CourseHandler),)
