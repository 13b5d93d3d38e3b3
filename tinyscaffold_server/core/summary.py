"""SPEC 7: the module summary — counts, distribution, scaffolding score, grade, targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .guidance import Block, Guidance

Json = dict[str, Any]
DASH = "\u2013"  # en dash for ranges in messages (spelled out: ruff flags the literal)
ROLES = (
    "solution",
    "test",
    "hidden",
    "library",
    "demo",
    "test_intro",
    "explanation",
    "raw",
    "other",
)
MARKDOWN_ROLES = ("test_intro", "explanation")
PART_ORDER = ("G", "F", "L", "B", "P")


class Row(NamedTuple):
    """What the summary needs from one cell."""

    cell: int  # 0-based index in the notebook
    cell_type: str
    role: str
    ignored: bool
    complexity: int | None
    lines: int
    sloc: int
    guidance: Guidance | None
    blocks: tuple[Block, ...]
    new_count: int


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _cells(indexes: Sequence[int], limit: int = 6) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:limit])
    return shown + (f" and {len(indexes) - limit} more" if len(indexes) > limit else "")


def _part(value: float | None, why: str, cells: list[int]) -> Json:
    return {"value": None if value is None else round(value, 4), "why": why, "cells": cells}


def _guidance_part(solutions: Sequence[Row]) -> tuple[Json, str]:
    if not solutions:
        return _part(None, "no solution cells: not applicable", []), ""
    counts = {"TODO": 0, "APPROACH": 0, "EXAMPLE": 0, "HINTS": 0}
    weak: list[int] = []
    lacks: list[str] = []
    total = 0.0
    for row in solutions:
        present = row.guidance.present if row.guidance else []
        for name in present:
            counts[name] += 1
        total += len(present) / 4
        if len(present) < 4:
            weak.append(row.cell)
            missing = [name for name in counts if name not in present]
            lacks.append(f"cell {row.cell + 1} lacks {', '.join(missing)}")
    n = len(solutions)
    why = ", ".join(f"{name} in {count}/{n}" for name, count in counts.items())
    return _part(total / n, f"guidance markers over {n} solution cells: {why}", weak), "; ".join(
        lacks[:4]
    )


def _feedback_part(checkpoints: Sequence[Row], solutions: Sequence[Row]) -> Json:
    """``checkpoints``: the live solution and test rows, in notebook order."""
    if not solutions:
        return _part(None, "no solution cells: not applicable", [])
    untested = []
    for position, row in enumerate(checkpoints):
        if row.role != "solution":
            continue
        following = checkpoints[position + 1] if position + 1 < len(checkpoints) else None
        if following is None or following.role != "test":
            untested.append(row.cell)
    n = len(solutions)
    tested = n - len(untested)
    return _part(
        tested / n, f"{tested} of {n} solution cells are followed by a test cell", untested
    )


def _load_part(facing: Sequence[Row], limit: int) -> Json:
    """``facing``: the live solution and markdown rows."""
    if not facing:
        return _part(None, "no solution or markdown cells: not applicable", [])
    heavy = [row.cell for row in facing if row.new_count > limit]
    light = len(facing) - len(heavy)
    why = f"{light} of {len(facing)} solution/markdown cells introduce ≤ {limit} new concepts"
    return _part(light / len(facing), why, heavy)


def _blocks_part(solutions: Sequence[Row], config: Mapping[str, Any]) -> tuple[Json, str]:
    if not solutions:
        return _part(None, "no solution cells: not applicable", []), ""
    low, high, limit = (
        config["min_approach_steps"],
        config["max_approach_steps"],
        config["max_block_sloc"],
    )
    total = 0.0
    weak: list[int] = []
    reasons: list[str] = []
    for row in solutions:
        long_blocks = [b for b in row.blocks if b.sloc > limit]
        approaches = row.guidance.approaches if row.guidance else ()
        steps_ok = bool(approaches) and all(low <= a.steps <= high for a in approaches)
        if long_blocks:
            reasons.append(f"cell {row.cell + 1}: block of {max(b.sloc for b in long_blocks)} SLOC")
        elif not steps_ok:
            total += 0.5
            detail = (
                "no APPROACH steps"
                if not approaches
                else f"{max(a.steps for a in approaches)} APPROACH steps"
            )
            reasons.append(f"cell {row.cell + 1}: {detail}")
        else:
            total += 1.0
            continue
        weak.append(row.cell)
    n = len(solutions)
    why = (
        f"{n - len(weak)} of {n} solution cells have blocks ≤ {limit} SLOC "
        f"and {low}{DASH}{high} APPROACH steps"
    )
    return _part(total / n, why, weak), "; ".join(reasons[:4])


def _progression_part(cliffs: Sequence[Json]) -> Json:
    value = 1.0 if not cliffs else 0.5 if len(cliffs) == 1 else 0.0
    cells = []
    for cliff in cliffs:
        cells.append(cliff["to_index"])
    why = (
        "no complexity cliffs"
        if not cliffs
        else f"{len(cliffs)} complexity cliff{'s' if len(cliffs) > 1 else ''}"
    )
    return _part(value, why, cells)


def _grade(score: float, bands: Mapping[str, float]) -> str:
    for grade in ("A", "B", "C", "D"):
        if score >= bands[grade]:
            return grade
    return "F"


def summarise(rows: Sequence[Row], cliffs: Sequence[Json], config: Mapping[str, Any]) -> Json:
    high = config["high_complexity"]
    # One pass over the rows gathers every count and sub-list the parts need: this runs on
    # every request, for notebooks of up to thousands of cells.
    by_role = dict.fromkeys(ROLES, 0)
    by_type = {"code": 0, "markdown": 0, "raw": 0}
    distribution = {str(level): 0 for level in range(1, 6)}
    total_lines = ignored = analysed = high_cells = facing = high_facing = longest = 0
    solutions: list[Row] = []
    checkpoints: list[Row] = []  # live solution and test rows
    live_facing: list[Row] = []  # live solution and markdown rows
    for row in rows:
        role = row.role
        by_role[role] += 1
        if row.cell_type in by_type:
            by_type[row.cell_type] += 1
        total_lines += row.lines
        if row.ignored:
            ignored += 1
            continue
        is_facing = role == "solution" or role in MARKDOWN_ROLES
        if role == "solution":
            solutions.append(row)
            checkpoints.append(row)
        elif role == "test":
            checkpoints.append(row)
        if is_facing:
            live_facing.append(row)
        # Test cells have their own, looser note (SPEC 5), so the per-cell target is about
        # the code students read and write.
        if row.cell_type == "code" and role != "test" and row.sloc > longest:
            longest = row.sloc
        complexity = row.complexity
        if complexity is None:
            continue
        analysed += 1
        distribution[str(complexity)] += 1
        is_high = complexity >= high
        high_cells += is_high
        if is_facing:
            facing += 1
            high_facing += is_high
    counts = {
        "cells": len(rows),
        **by_type,
        "other": len(rows) - sum(by_type.values()),
        "ignored": ignored,
        "analysed": analysed,
        "lines": total_lines,
        "by_role": by_role,
    }
    pct_high = _pct(high_cells, analysed)
    pct_facing = _pct(high_facing, facing)

    g, g_detail = _guidance_part(solutions)
    b, b_detail = _blocks_part(solutions, config)
    parts = {
        "G": g,
        "F": _feedback_part(checkpoints, solutions),
        "L": _load_part(live_facing, config["max_new_concepts"]),
        "B": b,
        "P": _progression_part(cliffs),
    }
    values = [part["value"] for part in parts.values() if part["value"] is not None]
    score = round(1 + 4 * sum(values) / len(values), 1) if values else 5.0
    recommendations = _recommendations(
        parts, g_detail, b_detail, cliffs, config["max_new_concepts"]
    )
    hinted = [row for row in solutions if row.guidance is not None and row.guidance.hints]
    return {
        "counts": counts,
        "distribution": distribution,
        "pct_high": pct_high,
        "pct_high_facing": pct_facing,
        "scaffolding": {"score": score, **parts},
        "grade": _grade(score, config["grade_bands"]),
        "recommendations": recommendations,
        "targets": _targets(total_lines, longest, pct_high, score, solutions, hinted, config),
    }


def _recommendations(
    parts: Mapping[str, Json],
    g_detail: str,
    b_detail: str,
    cliffs: Sequence[Json],
    max_new: int,
) -> list[Json]:
    weak = [
        name for name in PART_ORDER if parts[name]["value"] is not None and parts[name]["value"] < 1
    ]
    weak.sort(key=lambda name: (parts[name]["value"], PART_ORDER.index(name)))
    result = []
    for name in weak:
        cells = parts[name]["cells"]
        listed = _cells(cells)
        if name == "G":
            message = f"add the missing TODO / APPROACH / EXAMPLE / HINTS markers: {g_detail}"
        elif name == "F":
            plural = "s" if len(cells) > 1 else ""
            message = (
                f"follow solution cell{plural} {listed} with a test cell before the next exercise"
            )
        elif name == "L":
            plural = "s" if len(cells) > 1 else ""
            message = (
                f"spread the new concepts of cell{plural} {listed} over more cells "
                f"(≤ {max_new} each)"
            )
        elif name == "B":
            message = f"tighten the implementation blocks and APPROACH lists: {b_detail}"
        else:
            jumps = "; ".join(c["message"] for c in cliffs[:3])
            message = f"add stepping stones where complexity jumps: {jumps}"
        result.append({"part": name, "message": message, "cells": list(cells)})
    return result


def _targets(
    lines: int,
    longest: int,
    pct_high: float,
    score: float,
    solutions: Sequence[Row],
    hinted: Sequence[Row],
    config: Mapping[str, Any],
) -> list[Json]:
    low, high = config["target_module_lines"]
    cell_limit = config["target_cell_lines"]
    hinted_pct = _pct(len(hinted), len(solutions)) if solutions else None
    return [
        {
            "id": "module-lines",
            "label": "module length",
            "met": low <= lines <= high,
            "value": lines,
            "target": f"{low}{DASH}{high} lines",
        },
        {
            "id": "cell-lines",
            "label": "longest non-test code cell (SLOC)",
            "met": longest <= cell_limit,
            "value": longest,
            "target": f"≤ {cell_limit} lines per cell",
        },
        {
            "id": "pct-high",
            "label": "high-complexity cells",
            "met": pct_high <= config["target_pct_high"],
            "value": pct_high,
            "target": f"≤ {config['target_pct_high']} %",
        },
        {
            "id": "score",
            "label": "scaffolding score",
            "met": score >= config["target_score"],
            "value": score,
            "target": f"≥ {config['target_score']}",
        },
        {
            "id": "hinted-cells",
            "label": "solution cells with hints (%)",
            "met": hinted_pct is None or hinted_pct >= config["target_hinted_pct"],
            "value": hinted_pct,
            "target": f"≥ {config['target_hinted_pct']} %",
        },
    ]
