"""``tinyscaffold report PATH...``: scaffolding reports in the terminal, as JSON or as HTML.

Exit codes (also in ``--help``):
  0  every module was analysed and every gate passed
  1  a gate failed (``--fail-under`` / ``--max-findings``)
  2  bad input: a path, a notebook or the config could not be used; the other files are
     still reported.  2 wins over 1, because a gate computed over a partial course says
     nothing reliable.

Start-up must stay fast (``tinyscaffold --help`` is used in scripts and shell completion),
so the analysis core -- and through it nbformat and jupytext -- is imported only
once there is something to analyse.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import cli_course
from .config import GRADES, default_config

EXIT_OK, EXIT_GATE, EXIT_INPUT = 0, 1, 2

EPILOG = """\
exit codes:
  0  all modules analysed, all gates passed
  1  a gate failed (--fail-under, --max-findings)
  2  bad input (missing/unreadable file, not a notebook, bad config) or a file
     that could not be analysed; the other files are still reported, and 2 wins
     over 1

examples:
  tinyscaffold report examples/activations_dev.py
  tinyscaffold report course/ --format html --output course.html
  tinyscaffold report course/ --fail-under B --max-findings 10
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tinyscaffold",
        description="Measure how well course notebooks scaffold students.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    report = sub.add_parser(
        "report",
        help="analyse notebooks and print or write a report",
        description="Analyse .ipynb files and jupytext text notebooks (files or directories).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="notebook files, or directories searched recursively (hidden directories, "
        ".ipynb_checkpoints and node_modules are skipped)",
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="text: terminal table + summary (default); json: the report, or "
        '{"version", "modules", "course"} for several; html: self-contained report card',
    )
    report.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    report.add_argument(
        "--fail-under",
        metavar="GRADE",
        type=str.upper,
        choices=GRADES,
        help="exit 1 if any module's grade is worse than GRADE (A-F)",
    )
    report.add_argument(
        "--max-findings",
        metavar="N",
        type=_non_negative,
        help="exit 1 if the Rule-of-3s findings plus cliffs over all modules exceed N",
    )
    report.add_argument(
        "--config",
        metavar="FILE.json",
        help="JSON object of threshold overrides (see SPEC.md; keys as in config.py)",
    )
    from .cli_concepts import add_parser as add_concepts_parser

    add_concepts_parser(sub)
    # -- course options (baseline, regression gate, student view): cli_course.py --
    cli_course.add_arguments(report)
    report.epilog = EPILOG + "\n" + cli_course.EPILOG

    from .cli_template import add_parser as add_template_parser

    add_template_parser(sub)
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _err(message: str) -> None:
    print(f"tinyscaffold: {message}", file=sys.stderr)


def _load_config(path: str) -> dict[str, Any]:
    """Read and validate --config up front, so a typo fails once instead of once per file."""
    from .config import merge_config

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: config is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: config must be a JSON object, got {type(data).__name__}")
    try:
        merge_config(data)
    except ValueError as exc:  # ConfigError subclasses ValueError
        raise ValueError(f"{path}: {exc}") from None
    return data


def _project_config(paths: Sequence[str]) -> Any:
    """The course configuration file (``tinyscaffold.toml`` / ``[tool.tinyscaffold]``) that
    governs the first PATH: thresholds and glossary below ``--config``, module order."""
    from .project_config import load_project_config

    return load_project_config(Path(paths[0]) if paths else Path.cwd())


def _walk(directory: Path) -> list[Path]:
    """The modules under ``directory``: jupytext pairs once, the course configuration's
    ``exclude`` globs left out, in course order (modules.py)."""
    from .modules import discover_modules
    from .project_config import load_project_config

    project = load_project_config(directory)
    return [module.path for module in discover_modules(directory, project)]


def collect(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Expand PATH arguments into notebook files; also return (path, problem) for bad ones.

    Files named explicitly are passed through unchecked: the loader gives the precise
    reason if one is missing or not a notebook.  The same file listed twice is kept once.
    """
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        target = Path(arg)
        candidates = [str(p) for p in _walk(target)] if target.is_dir() else [arg]
        if target.is_dir() and not candidates:
            problems.append((arg, f"{arg}: no notebooks found in this directory"))
        for candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, problems


def analyse_files(
    files: Sequence[str],
    config: dict[str, Any] | None,
    analyse: cli_course.Analyse | None = None,
) -> list[dict[str, Any]]:
    """``{"path", "report"}`` or ``{"path", "error"}`` per file, errors also on stderr.

    Several files are one course (``course_concepts``): in course order, a concept an
    earlier module introduced is not new later, and a use before its module is a finding.
    ``analyse`` is the public ``analyze`` unless another view is asked for (``--view``).
    """
    from . import ConfigError, NotebookLoadError, analyze, load_notebook
    from .config import merge_config
    from .course_concepts import CourseModule, analyse_course

    analyse = analyse or analyze

    loaded: list[CourseModule] = []
    errors: dict[str, str] = {}
    for path in files:
        try:
            loaded.append(CourseModule(path, load_notebook(path)))
        except NotebookLoadError as exc:
            errors[path] = str(exc) if path in str(exc) else f"{path}: {exc}"
            _err(errors[path])

    def analyse_one(module: CourseModule, known: frozenset[str]) -> dict[str, Any] | None:
        # One bad module must not cost the author the rest of the course: the one that
        # fails (a config error from notebook metadata, or a bug in the core) is named.
        try:
            return analyse(module.notebook, config, known)
        except ConfigError as exc:
            errors[module.path] = f"{module.path}: {exc}"
        except Exception as exc:
            errors[module.path] = (
                f"{module.path}: internal error ({type(exc).__name__}: {exc}); please report it"
            )
        _err(errors[module.path])
        return None

    course = analyse_course(loaded, analyse_one, merge_config(config))
    reports = {m.path: r for m, r in zip(loaded, course, strict=True) if r is not None}
    results: list[dict[str, Any]] = []
    for path in files:
        if path in errors:
            results.append({"path": path, "error": errors[path]})
        else:
            results.append({"path": path, "report": {**reports[path], "path": path}})
    return results


def _render(
    fmt: str, single: bool, results: list[dict[str, Any]], course: dict[str, Any], color: bool
) -> str:
    if fmt == "json":
        if single:
            return json.dumps(results[0]["report"], indent=2, ensure_ascii=False) + "\n"
        payload = {"version": 1, "modules": results, "course": course}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from .report_card import render_course_html, render_html

        if single:
            return render_html(results[0]["report"], results[0]["path"])
        return render_course_html(results, course)
    from .text_report import render_course, render_module

    width = shutil.get_terminal_size((100, 24)).columns
    chunks = [
        render_module(r["report"], r["path"], width=width, color=color)
        for r in results
        if "report" in r
    ]
    if not single:
        chunks.append(render_course(course["rows"], course["total"], width=width, color=color))
    return "\n".join(chunks)


def _use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _gates(args: argparse.Namespace, results: list[dict[str, Any]]) -> list[str]:
    from .course import finding_count, grade_rank

    failures: list[str] = cli_course.regression_failures(args, results)
    reports = [r for r in results if "report" in r]
    if args.fail_under:
        for r in reports:
            grade = r["report"]["summary"]["grade"]
            if grade_rank(grade) > grade_rank(args.fail_under):
                failures.append(f"{r['path']}: grade {grade} is worse than {args.fail_under}")
    if args.max_findings is not None:
        total = sum(finding_count(r["report"]) + len(r["report"]["cliffs"]) for r in reports)
        if total > args.max_findings:
            failures.append(
                f"{total} findings and cliffs, more than --max-findings {args.max_findings}"
            )
    return failures


def analysed_course(
    paths: Sequence[str],
    extra_config: str | None = None,
    analyse: cli_course.Analyse | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Reports of the modules PATHs name, as one course: ``({"path", "report" | "error"}
    per module, plus one per PATH that named nothing; EXIT_OK or EXIT_INPUT)``.

    Config layers: the course configuration file, then ``extra_config`` (--config)."""
    from .course_concepts import course_order

    try:
        project = _project_config(paths)
        config: dict[str, Any] | None = project.analysis_overrides() or None
        if extra_config:
            config = {**(config or {}), **_load_config(extra_config)}
    except ValueError as exc:
        _err(str(exc))
        return [], EXIT_INPUT
    files, problems = collect(paths)
    # Files named one by one are in the author's order; a directory's modules in course order.
    listed = [str(project.root / entry) for entry in project.modules] if project.root else []
    if listed or any(Path(arg).is_dir() for arg in paths):
        files = course_order(files, listed, os.path.realpath)
    for _, message in problems:
        _err(message)
    results = analyse_files(files, config, analyse)
    results += [{"path": path, "error": message, "missing": True} for path, message in problems]
    bad = problems or any("error" in r for r in results)
    return results, EXIT_INPUT if bad else EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from .course import course_summary, module_row
    from .course import error_row as make_error_row

    usage = cli_course.check_arguments(args)
    if usage:
        _err(usage)
        return EXIT_INPUT
    results, status = analysed_course(args.paths, args.config, cli_course.analyser(args))
    if status == EXIT_INPUT and not results:
        return EXIT_INPUT
    missing = [r for r in results if r.get("missing")]
    results = [r for r in results if not r.get("missing")]
    config = next((r["report"]["config"] for r in results if "report" in r), None)
    # -- course options: the delta to --baseline, --save-baseline (cli_course.py) --
    if not cli_course.attach_deltas(args, results, config, _err):
        status = EXIT_INPUT
    single = len(args.paths) == 1 and not Path(args.paths[0]).is_dir()
    rows = [
        module_row(r["path"], r["report"])
        if "report" in r
        else make_error_row(r["path"], r["error"])
        for r in results
    ]
    rows += [make_error_row(r["path"], r["error"]) for r in missing]
    cli_course.annotate_rows(rows, results)
    bands = (config or {}).get("grade_bands")
    course = course_summary(rows, {**default_config()["grade_bands"], **bands} if bands else None)

    if any("report" in r for r in results) or not single:
        # Files written with --output never get colour, whatever the terminal.
        color = not args.output and _use_color(sys.stdout)
        text = _render(args.format, single, results, course, color)
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                _err(f"{args.output}: cannot write: {exc.strerror or exc}")
                return EXIT_INPUT
            _err(f"wrote {args.output}")
        else:
            sys.stdout.write(text)
    if status == EXIT_INPUT:
        return EXIT_INPUT
    failures = _gates(args, results)
    for failure in failures:
        _err(f"gate failed: {failure}")
    return EXIT_GATE if failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits for --help (0) and usage errors (2)
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_INPUT
    if args.version:
        from . import __version__

        print(f"tinyscaffold {__version__}")
        return EXIT_OK
    if args.command == "concepts":
        from .cli_concepts import run_concepts

        return run_concepts(args)
    if args.command == "template":
        from .cli_template import run_template

        return run_template(args)
    if args.command != "report":
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    return run_report(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
