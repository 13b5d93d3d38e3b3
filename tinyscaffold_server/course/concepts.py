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
from ..core.concepts.keys import normalise_key, padded, phrases
from ..core.concepts.prose import teaching_text
from ..core.roles import silenced_rules

__all__ = ["CourseModule", "analyse_course", "introduced_keys"]

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


def _cell_texts(notebook: Mapping[str, Any]) -> list[str]:
    """Per cell, its words as the course check reads them (see the module docstring)."""
    texts = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            source = teaching_text(source)
        texts.append(padded(source) if cell.get("cell_type") != "raw" else "")
    return texts


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


def analyse_course(
    modules: Sequence[CourseModule], analyse: Analyse, config: Mapping[str, Any]
) -> list[Json | None]:
    """One report per module (same order; None where ``analyse`` failed), with course
    novelty and ``concept-order`` findings."""
    known: set[str] = set()
    reports: list[Json | None] = []
    introduced: list[dict[str, tuple[str, tuple[str, ...]]]] = []
    for module in modules:
        report = analyse(module, frozenset(known))
        reports.append(report)
        found = _introduced(report) if report is not None else {}
        introduced.append(found)
        if report is not None:
            known |= introduced_keys(report)
    if not config.get("rules", {}).get("concept-order", True):
        return reports
    texts = [_cell_texts(module.notebook) for module in modules]
    for at, report in enumerate(reports):
        if report is None:
            continue
        additions: dict[int, list[Json]] = {}
        for later in range(at + 1, len(modules)):
            for name, spellings in introduced[later].values():
                spelled = phrases(spellings)
                cell = next(
                    (i for i, text in enumerate(texts[at]) if any(p in text for p in spelled)),
                    None,
                )
                if cell is None or _silenced(report, modules[at].notebook, cell):
                    continue
                source_cell = modules[at].notebook["cells"][cell]
                line = _first_line(source_cell, spelled)
                finding = _order_finding(name, f"module {modules[later].path}", cell, line)
                additions.setdefault(cell, []).append(finding)
        if additions:
            reports[at] = _with_findings(report, additions)
    return reports


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
