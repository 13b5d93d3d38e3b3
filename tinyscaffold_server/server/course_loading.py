"""A course folder for the server: which folder a notebook's course is (``course_root``), and
the folder listed, read and analysed as one course through the contents manager, kept in the
``CourseCache``.  ``GET course`` shows an entry's rows; every live analysis of one of its
modules applies that module's context (``course/context.py``).
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..core.analyzer import analyze
from ..core.config import ConfigError, config_key
from ..core.loading import NotebookLoadError, is_notebook_text
from ..course.concepts import CourseModule
from ..course.context import ModuleContext, course_analysis
from ..course.course_root import locate_course
from ..course.modules import course_order, select_modules
from ..course.project_config import ProjectConfig, ProjectConfigCache
from .app_config import TinyScaffold
from .contents import (
    fetch_notebook_model,
    find_modules,
    notebook_from_model,
    read_ipynb_files,
    reads_from_disk,
)
from .course_cache import CourseCache, CourseEntry, Stamp, entry_size, stamp
from .root_paths import ContentsError, ServerRoot, clean_path

if TYPE_CHECKING:
    from ..core.analyzer import Offload

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
    stamps: tuple[Stamp, ...] = ()
    read: dict[str, Json] = {}
    errors: dict[str, str] = dict(skipped)  # what the listing could not read, and why
    analyse = functools.partial(
        _analyse,
        listed=state.course_modules(folder),
        config=config,
        folder=folder,
        source=source,
        offload=host.state.work.worker,  # huge cells: the cell worker process
    )
    if root is not None:
        # One trip to the pool for the file work: pairing and the configuration's exclude,
        # the stamps, the unpaired .ipynb files read, and the analysis too when nothing is
        # left for the contents manager to read (each trip waits for a thread).
        project = state.projects.for_path(folder)  # read through the root's rules
        direct = reads_from_disk(cm, state.root)
        on_disk = _OnDisk(root, folder, project, state.root, direct, limits.max_body_bytes)
        loaded, _ = await host.run(True, on_disk.load, found, listed, skipped, analyse)
        paired, stamps, read, failed, done = loaded
        errors.update(failed)
        found = list(paired)
        if done is not None:
            return _entry(folder, source, key, stamps, done, errors, paired, truncated)
    models: dict[str, Json] = {}
    for module in found:  # each read refused before it starts when the file is too large
        if module in read:
            models[module] = read[module]
        if module in read or module in errors:  # read in the pool, or failed there
            continue
        text = not module.lower().endswith(".ipynb")
        try:
            models[module] = await fetch_notebook_model(
                cm, state.root, module, limits.max_body_bytes, as_text=text
            )
        except ContentsError as exc:
            errors[module] = str(exc.detail) or type(exc).__name__
    analysed, _ = await host.run(True, analyse, models, errors)
    return _entry(folder, source, key, stamps, analysed, errors, paired, truncated)


Analysed = tuple[
    list[CourseModule], list[str], dict[str, Json], dict[str, ModuleContext], int, dict[str, str]
]


def _entry(
    folder: str,
    source: str,
    key: str,
    stamps: tuple[Stamp, ...],
    analysed: Analysed,
    errors: dict[str, str],
    paired: dict[str, str | None],
    truncated: bool,
) -> CourseEntry:
    modules, order, reports, contexts, size, failed = analysed
    errors.update(failed)
    for path, pair in paired.items():
        if pair and path in contexts:
            contexts[pair] = contexts[path]
    return CourseEntry(
        folder, source, key, stamps, order, modules, reports, contexts, errors, paired,
        truncated, size,
    )  # fmt: skip


class _OnDisk:
    """The pool's part of loading a course whose files are on disk (see ``_compute``)."""

    def __init__(
        self,
        root: Path,
        folder: str,
        project: ProjectConfig,
        server_root: ServerRoot,
        direct: bool,
        max_bytes: int,
    ) -> None:
        self.root, self.folder, self.project = root, folder, project
        self.server_root, self.direct, self.max_bytes = server_root, direct, max_bytes

    def load(
        self,
        found: list[str],
        listed: list[str],
        skipped: dict[str, str],
        analyse: Callable[..., Analysed],
    ) -> tuple[
        dict[str, str | None], tuple[Stamp, ...], dict[str, Json], dict[str, str], Analysed | None
    ]:
        """(module → its pair, the stamps, the models read, why others could not be read,
        the analysis when every module was read here)."""
        root, folder = self.root, self.folder
        # jupytext pairs once, the course configuration's exclude (course/modules.py).
        pairs = select_modules(found, root, folder, self.project, self.server_root.bound)
        paired = dict(pairs)
        # Stamped before reading: a file saved meanwhile makes the entry stale at once.
        files = [*listed, *paired, *(p for p in paired.values() if p)]
        stamps = tuple(stamp(os.path.join(root, *p.split("/"))) for p in files)
        # A configuration file created or removed above the folder changes which file
        # governs it: the folders up to the root are stamped too (their mtime moves).
        above = [folder.rsplit("/", n)[0] for n in range(1, folder.count("/") + 1)]
        stamps += tuple(stamp(os.path.join(root, *p.split("/"))) for p in [*above, ""] if folder)
        # Its exclude and modules lists decide what the course is (thresholds: config_key).
        if self.project.source is not None:
            stamps += (stamp(str(self.project.source)),)
        # Unpaired .ipynb files are read here (contents.read_ipynb_files); the rest, by the
        # contents manager on the event loop.
        direct = [m for m in paired if m.lower().endswith(".ipynb") and not paired[m]]
        if not self.direct:
            direct = []
        models, errors = read_ipynb_files(self.server_root, direct, self.max_bytes)
        done = None
        if len(direct) == len(paired):  # (what the listing skipped has its error row too)
            done = analyse(models, {**skipped, **errors})
        return paired, stamps, models, errors, done


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
