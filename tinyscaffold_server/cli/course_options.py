"""The CLI's course options: ``--baseline``, ``--save-baseline``, ``--fail-on-regression``
and ``--view student``.

Kept apart from ``main.py`` so that ``main.py`` only wires them in: it calls
``add_arguments`` when building the parser, ``analyser`` to pick the author or student
analysis, ``attach_deltas`` after the analysis and ``regression_failures`` among its gates.
Like ``main.py`` this module imports the analysis core only when it is used, so that
``tinyscaffold --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence

from ..core.typing_names import Any

Json = dict[str, Any]
# analyse(notebook, config, known): ``known`` = concepts earlier modules of the course introduced
Analyse = Callable[[Mapping[str, Any], "Mapping[str, Any] | None", frozenset[str]], Json]

EPILOG = """\
before and after (a baseline):
  tinyscaffold report course/ --baseline HEAD          each module vs. its last commit
  tinyscaffold report course/ --save-baseline before.json
  tinyscaffold report course/ --baseline before.json --fail-on-regression
  tinyscaffold report module.py --view student          what the student gets
"""


def add_arguments(report: argparse.ArgumentParser) -> None:
    group = report.add_argument_group("before and after, student view")
    group.add_argument(
        "--baseline",
        metavar="REF",
        help="compare with a git revision (HEAD, a branch, a commit: each module as it was "
        "there) or a JSON file written by --save-baseline; text, JSON and HTML show the delta",
    )
    group.add_argument(
        "--save-baseline",
        metavar="FILE",
        help="write the reports of this run to FILE, to compare with later (--baseline FILE)",
    )
    group.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when a module's score drops or a finding or cliff appears that the "
        "baseline did not have (needs --baseline)",
    )
    group.add_argument(
        "--view",
        choices=("author", "student"),
        default="author",
        help="author: the module as written (default); student: as nbgrader releases it "
        "(solutions replaced by stubs, hidden tests removed), with what each exercise asks "
        "the student to write",
    )


def add_alone_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--alone",
        action="store_true",
        help="analyse the named files by themselves: one file as a course of one, several as "
        "a course of just those files (by default each named file is analysed in its course, "
        "as JupyterLab analyses it: the concepts of earlier modules known, concept-order "
        "findings; a folder named is always the course)",
    )


def check_arguments(args: argparse.Namespace) -> str | None:
    """A usage problem with these options, or None."""
    if args.fail_on_regression and not args.baseline:
        return "--fail-on-regression needs --baseline REF"
    return None


def analyser(args: argparse.Namespace) -> Analyse | None:
    """The student report for ``--view student``; None for the author view (the caller's
    default, the public ``analyze``)."""
    if args.view == "student":
        from ..course.student import student_report

        return student_report
    return None


def _notebook(path: str) -> Mapping[str, Any]:
    from ..core.loading import load_notebook

    return load_notebook(path)


def attach_deltas(
    args: argparse.Namespace,
    results: list[Json],
    config: Mapping[str, Any] | None,
    err: Callable[[str], None],
    complete: bool = True,
    courses: Mapping[str, tuple[list[str], str]] | None = None,
) -> bool:
    """Add ``report["delta"]`` against ``--baseline`` and write ``--save-baseline``.

    Returns False when the baseline could not be used (bad ref, not a repository, bad
    file) or not saved: the caller exits 2.  A module missing from the baseline is "new",
    not an error.  A run in which a module could not be analysed (not ``complete``) saves
    no baseline: one without that module would make it "new" later, and pass every gate.

    ``courses``: for a file analysed in its course (``in_course.py``), the course's modules
    in course order and the file's name among them; its "before" is its course as it was
    at the ref, as ``report <course folder> --baseline REF`` compares it.
    """
    if not args.baseline and not args.save_baseline:
        return True
    from ..course.baseline import (
        BaselineError,
        load_saved,
        looks_like_file,
        saved_payload,
        saved_snapshot,
    )
    from ..course.delta import module_delta, snapshot

    analysed = [r for r in results if "report" in r]
    current = {r["path"]: snapshot(r["path"], _notebook(r["path"]), r["report"]) for r in analysed}
    ok = True
    if args.baseline:
        saved = None
        try:
            if looks_like_file(args.baseline):
                saved = load_saved(args.baseline)
        except BaselineError as exc:
            err(str(exc))
            return False
        olds: dict[str, tuple[Json | None, str | None]] = {}
        if saved is None:
            # The course as it was at the ref, analysed as one course like the current one.
            try:
                olds, problems = _git_befores(args, analysed, config, courses or {})
            except BaselineError as exc:  # a bad ref: nothing to compare with
                err(str(exc))
                return False
            for problem in problems:
                err(problem)
            ok = not problems
        for result in analysed:
            path = result["path"]
            if saved is not None:
                before, note = saved_snapshot(saved, path), None
            elif path in olds:
                before, note = olds[path]
            else:
                continue  # its problem was reported above
            delta = module_delta(before, current[path], args.baseline)
            if note:
                delta["note"] = note
            result["report"]["delta"] = delta
    if args.save_baseline:
        if not complete:
            err(f"{args.save_baseline}: not written: a module could not be analysed")
            return False
        from .output import write_file

        payload = saved_payload([_without_delta(current[r["path"]]) for r in analysed])
        try:
            write_file(args.save_baseline, json.dumps(payload, ensure_ascii=False) + "\n")
        except OSError as exc:
            err(f"{args.save_baseline}: cannot write: {exc.strerror or exc}")
            return False
        print(f"tinyscaffold: wrote baseline {args.save_baseline}", file=sys.stderr)
    return ok


def _git_befores(
    args: argparse.Namespace,
    analysed: Sequence[Json],
    config: Mapping[str, Any] | None,
    courses: Mapping[str, tuple[list[str], str]],
) -> tuple[dict[str, tuple[Json | None, str | None]], list[str]]:
    """Each analysed module's snapshot at ``--baseline`` (None: new there), by its path as
    shown, with the problems met: the modules of a named course as that course was at the
    ref, the others (a folder's modules, files named ``--alone``) as one course."""
    from ..core.analyzer import analyze
    from ..course.baseline import git_course

    analyse = analyser(args) or analyze
    plain = [r["path"] for r in analysed if r["path"] not in courses]
    groups: dict[tuple[str, ...], dict[str, str]] = {}  # course → {its name: shown}
    if plain:
        groups[tuple(plain)] = {path: path for path in plain}
    for result in analysed:
        if result["path"] in courses:
            modules, own = courses[result["path"]]
            groups.setdefault(tuple(modules), {})[own] = result["path"]
    befores: dict[str, tuple[Json | None, str | None]] = {}
    problems: list[str] = []
    for course, shown in groups.items():
        olds, found = git_course(list(course), args.baseline, config, analyse)
        problems += found
        for own, path in shown.items():
            if own in olds:
                snap, note = olds[own]
                befores[path] = ({**snap, "path": path} if snap else None, note)
    return befores, problems


def _without_delta(snap: Json) -> Json:
    report = {k: v for k, v in snap["report"].items() if k != "delta"}
    return {**snap, "report": report}


def annotate_rows(rows: list[Json], results: Sequence[Json]) -> None:
    """Give each course row the delta of its module (``score_before``, ``grade_before``,
    ``status``), so the course table and card can show it."""
    deltas = {r["path"]: r["report"].get("delta") for r in results if "report" in r}
    if not any(deltas.values()):
        return  # no baseline was asked for: nothing to import or annotate
    from ..course.delta import row_delta

    for row in rows:
        delta = deltas.get(row.get("path"))
        if delta:
            row["delta"] = row_delta(delta)


def regression_failures(args: argparse.Namespace, results: Sequence[Json]) -> list[str]:
    if not args.fail_on_regression:
        return []
    failures = []
    for result in results:
        delta = result.get("report", {}).get("delta")
        for reason in delta["regressions"] if delta else []:
            failures.append(f"{result['path']}: regression against {args.baseline}: {reason}")
    return failures
