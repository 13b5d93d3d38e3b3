"""The two pattern parts of the scaffolding score, next to G F L B P (SPEC 7, extended).

- **C concept bridges**: the mean, over the concepts that deserve a bridge, of the share of
  the four parts (analogy, math, code, why) found; not applicable without such concepts.
- **T test quality**: the mean rating of the test cells (see :mod:`.test_quality`); not
  applicable without test cells.

Ladders are not a part of their own: a module that splits its hard implementations into
rungs is rewarded through B (blocks) and P (progression), which long blocks and cliffs pull
down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..metrics import counted
from ..typing_names import Any
from .bridges import PARTS

Json = dict[str, Any]


def _cells(indexes: Sequence[int], limit: int = 6) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")


def _part(value: float | None, why: str, cells: list[int]) -> Json:
    return {"value": None if value is None else round(value, 4), "why": why, "cells": cells}


def bridge_part(section: Mapping[str, Any]) -> tuple[Json, str]:
    """(the C part, a detail naming what the weakest bridges lack)."""
    found = section["bridges"]
    if not found:
        return _part(None, "no concept implemented in a solution cell: not applicable", []), ""
    complete = [b for b in found if not b["missing"]]
    weak = [b for b in found if b["missing"]]
    value = sum(b["score"] for b in found) / len(found)
    # Every bridge has four parts, so the mean of the bridges' shares is parts found / parts.
    parts_found = sum(len(PARTS) - len(b["missing"]) for b in found)
    why = (
        f"{parts_found} of {len(PARTS) * len(found)} bridge parts (analogy, math, code, why)"
        f" over {counted(len(found), 'implemented concept')}; {len(complete)} with all four"
    )
    cells = sorted({b["introduced_in"] for b in weak})
    detail = "; ".join(f"{b['name']} lacks {', '.join(b['missing'])}" for b in weak[:4])
    return _part(value, why, cells), detail


def test_part(section: Mapping[str, Any]) -> tuple[Json, str]:
    """(the T part, a detail naming the most common missing qualities)."""
    ratings = section["tests"]
    if not ratings:
        return _part(None, "no test cells: not applicable", []), ""
    value = sum(r["rating"] for r in ratings) / len(ratings)
    weak = [r["cell_index"] for r in ratings if r["rating"] < 1]
    builders = sum(1 for r in ratings if r["criteria"]["confidence_builder"])
    firsts = sum(1 for r in ratings if r["criteria"]["confidence_builder"] is not None)
    # T is the mean rating, and a rating is the share of a cell's criteria it meets (the
    # confidence builder counts for the first test of a solution only): the why says so, and
    # counts the cells that meet all of theirs (rating 1).
    why = (
        f"mean over {counted(len(ratings), 'test cell')} of the share of its criteria each"
        f" meets; {len(ratings) - len(weak)} with all met; a confidence builder first in"
        f" {builders} of {counted(firsts, 'solution')}"
    )
    lacking: dict[str, int] = {}
    for rating in ratings:
        for name, met in rating["criteria"].items():
            if met is False:
                lacking[name] = lacking.get(name, 0) + 1
    labels = {
        "docstring": "a docstring",
        "assert_messages": "assert messages",
        "explains": "a printed explanation",
        "in_order": "easy \u2192 hard order",
        "confidence_builder": "a confidence builder first",
    }
    detail = ", ".join(
        f"{labels[name]} ({count} cell{'s' if count > 1 else ''})"
        for name, count in sorted(lacking.items(), key=lambda item: -item[1])
    )
    return _part(value, why, weak), detail


# C, its detail, T, its detail, and the solution cells that still hold a template's blanks
# (left out of G, F and B until they are filled: a blank earns nothing)
Parts = tuple[Json, str, Json, str, frozenset[int]]


def parts(section: Mapping[str, Any], unfilled: frozenset[int] = frozenset()) -> Parts:
    bridges, bridges_detail = bridge_part(section)
    tests, tests_detail = test_part(section)
    return bridges, bridges_detail, tests, tests_detail, unfilled


NOT_APPLICABLE: Parts = parts({"bridges": [], "ladders": [], "tests": []})


def recommendation(name: str, cells: Sequence[int], detail: str) -> str:
    if name == "C":
        return (
            "complete the concept bridges (analogy \u2192 math \u2192 code \u2192 why) introduced"
            f" in cell{'s' if len(cells) > 1 else ''} {_cells(cells)}: {detail}"
        )
    return f"make the tests teach: add {detail}"
