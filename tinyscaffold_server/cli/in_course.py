"""Files named one by one, each analysed in its course, so that the CLI gives a module the
numbers JupyterLab shows for it (the badges, the panel, the course overview's row).

The course of a file is found by the server's rule (``course/course_root.py``: the folder of
the nearest configuration file, else the git repository's root, else the file's folder) and
its modules as a folder run finds them (``course/modules.py``: the same ``exclude``, the
same ``modules`` order, jupytext pairs and same-stem twins once).  The course is analysed
as ``tinyscaffold report <course folder>`` analyses it -- the same module names, the same
cache entries -- and only the named modules are reported.  Several files of one course cost
one course analysis; the other modules' reports come from the report cache while they are
unchanged.

A file that is not a module of its course (excluded, in a folder courses skip) is analysed
alone, and the text output says so; so is a file whose course holds only itself, through
exactly the path it took before (no course work on that path).  ``--alone`` turns all of
this off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..core.typing_names import Any
from .analysis import Analyse, Analysed, analyse_modules
from .cache import ReportCache

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:
    from ..course.course_root import CourseLocation
    from ..course.project_config import ProjectConfig

__all__ = ["analyse_in_courses", "course_folder_name"]

Json = dict[str, Any]
CacheFor = Callable[["ProjectConfig"], "ReportCache | None"]  # a course's report cache
_WHY = {  # why that folder is the course (course_root.py)
    "config": "its configuration file's folder",
    "git": "its git repository's root",
    "folder": "its folder",
}


def course_folder_name(root: Path) -> str:
    """The course folder as a folder run would be named: relative to the current directory
    when inside it, else absolute (then module names and cache entries match that run's)."""
    try:
        relative = os.path.relpath(root)
    except ValueError:  # another drive (Windows)
        return str(root)
    return str(root) if relative.startswith("..") else relative


class _Course:
    """One course of the run: its folder, its modules, and the named files it holds."""

    def __init__(self, location: CourseLocation) -> None:
        self.location = location
        self.named: list[str] = []


def analyse_in_courses(
    files: Sequence[str],
    extra: Mapping[str, Any] | None,
    cache_for: CacheFor,
    jobs: int,
    analyse: Analyse | None,
) -> Analysed:
    """The reports of ``files`` (named one by one), each in its course.  ``extra``: the
    ``--config`` layer; ``cache_for(project)``: the run's report cache for a course's
    configuration (None: no cache).  A course configuration that cannot be read raises
    ``ValueError`` (ConfigError), as for a folder run."""
    from ..course.course_root import locate_course

    courses: dict[Path, _Course] = {}
    alone: list[str] = []
    for file in files:
        if not os.path.isfile(file):
            alone.append(file)  # missing or not a file: reading it says why
            continue
        location = locate_course(Path(file))
        courses.setdefault(location.root, _Course(location)).named.append(file)
    run = Analysed()
    for course in courses.values():
        _analyse_course(course, extra, cache_for, jobs, analyse, run, alone)
    for file in alone:
        project = _project(Path(file), [file], run)
        if project is not None:
            config = _config(project, extra)
            _analyse_alone(file, file, config, cache_for(project), jobs, analyse, run)
    # In the order the files were named (a pair's report where its other member was named).
    order = {name: at for at, name in enumerate(files)}
    run.results.sort(key=lambda r: order.get(r.pop("named"), len(order)))
    return run


def _project(start: Path, named: Sequence[str], run: Analysed) -> ProjectConfig | None:
    """The configuration file that governs ``start``; when it cannot be used, each named
    file gets its error (the other courses of the run are still reported)."""
    from ..core.config import ConfigError
    from ..course.project_config import load_project_config

    try:
        return load_project_config(start)
    except ConfigError as exc:
        run.results += [{"path": file, "named": file, "error": str(exc)} for file in named]
        return None


def _config(project: ProjectConfig, extra: Mapping[str, Any] | None) -> dict[str, Any] | None:
    layers = {**project.analysis_overrides(), **(extra or {})}
    return layers or None


def _analyse_course(
    course: _Course,
    extra: Mapping[str, Any] | None,
    cache_for: CacheFor,
    jobs: int,
    analyse: Analyse | None,
    run: Analysed,
    alone: list[str],
) -> None:
    from ..course.modules import discover_modules

    location = course.location
    project = _project(location.root, course.named, run)
    if project is None:
        return
    folder = course_folder_name(location.root)
    unlisted: list[tuple[str, str]] = []
    modules = discover_modules(Path(folder), project, problems=unlisted)
    members: dict[str, tuple[int, str]] = {}  # real path → (position, the analysed file)
    for at, found_module in enumerate(modules):
        for member in (found_module.path, found_module.paired_with):
            if member is not None:
                members.setdefault(os.path.realpath(member), (at, str(found_module.path)))
    wanted: dict[str, tuple[str, str]] = {}  # module's name in the course → (shown, named)
    notes: dict[str, str] = {}
    for named in course.named:
        found = members.get(os.path.realpath(named))
        if found is None:
            reason = _not_a_module(named, location.root, project)
            notes[named] = (
                f"not a module of its course {_slashed(folder)} ({reason}): analysed alone"
            )
            alone.append(named)
            continue
        module = found[1]
        if os.path.realpath(module) == os.path.realpath(named):
            wanted.setdefault(module, (named, named))
        else:  # the other member of a pair or twin: the module is its analysed file
            wanted.setdefault(module, (module, named))
            notes[module] = f"{named} is one module with {module} (a pair or twin): its report"
    for _, message in unlisted:
        run.warnings.append(f"{message} (course {folder} analysed without it)")
    if not wanted:
        run.notes.update(notes)
        return
    config = _config(project, extra)
    cache = cache_for(project)
    paths = [str(found_module.path) for found_module in modules]
    if len(paths) == 1:  # a course of one: the module alone, as a folder run analyses it
        shown, named = wanted[paths[0]]
        _analyse_alone(paths[0], shown, config, cache, jobs, analyse, run, named)
        run.notes.update(notes)
        return
    source = location.source
    analysed = analyse_modules(paths, config, cache, jobs, analyse, (folder, source))
    _note_cache(run, analysed)
    run.internal_errors += analysed.internal_errors
    for result in analysed.results:
        module = result["path"]
        if module not in wanted:
            if "error" in result:  # another module: the course goes on without it
                run.warnings.append(f"{result['error']} (course {folder} analysed without it)")
            continue
        shown, named = wanted[module]
        entry: Json = {"path": shown, "named": named}
        if "report" in result:
            entry["report"] = {**result["report"], "path": shown}
            section = result["report"].get("course")
            if section is not None and shown not in notes:
                notes[shown] = _placed(section, folder)
        else:
            entry["error"] = result["error"]
        run.results.append(entry)
        run.spans[shown] = analysed.spans.get(module)
        run.courses[shown] = (paths, module)
    run.notes.update(notes)


def _analyse_alone(
    file: str,
    shown: str,
    config: Mapping[str, Any] | None,
    cache: ReportCache | None,
    jobs: int,
    analyse: Analyse | None,
    run: Analysed,
    named: str | None = None,
) -> None:
    """One file analysed by itself (exactly as before courses: no course work)."""
    analysed = analyse_modules([file], config, cache, jobs, analyse)
    _note_cache(run, analysed)
    run.internal_errors += analysed.internal_errors
    for result in analysed.results:
        entry = {**result, "path": shown, "named": named or shown}
        if "report" in result:
            entry["report"] = {**result["report"], "path": shown}
        run.results.append(entry)
        run.spans[shown] = analysed.spans.get(result["path"])


def _note_cache(run: Analysed, analysed: Analysed) -> None:
    if analysed.cache_warning and run.cache_warning is None:
        run.cache_warning = analysed.cache_warning


def _not_a_module(named: str, root: Path, project: ProjectConfig) -> str:
    """Why a file of the course is not one of its modules."""
    from ..core.loading import is_notebook_file
    from ..course.modules import SKIP_DIRS, glob_matches

    relative = Path(os.path.relpath(os.path.realpath(named), root)).as_posix()
    if glob_matches(relative, project.exclude):
        shown = course_folder_name(project.source) if project.source else project.describe()
        return f"left out by `exclude` in {shown}"
    folders = relative.split("/")[:-1]
    if any(part.startswith(".") or part in SKIP_DIRS for part in folders):
        return "in a folder courses skip: hidden, .ipynb_checkpoints, node_modules, __pycache__"
    if Path(named).name.startswith("."):
        return "a hidden file"
    if not is_notebook_file(Path(named), unreadable=True):
        return "not a notebook"
    return "not found among its modules"


def _placed(section: Mapping[str, Any], folder: str) -> str:
    """The line that says where a named module was analysed, and why there."""
    return (
        f"analysed in its course {_slashed(folder)} ({_WHY.get(section['source'], '')}): "
        f"module {section['position']} of {section['modules']}, "
        f"{section.get('known_concepts', 0)} concepts known from earlier modules"
    )


def _slashed(folder: str) -> str:
    return folder if folder.endswith(("/", os.sep)) else folder + "/"
