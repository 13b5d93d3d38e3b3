"""A module in its course: what the analysis of one module needs from the rest of the course,
so that a live notebook is measured exactly like its row of the course.

``course_analysis`` analyses a course (``concepts.thread_known``) and keeps, per module, a
``ModuleContext``: the concept keys earlier modules introduce, the concepts later modules
introduce (for ``concept-order``) and where the module stands.  ``in_context`` applies a
context to a report of the module: the course findings and the report's ``course`` section.
The server computes the contexts once per course (off the event loop) and applies one to
every live analysis of an open module; the course overview and the CLI apply them to the
saved files.  Both go through ``in_context``, so until the author edits, the numbers agree.

Pure: no I/O (the caller lists and reads the modules).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..core.config import merge_config
from ..core.typing_names import Any
from .concept_order import Later, OrderCheck
from .concepts import Analyse, CourseModule, later_concepts, thread_known, with_order_findings

__all__ = [
    "ModuleContext",
    "analyse_course",
    "analysed_in",
    "course_analysis",
    "course_section",
    "in_context",
]

Json = dict[str, Any]
# The analysis of one notebook (``core.analyzer.analyze``, or the student view): notebook,
# configuration, the concept keys known before it.
NotebookAnalysis = Callable[[Mapping[str, Any], "Mapping[str, Any] | None", frozenset[str]], Json]


class ModuleContext:
    """One module's place in its course (small: the server keeps one per module of a course;
    the index of the later modules' concepts is built when a live analysis first needs it)."""

    __slots__ = (
        "_check", "known", "known_from", "later", "modules", "position", "relied_before",
        "root", "source",
    )  # fmt: skip

    def __init__(
        self,
        root: str | None,
        source: str,
        position: int,
        modules: int,
        known: frozenset[str],
        known_from: tuple[tuple[str, int], ...],
        later: tuple[Later, ...],
        relied_before: frozenset[str] = frozenset(),
    ) -> None:
        # The course folder: relative to the server root; as named on the command line; None
        # for a list of paths named on the command line.
        self.root = root
        # "config" | "git" | "folder" (course_root.locate_course) | "paths" (a CLI list)
        self.source = source
        self.position = position  # 1-based, in course order
        self.modules = modules  # modules in the course
        self.known = known  # concept keys the earlier modules introduce
        self.known_from = known_from  # (earlier module, concepts it introduces)
        self.later = later  # the concepts each later module introduces
        # later concepts an earlier module's prose relies on: the finding is that module's
        self.relied_before = relied_before
        self._check: OrderCheck | None = None

    def order_check(self) -> OrderCheck:
        """The later modules' concepts ready for the check, kept with the context with what
        each cell relies on (threads racing on the first call build it twice, harmlessly)."""
        if self._check is None:
            self._check = OrderCheck(self.later)
        return self._check


def course_section(context: ModuleContext) -> Json:
    """The report's ``course`` section (report.schema.json)."""
    return {
        "root": context.root,
        "source": context.source,
        "position": context.position,
        "modules": context.modules,
        "known_concepts": sum(count for _, count in context.known_from),
        "known_from": [{"path": path, "concepts": count} for path, count in context.known_from],
    }


def in_context(
    report: Json,
    notebook: Mapping[str, Any],
    context: ModuleContext,
    config: Mapping[str, Any],
    once: bool = False,
) -> Json:
    """``report`` (analysed with ``context.known``) with its course findings and section.

    A caller that analyses the same notebook again and again (the live path) keeps the
    context's check, which remembers what each cell relies on; a course analysis (``once``)
    builds the check for one use, so that a course of many modules does not keep one per
    module."""
    return _in_context(report, notebook, context, config, once)[0]


def _in_context(
    report: Json,
    notebook: Mapping[str, Any],
    context: ModuleContext,
    config: Mapping[str, Any],
    once: bool,
) -> tuple[Json, frozenset[str]]:
    """``in_context``, and the later concepts the module's prose relies on."""
    prose: frozenset[str] = frozenset()
    if config.get("rules", {}).get("concept-order", True) and context.later:
        check = OrderCheck(context.later, max_chars=0) if once else context.order_check()
        report, prose = with_order_findings(
            report, notebook, check, context.known, context.relied_before
        )
    return {**report, "course": course_section(context)}, prose


def analysed_in(
    context: ModuleContext | None, analyse: NotebookAnalysis, findings: bool = True
) -> NotebookAnalysis:
    """``analyse`` in the module's course: with the concepts its course knows before it and,
    with ``findings``, its course findings and section (a view whose cells are not the
    notebook's, the student's, takes only the known concepts).  Alone without a context."""
    if context is None:
        return analyse

    def in_course(notebook: Mapping[str, Any], config: Mapping[str, Any] | None, _: Any) -> Json:
        report = analyse(notebook, config, context.known)
        if not findings:
            return report
        return in_context(report, notebook, context, merge_config(config))

    return in_course


def course_analysis(
    modules: Sequence[CourseModule],
    analyse: Analyse,
    config: Mapping[str, Any],
    root: str | None,
    source: str,
    order: Sequence[str] = (),
    findings: bool = True,
) -> tuple[list[Json | None], list[ModuleContext]]:
    """Every module's report in its course (None where ``analyse`` failed) and its context.

    ``order``: every module of the course in course order, those that could not be read
    included, when there are such (positions count them, as the course rows do).  Without
    ``findings`` (a view whose cells are not the notebook's, the student's) the reports take
    only the known concepts, as ``analysed_in`` gives them."""
    reports, knowns, introduced = thread_known(modules, analyse)
    contexts: list[ModuleContext] = []
    known_from: list[tuple[str, int]] = []
    concepts = later_concepts(modules, reports)
    relied: frozenset[str] = frozenset()  # later concepts earlier modules' prose relies on
    paths = list(order) or [module.path for module in modules]
    for at, module in enumerate(modules):
        context = ModuleContext(
            root,
            source,
            paths.index(module.path) + 1,
            len(paths),
            knowns[at],
            tuple(known_from),
            tuple(concepts[at + 1 :]),
            relied,
        )
        contexts.append(context)
        report = reports[at]
        if report is not None:
            known_from.append((module.path, len(introduced[at])))
            if findings:
                reports[at], prose = _in_context(report, module.notebook, context, config, True)
                relied |= prose
    return reports, contexts


def analyse_course(
    modules: Sequence[CourseModule], analyse: Analyse, config: Mapping[str, Any]
) -> list[Json | None]:
    """``course_analysis`` without the ``course`` sections: one report per module (None
    where ``analyse`` failed), with course novelty and ``concept-order`` findings (a course
    as it was at a git revision, which has no place of its own to report)."""
    reports, _ = course_analysis(modules, analyse, config, None, "paths")
    return [
        None if report is None else {k: v for k, v in report.items() if k != "course"}
        for report in reports
    ]
