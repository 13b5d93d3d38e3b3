"""A course folder for the server: which folder a notebook's course is (``course_root``), and
the folder listed, read and analysed as one course through the contents manager, kept in the
``CourseCache``.  ``GET course`` shows an entry's rows; every live analysis of one of its
modules applies that module's context (``course/context.py``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..core.analyzer import Offload, analyze
from ..core.config import ConfigError, config_key
from ..core.loading import NotebookLoadError, is_notebook_text
from ..course.concepts import CourseModule
from ..course.context import ModuleContext, course_analysis
from ..course.course_root import locate_course
from ..course.modules import course_order, select_modules
from ..course.project_config import ProjectConfigCache
from .app_config import TinyScaffold
from .contents import fetch_notebook_model, find_modules, notebook_from_model
from .course_cache import CourseCache, CourseEntry, entry_size, stamp
from .root_paths import ContentsError, ServerRoot, clean_path

T = TypeVar("T")
Json = dict[str, Any]


class CourseState(Protocol):
    """What loading a course needs of the server's state (``handlers.ServerState``)."""

    settings: TinyScaffold
    projects: ProjectConfigCache
    courses: CourseCache
    root: ServerRoot  # the path policy (``root_paths.py``)

    def config_for(self, path: str | None, *more: dict[str, Any] | None) -> dict[str, Any]: ...

    def course_modules(self, path: str) -> list[str]: ...


class CourseHost(Protocol):
    """What loading a course needs of a handler (``handlers.BaseHandler``)."""

    @property
    def contents_manager(self) -> Any: ...

    @property
    def state(self) -> Any: ...

    def run(
        self, offload: bool, fn: Callable[..., T], *args: Any
    ) -> Awaitable[tuple[T, float]]: ...


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "" if relative == "." else relative


def course_of(state: CourseState, path: str) -> tuple[str, str]:
    """(course folder relative to the root, source) of a notebook or folder under the root:
    ``course_root.locate_course`` bounded by the root.  Without files on disk the
    notebook's own folder."""
    root = state.projects.root
    if root is None or not Path(os.path.realpath(root / path)).is_relative_to(root):
        # Outside the root (a symlink out): listing the folder answers why, if anyone asks.
        return posixpath.dirname(path), "folder"
    location = locate_course(root / path, stop_at=root, confined=state.root.bound)
    return _relative(root, location.root), location.source


def folder_course(state: CourseState, folder: str) -> tuple[str, dict[str, str] | None]:
    """A folder picked in the overview: (its source when it is a course by the rule, else
    "folder"; the course it belongs to when that is another folder)."""
    root = state.projects.root
    if root is None:
        return "folder", None
    course, source = course_of(state, folder)
    if course == folder:
        return source, None
    return "folder", {"root": course, "source": source}


async def course_entry(host: CourseHost, folder: str, source: str) -> CourseEntry:
    """The folder analysed as one course: from the cache when nothing it depends on changed."""
    state: CourseState = host.state
    config = state.config_for(folder)
    key = config_key(config)

    def compute() -> Awaitable[CourseEntry]:
        return _compute(host, folder, source, config, key)

    return await state.courses.get(folder, key, compute)


async def module_context(host: CourseHost, path: str | None) -> ModuleContext | None:
    """The context of the module at ``path`` in its course; None when ``path`` is not a
    saved module of a course (a new notebook, an excluded file) or the course cannot be
    listed: such a notebook is analysed alone."""
    try:
        path = clean_path(path) if path is not None else None
    except ContentsError:
        return None
    if path is None:
        return None
    folder, source = course_of(host.state, path)
    try:
        entry = await course_entry(host, folder, source)
    except (ContentsError, NotebookLoadError):
        return None
    return entry.contexts.get(path)


async def _compute(
    host: CourseHost, folder: str, source: str, config: Json, key: str
) -> CourseEntry:
    state: CourseState = host.state
    cm = host.contents_manager
    limits = state.settings
    listed: list[str] = []
    found, skipped, truncated = await find_modules(
        cm, state.root, folder, limits.course_max_depth, limits.course_max_modules, listed
    )
    root = state.projects.root
    paired: dict[str, str | None] = {}
    stamps: tuple[tuple[str, int, int], ...] = ()
    if root is not None:
        # jupytext pairs once, the course configuration's exclude (course/modules.py):
        # reading the files' pairing metadata is file work, off the event loop.
        project = state.projects.for_path(folder)  # read through the root's rules
        bound = state.root.bound
        pairs, _ = await host.run(True, select_modules, found, root, folder, project, bound)
        paired = dict(pairs)
        found = list(paired)
        # Stamped before reading: a file saved meanwhile makes the entry stale at once.
        files = [*listed, *found, *(p for p in paired.values() if p)]
        stamps = tuple(stamp(os.path.join(root, *p.split("/"))) for p in files)
        # A configuration file created or removed above the folder changes which file
        # governs it: the folders up to the root are stamped too (their mtime moves).
        above = [folder.rsplit("/", n)[0] for n in range(1, folder.count("/") + 1)]
        stamps += tuple(stamp(os.path.join(root, *p.split("/"))) for p in [*above, ""] if folder)
        # Its exclude and modules lists decide what the course is (thresholds: config_key).
        config_file = state.projects.for_path(folder).source
        if config_file is not None:
            stamps += (stamp(str(config_file)),)
    models: dict[str, Json] = {}
    errors: dict[str, str] = dict(skipped)  # what the listing could not read, and why
    for module in found:  # each read refused before it starts when the file is too large
        text = not module.lower().endswith(".ipynb")
        try:
            models[module] = await fetch_notebook_model(
                cm, state.root, module, limits.max_body_bytes, as_text=text
            )
        except ContentsError as exc:
            errors[module] = str(exc.detail) or type(exc).__name__
    listed_order = state.course_modules(folder)
    offload = host.state.work.worker  # huge cells: the cell worker process
    args = (models, errors, listed_order, config, folder, source, offload)
    (modules, order, reports, contexts, size, failed), _ = await host.run(True, _analyse, *args)
    errors.update(failed)
    for path, pair in paired.items():
        if pair and path in contexts:
            contexts[pair] = contexts[path]
    return CourseEntry(
        folder, source, key, stamps, order, modules, reports, contexts, errors, paired,
        truncated, size,
    )  # fmt: skip


def _analyse(
    models: dict[str, Json],
    read_errors: dict[str, str],
    listed: list[str],
    config: Json,
    folder: str,
    source: str,
    offload: Offload | None = None,
) -> tuple[
    list[CourseModule], list[str], dict[str, Json], dict[str, ModuleContext], int, dict[str, str]
]:
    """(the modules in course order, the course order with the failed ones, reports by path,
    contexts by path, bytes, why the others failed): the worker pool's part, a function of
    its arguments only.  Reading the contents models into notebooks is CPU work too."""
    errors: dict[str, str] = {}
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
    order = course_order([*(m.path for m in modules), *read_errors, *errors], listed)
    modules.sort(key=lambda m: order.index(m.path))

    def analyse_one(module: CourseModule, known: frozenset[str]) -> Json | None:
        try:
            return analyze(module.notebook, config, known, offload=offload)
        except (ConfigError, NotebookLoadError, RecursionError) as exc:
            errors[module.path] = str(exc) or type(exc).__name__
            return None

    reports, contexts = course_analysis(modules, analyse_one, config, folder, source, order)
    by_path = {m.path: r for m, r in zip(modules, reports, strict=True) if r is not None}
    by_module = {m.path: c for m, c in zip(modules, contexts, strict=True)}
    return modules, order, by_path, by_module, entry_size(by_path, modules), errors
