"""From PATH arguments to analysed modules: the course configuration that governs them, the
files they name (a directory's modules in course order), the report cache, one course run.

Shared by ``tinyscaffold report`` and ``tinyscaffold concepts``.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path

from ..core.typing_names import Any
from . import course_options
from .analysis import Analysed, analyse_modules, default_jobs
from .cache import CACHE_DIR_ENV, CACHE_DIR_NAME, ReportCache
from .exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, error


def load_config(path: str) -> dict[str, Any]:
    """Read and validate --config up front, so a typo fails once instead of once per file."""
    from ..core.config import merge_config

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except RecursionError:
        raise ValueError(f"{path}: config is not valid JSON: nested too deeply") from None
    except ValueError as exc:  # not JSON, not UTF-8, or an integer longer than Python reads
        raise ValueError(f"{path}: config is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: config must be a JSON object, got {type(data).__name__}")
    try:
        merge_config(data)
    except ValueError as exc:  # ConfigError subclasses ValueError
        raise ValueError(f"{path}: {exc}") from None
    return data


def project_config(paths: Sequence[str]) -> Any:
    """The course configuration file (``tinyscaffold.toml`` / ``[tool.tinyscaffold]``) that
    governs the first PATH: thresholds and glossary below ``--config``, module order."""
    from ..course.project_config import load_project_config

    return load_project_config(Path(paths[0]) if paths else Path.cwd())


def _walk(directory: Path, problems: list[tuple[str, str]]) -> list[Path]:
    """The modules under ``directory``: jupytext pairs once, the course configuration's
    ``exclude`` globs left out, in course order (course/modules.py); a folder that cannot
    be listed is added to ``problems``, a file that cannot be read is a module (reading it
    reports why): a CI gate must not pass over what it could not check."""
    from ..course.modules import discover_modules
    from ..course.project_config import load_project_config

    project = load_project_config(directory)
    return [module.path for module in discover_modules(directory, project, problems=problems)]


def collect(
    paths: Sequence[str], skip_non_notebooks: bool = False
) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand PATH arguments into notebook files; also return (path, problem) for bad ones.

    Files named explicitly are passed through unchecked (the loader gives the precise
    reason if one is missing or not a notebook), unless ``skip_non_notebooks`` drops the
    existing ones that are not notebooks.  The same file listed twice is kept once.
    """
    from ..core.loading import is_notebook_file

    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        target = Path(arg)
        if skip_non_notebooks and os.path.isfile(arg) and not is_notebook_file(target, True):
            continue
        folder = os.path.isdir(arg)
        unlisted: list[tuple[str, str]] = []
        candidates = [str(p) for p in _walk(target, unlisted)] if folder else [arg]
        problems += unlisted
        if folder and not candidates and not unlisted:
            problems.append((arg, f"{arg}: no notebooks found in this directory"))
        for candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, problems


def _course(paths: Sequence[str]) -> tuple[str | None, str]:
    """(root, source) of the reports' ``course`` section: one folder named is that course
    ("config" or "git" when the course rule would choose it too, else "folder"); anything
    else is a list of paths."""
    if len(paths) != 1 or not Path(paths[0]).is_dir():
        return None, "paths"
    from ..course.course_root import locate_course

    folder = Path(paths[0])
    location = locate_course(folder)
    return paths[0], location.source if location.root == folder.resolve() else "folder"


def course_strays(directory: str, paths: Sequence[str]) -> dict[str, Any]:
    """The backups and twins among a course folder's modules (``course/strays.py``), named
    as the rows name them, with the ``exclude`` line for the configuration file of the
    course the folder belongs to (as the server's overview advises it): a file of its own in
    a folder inside a course would make that folder a course of its own."""
    from ..course.course_root import locate_course
    from ..course.project_config import load_project_config
    from ..course.strays import strays_section

    base = locate_course(Path(directory)).root
    project = load_project_config(base)
    named = {Path(os.path.relpath(os.path.realpath(p), base)).as_posix(): p for p in paths}
    folder = Path(os.path.relpath(os.path.realpath(directory), base)).as_posix()
    target = project.source or base / "tinyscaffold.toml"
    # Named from the folder as it was given (``course/tinyscaffold.toml``, not an absolute path).
    file = os.path.normpath(
        os.path.join(directory, os.path.relpath(target, os.path.realpath(directory)))
    )
    exists = project.source is not None
    section = strays_section(
        list(named), "", project.exclude, file, exists, "" if folder == "." else folder
    )
    for stray in section["strays"]:
        stray["path"] = named[stray["path"]]
    return section


def _cache(args: argparse.Namespace | None, project: Any) -> ReportCache | None:
    """The run's cache: ``--cache-dir``, ``$TINYSCAFFOLD_CACHE_DIR``, else beside the
    course's configuration file, else in the current directory; None when turned off."""
    from ..core.loading import speedups_enabled

    if args is None or args.no_cache or not speedups_enabled():
        return None
    directory = args.cache_dir or os.environ.get(CACHE_DIR_ENV)
    if directory:
        return ReportCache(Path(directory))
    return ReportCache((project.root or Path.cwd()) / CACHE_DIR_NAME)


def analysed_course(
    paths: Sequence[str],
    extra_config: str | None = None,
    analyse: course_options.Analyse | None = None,
    alone: bool = False,
) -> tuple[list[dict[str, Any]], int]:
    """Reports of the modules PATHs name: ``({"path", "report" | "error"} per module, plus
    one per PATH that named nothing; EXIT_OK or EXIT_INPUT)``; see :func:`analyse_paths`.

    Config layers: the course configuration file, then ``extra_config`` (--config)."""
    analysed, status = analyse_paths(paths, extra_config, analyse, alone=alone)
    return analysed.results, status


def in_courses(paths: Sequence[str], alone: bool) -> bool:
    """Files named one by one are each analysed in their course (``in_course.py``) unless
    ``--alone``; a folder named is the course (with any files named beside it)."""
    return not alone and not any(os.path.isdir(arg) for arg in paths)


def analyse_paths(
    paths: Sequence[str],
    extra_config: str | None = None,
    analyse: course_options.Analyse | None = None,
    args: argparse.Namespace | None = None,
    alone: bool = False,
) -> tuple[Analysed, int]:
    """The reports of the modules PATHs name, with the report options in ``args`` (cache,
    jobs, skipping plain scripts, ``--alone``) and the cells' line spans for SARIF and
    GitHub annotations.

    A folder named is a course, its modules in course order (with any files named beside
    it); files named one by one are each analysed in their course, only they reported; with
    ``alone`` they are one course of just those files (a single file: by itself)."""
    alone = alone or bool(getattr(args, "alone", False))
    jobs = (args.jobs or default_jobs()) if args is not None else 1
    try:
        extra = load_config(extra_config) if extra_config else None
        if not in_courses(paths, alone):
            project = project_config(paths)  # read first: a bad one is the only message
        files, problems = collect(paths, bool(args and args.skip_non_notebooks))
    except ValueError as exc:  # a configuration file or --config that cannot be used
        error(str(exc))
        return Analysed(), EXIT_INPUT
    for _, message in problems:
        error(message)
    if in_courses(paths, alone):
        from functools import partial

        from .in_course import analyse_in_courses

        analysed = analyse_in_courses(files, extra, partial(_cache, args), jobs, analyse)
    else:
        analysed = _analyse_named(paths, files, project, extra, args, jobs, analyse)
    if analysed.cache_warning:
        error(analysed.cache_warning)
    for warning in analysed.warnings:
        error(f"warning: {warning}")
    for result in analysed.results:
        if "error" in result:
            error(result["error"])
    missing = [{"path": path, "error": message, "missing": True} for path, message in problems]
    analysed.results += missing
    if analysed.internal_errors:
        return analysed, EXIT_INTERNAL
    bad = problems or any("error" in r for r in analysed.results)
    return analysed, EXIT_INPUT if bad else EXIT_OK


def _analyse_named(
    paths: Sequence[str],
    files: list[str],
    project: Any,
    extra: dict[str, Any] | None,
    args: argparse.Namespace | None,
    jobs: int,
    analyse: course_options.Analyse | None,
) -> Analysed:
    """The named paths as one course: a folder's modules, or the files of ``--alone``,
    under ``project``, the configuration file that governs the first PATH."""
    config: dict[str, Any] | None = project.analysis_overrides() or None
    if extra:
        config = {**(config or {}), **extra}
    # Files named one by one are in the author's order; a directory's modules in course order.
    listed = [str(project.root / entry) for entry in project.modules] if project.root else []
    if listed or any(os.path.isdir(arg) for arg in paths):
        from ..course.modules import course_order

        files = course_order(files, listed, os.path.realpath)
    return analyse_modules(files, config, _cache(args, project), jobs, analyse, _course(paths))
