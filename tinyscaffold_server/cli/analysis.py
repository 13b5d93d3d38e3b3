"""The CLI's analysis of a course's modules: report cache and parallel jobs.

The modules of one run are one course (``course/concepts.py``): in course order, a concept an
earlier module introduced is not new later.  A module's report therefore depends on its
bytes, the effective configuration and the concept keys known before it; the cache key
holds all three (plus the installed code, see ``cache.py``).

``--jobs N`` keeps that order exact while using N processes.  Module k is given to worker
k mod N, which analyses it once as if it came first; the known keys each module would see
follow from those reports; each worker then analyses its modules again with those keys,
which only re-runs the cheap course-wide pass because the worker still holds every cell's
result.  The course is then assembled in order as without jobs, and any report computed
for keys other than the ones the course order gives is recomputed in this process, so the
output is always that of ``--jobs 1``.

Only what the run needs is imported: a run whose reports all come from the cache never
imports the analysis core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..core.typing_names import Any
from .cache import ReportCache
from .exits import debugging, internal_error

__all__ = ["Analysed", "analyse_modules", "default_jobs"]

# Per cell: [marker line or None, first line, last line, the file line of its source line 1].
Spans = list[list[int | None]]
Json = dict[str, Any]
# The analysis of one notebook: the public ``analyze``, or another view (``--view student``).
Analyse = Callable[[Mapping[str, Any], "Mapping[str, Any] | None", frozenset[str]], Json]


class Analysed:
    """What the CLI renders: ``results`` ({"path", "report"} or {"path", "error"}, in the
    order of the files) and, per path, where each cell sits in its text file.

    (A plain class: importing dataclasses costs a cached run more than its analysis.)"""

    def __init__(self, cache_warning: str | None = None) -> None:
        self.results: list[Json] = []
        self.spans: dict[str, Spans | None] = {}
        self.cache_warning = cache_warning
        self.internal_errors = 0  # modules whose analysis crashed (a bug: exit 3)
        # Files named one by one (``in_course.py``): the one line the text output shows
        # above a module (where it was analysed, or why alone), and per path its course's
        # modules in course order with its own name among them (for ``--baseline``).
        self.notes: dict[str, str] = {}
        self.courses: dict[str, tuple[list[str], str]] = {}
        self.warnings: list[str] = []  # other modules of a course that could not be used


def _keep_word_tables(directory: Path | None) -> None:
    """Before the first analysis of a run: concept detection's prepared word tables come
    from, and go to, the cache directory (``--no-cache``: prepared in memory only), and
    are prepared in a thread while the run loads the notebook and imports the analysis."""
    from ..core.concepts import lexicon

    if directory is not None:
        from .cache import WordTableStore

        store = WordTableStore(directory)
        lexicon.install_table_store(store.load, store.save)
    lexicon.prepare_early()


def _spans(path: str, data: bytes, notebook: Mapping[str, Any]) -> Spans | None:
    """Line spans of a text notebook's cells (the caller asks only for views whose cells
    are the file's cells: the student view removes hidden tests); where the fast reader
    left the file to jupytext, the cells jupytext read are found in the file."""
    if not path.lower().endswith(".py"):
        return None
    from ..core.percent_reader import cell_spans

    text = data.decode("utf-8-sig", errors="replace")
    spans = cell_spans(text)
    if spans is None:
        from ..core.aligned_spans import aligned_spans

        spans = aligned_spans(text, notebook.get("cells") or [])
    if spans is None:
        return None
    return [[s.marker_line, s.first_line, s.last_line, s.file_line(1)] for s in spans]


def _analyse(
    notebook: Mapping[str, Any],
    path: str,
    config: Any,
    known: frozenset[str],
    analyse: Analyse | None = None,
) -> Json:
    """``{"report"}`` or ``{"error"}``: one bad module must not cost the rest of the course."""
    from ..core import analyzer
    from ..core.config import ConfigError

    try:
        return {"report": (analyse or analyzer.analyze)(notebook, config, known)}
    except ConfigError as exc:  # from the notebook's own metadata
        return {"error": f"{path}: {exc}"}
    except RecursionError:  # code or metadata nested deeper than Python's stack
        return {"error": f"{path}: nested too deeply to analyse"}
    except Exception as exc:  # a bug in the core: name the module, go on with the others
        if debugging():
            import traceback

            traceback.print_exc()
        return {"error": internal_error(exc, path), "internal": True}


def _worker(connection: Any, cache_directory: Path | None) -> None:
    """A ``--jobs`` process: analyses the modules it is sent, keeping their notebooks (and,
    in the core's per-cell cache, their cells) for the second, course-aware request."""
    from ..core.loading import notebook_from_bytes

    _keep_word_tables(cache_directory)
    notebooks: dict[int, Any] = {}
    while True:
        request = connection.recv()
        if request is None:
            return
        index, path, data, config, known, analyse = request
        if data is not None:
            notebooks[index] = notebook_from_bytes(path, data)
        connection.send(_analyse(notebooks[index], path, config, frozenset(known), analyse))


def _precompute(
    modules: Sequence[tuple[str, bytes]],
    config: Any,
    jobs: int,
    analyse: Analyse | None,
    cache_directory: Path | None,
) -> dict[tuple[int, frozenset[str]], Json]:
    """Reports computed in ``jobs`` processes, by (module index, known keys)."""
    import multiprocessing

    from ..core.concepts import lexicon
    from ..course.concepts import introduced_keys

    lexicon.settle()  # no thread of the word tables running when the workers fork
    context = multiprocessing.get_context()
    pipes, workers = [], []
    for _ in range(min(jobs, len(modules))):
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, cache_directory), daemon=True)
        process.start()
        pipes.append(parent)
        workers.append(process)
    found: dict[tuple[int, frozenset[str]], Json] = {}
    try:
        for index, (path, data) in enumerate(modules):
            pipes[index % len(pipes)].send((index, path, data, config, (), analyse))
        first = [pipes[index % len(pipes)].recv() for index in range(len(modules))]
        known: set[str] = set()
        chain = []
        for index, outcome in enumerate(first):
            chain.append(frozenset(known))
            found[(index, frozenset())] = outcome
            if "report" in outcome:
                known |= introduced_keys(outcome["report"])
        again = [index for index, keys in enumerate(chain) if keys]
        for index in again:
            path, _ = modules[index]
            request = (index, path, None, config, tuple(chain[index]), analyse)
            pipes[index % len(pipes)].send(request)
        for index in again:
            found[(index, chain[index])] = pipes[index % len(pipes)].recv()
    finally:
        for pipe in pipes:
            pipe.send(None)
        for process in workers:
            process.join()
    return found


def analyse_modules(
    files: Sequence[str],
    config: Mapping[str, Any] | None,
    cache: ReportCache | None,
    jobs: int,
    analyse: Analyse | None = None,
    course: tuple[str | None, str] = (None, "paths"),
) -> Analysed:
    """Analyse ``files`` (already in course order) as one course; ``analyse`` is the public
    ``analyze`` unless another view is asked for (``--view``); ``course``: the reports'
    course root and source (``course/context.py``)."""
    from ..core.config import merge_config

    effective: Json = {"config": merge_config(config), "view": _view(analyse)}
    if len(files) == 1:
        return _analyse_alone(files[0], config, effective, cache, analyse)
    from ..core.loading import NotebookLoadError, notebook_from_bytes, read_notebook_bytes

    errors: dict[str, str] = {}
    raw: dict[str, bytes] = {}
    for path in files:
        try:
            raw[path] = read_notebook_bytes(path)
        except NotebookLoadError as exc:
            errors[path] = str(exc) if path in str(exc) else f"{path}: {exc}"
    where = {**effective, "course": list(course)}
    course_key = _course_key(cache, files, raw, where) if cache and not errors else None
    whole = cache.get_course(course_key) if cache and course_key else None
    if whole is not None:  # no module changed: nor did the course-wide findings
        analysed = Analysed(cache_warning=cache.warning if cache else None)
        analysed.results, analysed.spans = whole["results"], whole["spans"]
        return analysed

    from ..course.concepts import CourseModule
    from ..course.context import course_analysis

    loaded: list[CourseModule] = []
    for path, data in raw.items():
        try:
            loaded.append(CourseModule(path, notebook_from_bytes(path, data)))
        except NotebookLoadError as exc:
            errors[path] = str(exc) if path in str(exc) else f"{path}: {exc}"

    spans: dict[str, Spans | None] = {}
    positions = {module.path: at for at, module in enumerate(loaded)}
    computed: dict[tuple[int, frozenset[str]], Json] = {}
    directory = cache.directory if cache is not None else None
    _keep_word_tables(directory)  # (the course layer has imported the lexicon already)
    if jobs > 1 and len(loaded) > 1:
        modules = [(m.path, raw[m.path]) for m in loaded]
        computed = _precompute(modules, config, jobs, analyse, directory)

    crashed = 0

    def analyse_one(module: CourseModule, known: frozenset[str]) -> Json | None:
        nonlocal crashed
        path = module.path
        key = _cache_key(cache, raw[path], effective, known) if cache is not None else None
        entry = cache.get(key) if cache is not None and key is not None else None
        if entry is None:
            entry = computed.get((positions[path], known))
            if entry is None:
                entry = _analyse(module.notebook, path, config, known, analyse)
            if "report" in entry:
                found = _spans(path, raw[path], module.notebook) if analyse is None else None
                entry = {**entry, "spans": found}
                if cache is not None and key is not None:
                    cache.put(key, entry)
        if "error" in entry:
            errors[path] = entry["error"]
            crashed += bool(entry.get("internal"))
            return None
        spans[path] = entry.get("spans")
        report: Json = entry["report"]
        return report

    root, source = course
    # The student view's cells are not the file's: its reports take only the known concepts
    # (course findings name the author's cells), as the server's student view does.
    reports, _ = course_analysis(
        loaded, analyse_one, effective["config"], root, source, files, analyse is None
    )
    by_path = {m.path: r for m, r in zip(loaded, reports, strict=True) if r is not None}
    analysed = Analysed(cache_warning=cache.warning if cache is not None else None)
    analysed.internal_errors = crashed
    for path in files:
        if path in by_path:
            analysed.results.append({"path": path, "report": {**by_path[path], "path": path}})
            analysed.spans[path] = spans.get(path)
        else:
            analysed.results.append({"path": path, "error": errors[path]})
    if cache is not None and course_key and not errors:
        cache.put(course_key, {"results": analysed.results, "spans": analysed.spans})
    return analysed


def _course_key(
    cache: ReportCache, files: Sequence[str], raw: Mapping[str, bytes], effective: Json
) -> str:
    """The entry of a whole course: every module's path and bytes, in course order."""
    parts = [f"{path}\0{cache.digest(raw[path])}" for path in files]
    # surrogatepass: a file name that is not UTF-8 is still a key of its own
    return cache.key(
        "\n".join(parts).encode("utf-8", "surrogatepass"), {**effective, "entry": "course"}
    )


def _view(analyse: Analyse | None) -> str:
    """Which analysis made a report, for the cache key: "analyze" or e.g. the student view."""
    return "analyze" if analyse is None else f"{analyse.__module__}.{analyse.__qualname__}"


def _cache_key(cache: ReportCache, data: bytes, effective: Json, known: frozenset[str]) -> str:
    return cache.key(data, {**effective, "known": sorted(known)})


def _analyse_alone(
    path: str,
    config: Mapping[str, Any] | None,
    effective: Json,
    cache: ReportCache | None,
    analyse: Analyse | None,
) -> Analysed:
    """One module is a course of one: nothing is known before it and no later module can
    make a use early, so ``analyse_course`` would return its report unchanged.  Going
    straight to the cache spares a cached run loading the notebook and the course layer."""
    from ..core.loading import NotebookLoadError, notebook_from_bytes, read_notebook_bytes

    analysed = Analysed()
    try:
        data = read_notebook_bytes(path)
        key = _cache_key(cache, data, effective, frozenset()) if cache is not None else None
        entry = cache.get(key) if cache is not None and key is not None else None
        if entry is None:
            _keep_word_tables(cache.directory if cache is not None else None)
            notebook = notebook_from_bytes(path, data)
            entry = _analyse(notebook, path, config, frozenset(), analyse)
            if "report" in entry:
                entry = {
                    **entry,
                    "spans": _spans(path, data, notebook) if analyse is None else None,
                }
                if cache is not None and key is not None:
                    cache.put(key, entry)
    except NotebookLoadError as exc:
        entry = {"error": str(exc) if path in str(exc) else f"{path}: {exc}"}
    analysed.cache_warning = cache.warning if cache is not None else None
    if "error" in entry:
        analysed.results.append({"path": path, "error": entry["error"]})
        analysed.internal_errors = int(bool(entry.get("internal")))
    else:
        analysed.results.append({"path": path, "report": {**entry["report"], "path": path}})
        analysed.spans[path] = entry.get("spans")
    return analysed


def default_jobs() -> int:
    """``--jobs 0``: one process per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
