"""Concepts across a course: what earlier modules introduced is not new later, and a concept
an earlier module relies on before the module that explains it is a ``concept-order``
finding (the rule itself: ``concept_order.py``).

Above ``core/``: it runs the core once per module, in course order, threading the keys
introduced so far.

Course order: the configuration file's ``modules`` list first (in that order), then every
other module in natural order of its path ("module2" before "module10").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.concepts.keys import normalise_key
from .concept_order import order_findings

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


def analyse_course(
    modules: Sequence[CourseModule], analyse: Analyse, config: Mapping[str, Any]
) -> list[Json | None]:
    """One report per module (same order; None where ``analyse`` failed), with course
    novelty and ``concept-order`` findings."""
    known: set[str] = set()
    reports: list[Json | None] = []
    for module in modules:
        report = analyse(module, frozenset(known))
        reports.append(report)
        if report is not None:
            known |= introduced_keys(report)
    if not config.get("rules", {}).get("concept-order", True):
        return reports
    paths = [module.path for module in modules]
    additions = order_findings([module.notebook for module in modules], paths, reports)
    return [
        _with_findings(report, added) if report is not None and added else report
        for report, added in zip(reports, additions, strict=True)
    ]


def _with_findings(report: Json, additions: Mapping[int, list[Json]]) -> Json:
    """A copy of the report with findings appended (reports share fragments: never mutate)."""
    cells = list(report["cells"])
    for index, findings in additions.items():
        cells[index] = {**cells[index], "findings": [*cells[index]["findings"], *findings]}
    return {**report, "cells": cells}
