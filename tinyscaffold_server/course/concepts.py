"""Concepts across a course: what earlier modules introduced is not new later, and a concept
an earlier module relies on before the module that explains it is a ``concept-order``
finding (the rule itself: ``concept_order.py``).

Above ``core/``: it runs the core once per module, in course order, threading the keys
introduced so far; each module is then checked against the concepts of the modules after it
(``course/context.py`` keeps that check per module for the live notebook).

Course order: the configuration file's ``modules`` list first (in that order), then every
other module in natural order of its path ("module2" before "module10").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..core.advice import cell_advice
from ..core.concepts.keys import normalise_key
from ..core.typing_names import Any
from .concept_order import Later, OrderCheck, module_findings, taught

__all__ = [
    "CourseModule",
    "introduced_keys",
    "later_concepts",
    "thread_known",
    "with_order_findings",
]

Json = dict[str, Any]
# The core's analysis of one module given the keys known before it; None where it failed
# (the caller reports why, and the course goes on without that module).
Analyse = Callable[["CourseModule", frozenset[str]], "Json | None"]


@dataclass(frozen=True)
class CourseModule:
    path: str  # as the user named it (CLI) or relative to the server root
    notebook: Mapping[str, Any]


def _introduced(report: Json) -> dict[str, tuple[str, tuple[str, ...]]]:
    """key → (name, spelling keys) of every concept the report introduces."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for cell in report["cells"]:
        for concept in cell["concepts"]:
            spellings = (concept["name"], *concept["aliases"])
            found[concept["key"]] = (concept["name"], spellings)
    return found


def introduced_keys(report: Json) -> set[str]:
    """The concept keys (and the keys of their spellings) a module's report introduces:
    what later modules of the course take as known."""
    keys: set[str] = set()
    for key, (_, spellings) in _introduced(report).items():
        keys.add(key)
        keys.update(k for k in map(normalise_key, spellings) if k)
    return keys


Introduced = dict[str, tuple[str, tuple[str, ...]]]  # key → (name, spelling keys)


def thread_known(
    modules: Sequence[CourseModule], analyse: Analyse
) -> tuple[list[Json | None], list[frozenset[str]], list[Introduced]]:
    """Each module analysed in course order with the keys earlier modules introduced:
    (reports, None where ``analyse`` failed; the keys known before each module; what each
    module introduces)."""
    known: set[str] = set()
    reports: list[Json | None] = []
    knowns: list[frozenset[str]] = []
    introduced: list[Introduced] = []
    for module in modules:
        before = frozenset(known)
        knowns.append(before)
        report = analyse(module, before)
        reports.append(report)
        introduced.append(_introduced(report) if report is not None else {})
        if report is not None:
            known |= introduced_keys(report)
    return reports, knowns, introduced


def later_concepts(modules: Sequence[CourseModule], reports: Sequence[Json | None]) -> list[Later]:
    """Each module's concepts as the concept-order check reads them (``concept_order.Later``);
    the modules after position ``at`` are ``[at + 1:]`` of it."""
    return [
        (module.path, tuple(taught(report)) if report is not None else ())
        for module, report in zip(modules, reports, strict=True)
    ]


def with_order_findings(
    report: Json,
    notebook: Mapping[str, Any],
    check: OrderCheck,
    known: frozenset[str],
    relied_before: frozenset[str] = frozenset(),
) -> tuple[Json, frozenset[str]]:
    """(``report`` with its ``concept-order`` findings, the later concepts its prose relies
    on).  A concept this module introduces or knows itself is skipped: after an edit of a
    live notebook the later modules' concepts are those of the saved course (in a course
    analysis the skip changes nothing: such a concept is known later).  ``relied_before``:
    what earlier modules' prose already relies on (their finding stands for this one)."""
    if not check.later:
        return report, frozenset()
    skip = known | introduced_keys(report)
    additions, prose = module_findings(report, notebook, check, frozenset(skip), relied_before)
    return (_with_findings(report, additions) if additions else report), prose


def _with_findings(report: Json, additions: Mapping[int, list[Json]]) -> Json:
    """A copy of the report with findings appended (reports share fragments: never mutate)."""
    cells = list(report["cells"])
    for index, findings in additions.items():
        merged = [*cells[index]["findings"], *findings]
        cells[index] = {**cells[index], "findings": merged, "advice": cell_advice(merged)}
    return {**report, "cells": cells}
