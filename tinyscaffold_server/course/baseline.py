"""Baselines: the "before" of a before → after comparison.

A baseline is either a git revision (each module as it was there, read with
``gitrev.read_at_revision`` and analysed with the same thresholds as now) or a file written
earlier with ``tinyscaffold report ... --save-baseline FILE``: a JSON object
``{"kind": "tinyscaffold-baseline", "version": 1, "modules": [snapshot, ...]}`` where a
snapshot is ``{"path", "report", "cells": [{"id", "hash"}]}`` (see ``delta.py``).

Above ``core/``: reads files and runs git, never writes except where ``save`` is asked to.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..core.analyzer import analyze
from ..core.loading import NotebookLoadError, notebook_from_text
from ..core.typing_names import Any
from .delta import SNAPSHOT_KIND, module_delta, row_delta, snapshot
from .gitrev import GitError, read_at_revision
from .root_bound import PathRefused, RootBound
from .snapshot_shape import snapshot_problem

__all__ = ["BaselineError", "git_snapshot", "load_saved", "looks_like_file", "saved_payload"]

Json = dict[str, Any]
SAVED_VERSION = 1
Analyse = Callable[[Mapping[str, Any], "Mapping[str, Any] | None", frozenset[str]], Json]


class BaselineError(ValueError):
    """A baseline that cannot be used: bad ref, not a repository, unreadable saved file.

    ``kind`` is "ref" (a bad or unknown revision), "repo" (not in a git repository) or
    "file" (a saved baseline that cannot be used)."""

    def __init__(self, message: str, kind: str = "file") -> None:
        super().__init__(message)
        self.kind = kind


def looks_like_file(ref: str) -> bool:
    """A ``--baseline`` value naming an existing ``.json`` file is a saved report."""
    return ref.lower().endswith(".json") and os.path.isfile(ref)  # (never raises)


def git_notebook(
    path: str, ref: str, bound: RootBound | None = None
) -> tuple[Json | None, str | None]:
    """(the notebook ``path`` was at ``ref``, or None when it did not exist there; a note
    saying where it came from when that is not obvious: a rename).  ``bound``: the server's
    root, which confines what git may be asked to read (``gitrev.read_at_revision``)."""
    try:
        revision = read_at_revision(Path(path), ref, bound)
    except GitError as exc:
        raise BaselineError(str(exc), exc.kind) from None
    if revision.text is None:
        return None, None
    suffix = os.path.splitext(revision.old_path or path)[1]
    name = bound.name(path) if bound is not None else path
    try:
        notebook = notebook_from_text(revision.text, suffix, name=f"{name}@{ref}")
    except NotebookLoadError as exc:
        raise BaselineError(str(exc)) from None
    return notebook, (f"renamed from {revision.old_path}" if revision.old_path else None)


def git_snapshot(
    path: str,
    ref: str,
    config: Mapping[str, Any] | None,
    analyse: Analyse = analyze,
    bound: RootBound | None = None,
) -> tuple[Json | None, str | None]:
    """(snapshot of ``path`` at ``ref`` or None when it did not exist there, a note).

    The old version is measured with the same thresholds and ``analyse`` (author or
    student view) as the new one.  With ``bound`` the snapshot names the module relative
    to the root.
    """
    notebook, note = git_notebook(path, ref, bound)
    if notebook is None:
        return None, note
    name = bound.name(path) if bound is not None else path
    return snapshot(name, notebook, analyse(notebook, config, frozenset())), note


def git_course(
    paths: Sequence[str],
    ref: str,
    config: Mapping[str, Any] | None,
    analyse: Analyse,
    bound: RootBound | None = None,
) -> tuple[dict[str, tuple[Json | None, str | None]], list[str]]:
    """The modules ``paths`` (in course order) as they were at ``ref``, analysed as one
    course like the current ones: ({path: (snapshot, or None when new there; note)}, the
    problems of the paths left out: not a repository, or one the root's rules keep git from
    reading).  A bad ref raises."""
    from ..core.config import merge_config
    from .concepts import CourseModule
    from .context import analyse_course

    olds: dict[str, tuple[Json | None, str | None]] = {}
    problems: list[str] = []
    found: list[tuple[CourseModule, str | None]] = []
    for path in paths:
        try:
            notebook, note = git_notebook(path, ref, bound)
        except BaselineError as exc:
            if exc.kind == "ref":
                raise
            problems.append(str(exc))
            continue
        except PathRefused as exc:  # the root's rules keep git from this one
            problems.append(str(exc))
            continue
        if notebook is None:
            olds[path] = (None, None)
        else:
            found.append((CourseModule(path, notebook), note))
    reports = analyse_course(
        [module for module, _ in found],
        lambda module, known: analyse(module.notebook, config, known),
        merge_config(config),
    )
    for (module, note), report in zip(found, reports, strict=True):
        if report is not None:
            olds[module.path] = (snapshot(module.path, module.notebook, report), note)
    return olds, problems


def course_row_deltas(
    bound: RootBound,
    paths: Sequence[str],
    notebooks: Mapping[str, Json],
    reports: Mapping[str, Json],
    ref: str,
    config: Mapping[str, Any] | None,
) -> dict[str, Json | None]:
    """The course overview's delta column: per module (paths relative to the root, in
    course order) its row delta to git ``ref``, or None where git cannot say (outside a
    repository, or one whose git directory the root's rules keep git from reading).  The
    old versions are analysed as one course, like the current ones.  A bad ref raises."""
    os_paths = {path: os.path.join(bound.root, *path.split("/")) for path in paths}
    olds, _ = git_course(list(os_paths.values()), ref, config, analyze, bound)
    deltas: dict[str, Json | None] = {}
    for path, os_path in os_paths.items():
        if os_path not in olds:
            deltas[path] = None  # not in a repository
            continue
        now = snapshot(path, notebooks[path], reports[path])
        deltas[path] = row_delta(module_delta(olds[os_path][0], now, ref))
    return deltas


def saved_payload(snapshots: Sequence[Json]) -> Json:
    return {"kind": SNAPSHOT_KIND, "version": SAVED_VERSION, "modules": list(snapshots)}


def _key(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def load_saved(file: str) -> dict[str, Json]:
    """The snapshots of a ``--save-baseline`` file, keyed by normalised module path."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(
            f"{file}: cannot read: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return parse_saved(text, file)


def parse_saved(text: str, file: str) -> dict[str, Json]:
    """The snapshots of a saved baseline's text (``file`` names it in errors); every
    snapshot is checked as deeply as a delta and the renderers read it."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise BaselineError(f"{file}: not valid JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, and integers longer than Python converts
        raise BaselineError(f"{file}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("kind") != SNAPSHOT_KIND:
        raise BaselineError(
            f"{file}: not a tinyscaffold baseline (write one with --save-baseline FILE)"
        )
    if data.get("version") != SAVED_VERSION:
        raise BaselineError(f"{file}: baseline version {data.get('version')!r} is not supported")
    modules = data.get("modules")
    if not isinstance(modules, list):
        raise BaselineError(f"{file}: 'modules' must be a list of {{path, report, cells}}")
    for at, module in enumerate(modules):
        problem = snapshot_problem(module)
        if problem is not None:
            raise BaselineError(f"{file}: modules[{at}]: {problem}")
    return {_key(m["path"]): m for m in modules}


def saved_snapshot(saved: Mapping[str, Json], path: str) -> Json | None:
    """The snapshot saved for ``path``; else the only one with the same file name (a
    baseline saved from another working directory names the modules differently)."""
    found = saved.get(_key(path))
    if found is not None:
        return found
    name = _key(path).rsplit("/", 1)[-1]
    same = [snap for key, snap in saved.items() if key.rsplit("/", 1)[-1] == name]
    return same[0] if len(same) == 1 else None


def slim(snap: Mapping[str, Any]) -> Json:
    """Only what a delta reads, so that the browser can hold a baseline and send it back
    with every comparison cheaply (about 100 bytes per cell instead of kilobytes)."""
    report = snap["report"]
    summary = report["summary"]
    cells = [
        {
            "cell_type": cell["cell_type"],
            "complexity": cell["complexity"],
            "new_concepts": list(cell["new_concepts"]),
            "findings": [
                {key: f[key] for key in ("rule", "cell_index", "message")} for f in cell["findings"]
            ],
        }
        for cell in report["cells"]
    ]
    slim_report: Json = {
        "cells": cells,
        "cliffs": list(report["cliffs"]),
        "summary": {
            "scaffolding": {"score": summary["scaffolding"]["score"]},
            "grade": summary["grade"],
            "pct_high": summary["pct_high"],
        },
    }
    if "student" in report:  # a few numbers per exercise: the student view's "before"
        slim_report["student"] = report["student"]
    return {"path": snap["path"], "cells": list(snap["cells"]), "report": slim_report}


def check_snapshot(value: Any) -> Json:
    """A snapshot sent back by a client, checked deeply enough for ``module_delta``."""
    problem = snapshot_problem(value)
    if problem is not None:
        raise BaselineError(
            f"the baseline is not a snapshot from GET /tinyscaffold/baseline ({problem})"
        )
    return dict(value)


def compare_live(
    notebook: Mapping[str, Any],
    path: str,
    config: Mapping[str, Any] | None,
    before: Json | None,
    baseline: str | None,
    analyse: Analyse = analyze,
) -> Json:
    """The report of the live notebook with its ``delta`` against ``before`` (when a
    ``baseline`` is named; ``before`` None means the module is new there)."""
    report = analyse(notebook, config, frozenset())
    if baseline is not None:
        report["delta"] = module_delta(before, snapshot(path, notebook, report), baseline)
    return report
