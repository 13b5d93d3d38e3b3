"""Concepts across a course: what earlier modules introduced is not new later, and a concept
used before the module that introduces it is a ``concept-order`` finding.

Above ``core/``: it runs the core once per module, in course order, threading the keys
introduced so far, then looks for each concept in the modules before its own.  A module
"uses" a concept where its code names it (identifiers, docstrings, comments) or where its
teaching prose does; a motivation section or a preview ("Why it matters", "Coming up in
module 5") mentions later topics on purpose and is not a use.

Course order: the configuration file's ``modules`` list first (in that order), then every
other module in natural order of its path ("module2" before "module10").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.advice import cell_advice
from ..core.concepts.keys import normalise_key, padded
from ..core.concepts.prose import teaching_text
from ..core.roles import silenced_rules
from .order_check import Later, OrderCheck

__all__ = [
    "CourseModule",
    "analyse_course",
    "course_text",
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


def _order_finding(name: str, later: str, cell_index: int, line: int | None) -> Json:
    finding: Json = {
        "rule": "concept-order",
        "severity": "warning",
        "message": f"uses “{name}” before {later} introduces it",
        "suggestion": (
            f"introduce “{name}” in this module (define it where it is first used), or move "
            f"this use after {later} in the course order"
        ),
        "cell_index": cell_index,
    }
    if line is not None:
        finding["lines"] = [line, line]
    return finding


def _first_line(cell: Mapping[str, Any], spelled: Sequence[str]) -> int | None:
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    for number, line in enumerate(source.split("\n"), start=1):
        if any(p in padded(line) for p in spelled):
            return number
    return None


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


def later_concepts(
    modules: Sequence[CourseModule], introduced: Sequence[Introduced]
) -> list[Later]:
    """Each module's concepts as the concept-order check reads them (``Later``); the modules
    after position ``at`` are ``[at + 1:]`` of it."""
    return [
        (module.path, tuple((key, *named) for key, named in found.items()))
        for module, found in zip(modules, introduced, strict=True)
    ]


def analyse_course(
    modules: Sequence[CourseModule], analyse: Analyse, config: Mapping[str, Any]
) -> list[Json | None]:
    """One report per module (same order; None where ``analyse`` failed), with course
    novelty and ``concept-order`` findings."""
    reports, knowns, introduced = thread_known(modules, analyse)
    if not config.get("rules", {}).get("concept-order", True):
        return reports
    concepts = later_concepts(modules, introduced)
    for at, report in enumerate(reports):
        if report is not None:
            check = OrderCheck(concepts[at + 1 :], max_chars=0)
            reports[at] = with_order_findings(report, modules[at].notebook, check, knowns[at])
    return reports


def course_text(cell: Mapping[str, Any]) -> str:
    """A cell's words as the course check reads them (see the module docstring)."""
    if cell.get("cell_type") == "raw":
        return ""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    if cell.get("cell_type") == "markdown":
        source = teaching_text(source)
    return padded(source)


def with_order_findings(
    report: Json,
    notebook: Mapping[str, Any],
    check: OrderCheck,
    known: frozenset[str],
    cell_text: Callable[[Mapping[str, Any]], str] = course_text,
) -> Json:
    """``report`` with a ``concept-order`` finding on the first cell that uses a concept a
    later module introduces (``check``: those concepts, indexed).  A concept this module
    introduces or knows itself is skipped: after an edit of a live notebook the later
    modules' concepts are those of the saved course (in a course analysis the skip changes
    nothing: such a concept is known later)."""
    cells = notebook.get("cells", [])
    first = check.first_cells(cell_text(cell) for cell in cells)
    if not first:
        return report
    skip = known | introduced_keys(report)
    additions: dict[int, list[Json]] = {}
    for concept in check.concepts:
        found = [first[number] for number in concept.ids if number in first]
        if not found or concept.key in skip:
            continue
        cell = min(found)
        if _silenced(report, notebook, cell):
            continue
        line = _first_line(cells[cell], concept.spelled)
        finding = _order_finding(concept.name, f"module {concept.path}", cell, line)
        additions.setdefault(cell, []).append(finding)
    return _with_findings(report, additions) if additions else report


def _silenced(report: Json, notebook: Mapping[str, Any], cell_index: int) -> bool:
    cells = report["cells"]
    if cell_index >= len(cells) or cells[cell_index]["ignored"]:
        return True
    metadata = notebook["cells"][cell_index].get("metadata") or {}
    return isinstance(metadata, Mapping) and "concept-order" in silenced_rules(metadata)


def _with_findings(report: Json, additions: Mapping[int, list[Json]]) -> Json:
    """A copy of the report with findings appended (reports share fragments: never mutate)."""
    cells = list(report["cells"])
    for index, findings in additions.items():
        merged = [*cells[index]["findings"], *findings]
        cells[index] = {**cells[index], "findings": merged, "advice": cell_advice(merged)}
    return {**report, "cells": cells}
