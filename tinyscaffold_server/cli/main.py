"""``tinyscaffold report PATH...``: scaffolding reports in the terminal, as JSON or as HTML.

Exit codes (also in ``--help``, the README and ``exits.py``):
  0  every module was analysed and every gate passed
  1  a gate failed (``--fail-under`` / ``--max-findings``)
  2  bad input: a path, a notebook or the config could not be used; the other files are
     still reported.  2 wins over 1, because a gate computed over a partial course says
     nothing reliable.
  3  an internal error (a bug): one line on stderr, never a traceback unless asked for;
     3 wins over 2 and 1, so that CI tells a crash from a failed gate.

Start-up must stay fast: the CLI runs in pre-commit hooks and CI on every push.  The
analysis core is imported only once there is something to analyse that the cache does not
already hold, and jupytext (whose imports cost seconds where JupyterLab is installed) only
for a file the fast percent reader leaves to it.  See analysis.py and cache.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache

from ..core.config import GRADES, default_config
from ..core.typing_names import Any
from ..render.json_text import indented_json
from . import course_options
from .analysis import Analysed
from .cache import CACHE_DIR_ENV, CACHE_DIR_NAME
from .exits import (
    EXIT_GATE,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    debugging,
    error,
    internal_error,
)
from .output import terminal_columns, write_file, write_stdout
from .paths import analyse_paths, course_strays

TYPE_CHECKING = False  # typing's own flag would import typing (CLI start-up)
if TYPE_CHECKING:
    from typing import TextIO

EPILOG = """\
exit codes:
  0  all modules analysed, all gates passed
  1  a gate failed (--fail-under, --max-findings, --fail-on-regression)
  2  bad input (missing/unreadable file, not a notebook, bad config or baseline);
     the other files are still reported, and 2 wins over 1
  3  internal error (a bug in tinyscaffold: please report it; TINYSCAFFOLD_DEBUG=1
     prints the traceback); 3 wins over 2 and 1

examples:
  tinyscaffold report examples/activations_dev.py
  tinyscaffold report course/ --format html --output course.html
  tinyscaffold report course/ --fail-under B --max-findings 10
  tinyscaffold report course/ --format sarif -o tinyscaffold.sarif

The metrics, rules and thresholds are described in docs/METRICS.md; the course's
configuration file (tinyscaffold.toml or [tool.tinyscaffold] in pyproject.toml) that
governs the first PATH is read, and --config overrides it.
"""


class _Parser(argparse.ArgumentParser):
    """argparse's parser (and, as their class, its subcommands'), with help as wide as
    argparse makes it, but sized by ``terminal_columns``: argparse builds a formatter for
    every argument added, and its own sizing imports shutil (and the compression modules
    shutil imports), which every run would pay for."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        make: Callable[..., argparse.HelpFormatter] = self.formatter_class  # takes a width
        return make(prog=self.prog, width=terminal_columns(80) - 2)


@cache
def build_parser(only_report: bool = False) -> argparse.ArgumentParser:
    """The parser, built once per process (a resident process builds it for all its runs).
    ``only_report``: with the ``report`` sub-command alone, for a run of it, which needs
    neither the other sub-commands' arguments nor their modules."""
    parser = _Parser(
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
        choices=("text", "json", "html", "sarif", "github"),
        default="text",
        help="text: terminal table + summary (default); json: the report, or "
        '{"version", "modules", "course"} for several; html: self-contained report card; '
        "sarif: SARIF 2.1.0 for GitHub code scanning; github: ::warning annotations for "
        "GitHub Actions",
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
        help="exit 1 if the Rule-of-3s findings plus cliffs over all modules exceed N "
        "(notes, i.e. pattern suggestions and long test cells, are not counted)",
    )
    report.add_argument(
        "--config",
        metavar="FILE.json",
        help="JSON object of threshold overrides, over the course's tinyscaffold.toml "
        "(keys: docs/METRICS.md and the README's configuration table)",
    )
    course_options.add_alone_argument(report)
    report.add_argument(
        "--skip-non-notebooks",
        action="store_true",
        help="skip named files that are not notebooks (plain .py scripts) instead of "
        "reading them as notebooks; for hooks that pass every .py file",
    )
    # -- speed: cache and parallel jobs (see cache.py, analysis.py) --
    report.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the report cache",
    )
    report.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"where to keep the cache (default: ${CACHE_DIR_ENV}, else {CACHE_DIR_NAME} "
        "beside the course's configuration file, else in the current directory)",
    )
    report.add_argument(
        "--resident",
        action="store_true",
        help="hand the run to this environment's resident process, which keeps the analysis "
        "loaded (started in the background on first use; see 'tinyscaffold resident')",
    )
    report.add_argument(
        "--jobs",
        "-j",
        metavar="N",
        type=_non_negative,
        default=1,
        help="analyse modules in N processes (0: one per CPU); the output is the same",
    )
    if not only_report:
        from .concepts import add_parser as add_concepts_parser

        add_concepts_parser(sub)
    # -- course options (baseline, regression gate, student view): course_options.py --
    course_options.add_arguments(report)
    report.epilog = EPILOG + "\n" + course_options.EPILOG
    if only_report:
        return parser
    from .template import add_parser as add_template_parser

    add_template_parser(sub)
    from .resident_command import add_parser as add_resident_parser

    add_resident_parser(sub)
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _render(fmt: str, single: bool, analysed: Analysed, course: dict[str, Any], color: bool) -> str:
    results = analysed.results
    if fmt in ("sarif", "github"):
        from ..render import sarif as cli_output

        if fmt == "github":
            return cli_output.github_annotations(results, analysed.spans)
        from ..version import __version__

        return cli_output.render_sarif(results, analysed.spans, __version__)
    if fmt == "json":
        if single:
            return indented_json(results[0]["report"]) + "\n"
        payload = {"version": 1, "modules": results, "course": course}
        return indented_json(payload) + "\n"
    if fmt == "html":
        from ..render.html import render_course_html, render_html

        if single:
            return render_html(results[0]["report"], results[0]["path"])
        return render_course_html(results, course)
    from ..render.text import render_course, render_module, render_strays

    width = terminal_columns(100)
    notes, spans = analysed.notes, analysed.spans
    chunks = [
        _noted(
            notes.get(r["path"]),
            render_module(
                r["report"], r["path"], width=width, color=color, spans=spans.get(r["path"])
            ),
            width,
        )
        for r in results
        if "report" in r
    ]
    if not single:
        chunks.append(render_course(course["rows"], course["total"], width=width, color=color))
        if course.get("strays"):
            chunks.append(render_strays(course["strays"], course["exclude"], color=color))
    return "\n".join(chunks)


def _noted(note: str | None, text: str, width: int) -> str:
    """A module's text under the line that says where it was analysed (files named one by
    one: in its course, or alone and why), wrapped as the rest of the text is."""
    if not note:
        return text
    import textwrap

    return "\n".join(textwrap.wrap(note, width, subsequent_indent="  ")) + "\n" + text


def _use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _gates(args: argparse.Namespace, results: list[dict[str, Any]]) -> list[str]:
    from ..course.rows import gated_finding_count, grade_rank

    failures: list[str] = course_options.regression_failures(args, results)
    reports = [r for r in results if "report" in r]
    if args.fail_under:
        for r in reports:
            grade = r["report"]["summary"]["grade"]
            if grade_rank(grade) > grade_rank(args.fail_under):
                failures.append(f"{r['path']}: grade {grade} is worse than {args.fail_under}")
    if args.max_findings is not None:
        total = sum(gated_finding_count(r["report"]) for r in reports)
        if total > args.max_findings:
            failures.append(
                f"{total} findings and cliffs, more than --max-findings {args.max_findings} "
                "(notes not counted)"
            )
    return failures


def run_report(args: argparse.Namespace) -> int:
    from ..course.rows import course_summary, module_row
    from ..course.rows import error_row as make_error_row

    usage = course_options.check_arguments(args)
    if usage:
        error(usage)
        return EXIT_INPUT
    analysed, status = analyse_paths(args.paths, args.config, course_options.analyser(args), args)
    if status != EXIT_OK and not analysed.results:
        return status
    if not analysed.results and args.skip_non_notebooks:
        return EXIT_OK  # every named file was skipped: nothing to report, nothing failed
    missing = [r for r in analysed.results if r.get("missing")]
    analysed.results = results = [r for r in analysed.results if not r.get("missing")]
    config = next((r["report"]["config"] for r in results if "report" in r), None)
    # -- course options: the delta to --baseline, --save-baseline (course_options.py) --
    complete = status == EXIT_OK  # every module analysed: a baseline may be saved
    if not course_options.attach_deltas(args, results, config, error, complete, analysed.courses):
        status = max(status, EXIT_INPUT)
    single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
    rows = [
        module_row(r["path"], r["report"])
        if "report" in r
        else make_error_row(r["path"], r["error"])
        for r in results
    ]
    rows += [make_error_row(r["path"], r["error"]) for r in missing]
    course_options.annotate_rows(rows, results)
    bands = (config or {}).get("grade_bands")
    course = course_summary(rows, {**default_config()["grade_bands"], **bands} if bands else None)
    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        course.update(course_strays(args.paths[0], [r["path"] for r in results]))

    if any("report" in r for r in results) or not single:
        # Files written with --output never get colour, whatever the terminal.
        color = not args.output and _use_color(sys.stdout)
        text = _render(args.format, single, analysed, course, color)
        if args.output:
            try:
                write_file(args.output, text)
            except OSError as exc:
                error(f"{args.output}: cannot write: {exc.strerror or exc}")
                return EXIT_INPUT
            error(f"wrote {args.output}")
        else:
            write_stdout(text)
    if status in (EXIT_INPUT, EXIT_INTERNAL):
        return status
    failures = _gates(args, results)
    for failure in failures:
        error(f"gate failed: {failure}")
    return EXIT_GATE if failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; an exception that escapes is a bug: one line, exit 3."""
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return 130  # as the shell reports a run stopped with Ctrl-C
    except Exception as exc:
        if debugging():
            import traceback

            traceback.print_exc()
        error(internal_error(exc))
        return EXIT_INTERNAL


def _dispatch(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    # A report run parses what the full parser would: the top level's options come before
    # the command, and its usage line names none of the commands.
    parser = build_parser(only_report=list(words[:1]) == ["report"])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits for --help (0) and usage errors (2)
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_INPUT
    if args.version:
        from ..version import __version__

        print(f"tinyscaffold {__version__}")
        return EXIT_OK
    if args.command == "concepts":
        from .concepts import run_concepts

        return run_concepts(args)
    if args.command == "template":
        from .template import run_template

        return run_template(args)
    if args.command == "resident":
        from .resident_command import run_resident_command

        return run_resident_command(args)
    if args.command != "report":
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    return run_report(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
