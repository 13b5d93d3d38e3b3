"""SPEC 7: the module summary — counts, distribution, scaffolding score, grade, targets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from operator import attrgetter

from .config import grade_for
from .guidance import Block, Guidance, needs_steps
from .metrics import counted
from .named_tuple import NamedTuple
from .patterns.score import NOT_APPLICABLE, Parts, recommendation
from .typing_names import Any

Json = dict[str, Any]
DASH = "\u2013"  # en dash for ranges in messages (spelled out: ruff flags the literal)
TIMES = "\N{MULTIPLICATION SIGN}"
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
PART_ORDER = ("G", "F", "L", "B", "P", "C", "T")
MARKERS = ("TODO", "APPROACH", "EXAMPLE", "HINTS")


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
    # Cell-local facts precomputed once per cached cell (see ``row_facts``), so the summary,
    # which runs on every request, only counts.  Read for solution rows only.
    present: tuple[str, ...]  # guidance markers present, in MARKERS order
    block_score: float  # B part: 1, 0.5 or 0
    block_reason: str | None  # why the B part is below 1, without the "cell N: " prefix


def row_facts(
    guidance: Guidance | None, blocks: Sequence[Block], config: Mapping[str, Any], sloc: int
) -> tuple[tuple[str, ...], float, str | None]:
    """``Row.present``, ``Row.block_score`` and ``Row.block_reason`` of a cell.

    A cell no longer than the first SLOC band (``sloc_bands[0]``) reads without numbered
    steps (``needs_steps``), so it lacks nothing without an APPROACH list: a one-line
    exercise ("TODO: call model.evaluate") is not asked for steps."""
    present = tuple(guidance.present) if guidance else ()
    low, high, limit = (
        config["min_approach_steps"],
        config["max_approach_steps"],
        config["max_block_sloc"],
    )
    long_blocks = [b for b in blocks if b.sloc > limit]
    approaches = guidance.approaches if guidance else ()
    wrong = [a.steps for a in approaches if not low <= a.steps <= high and needs_steps(a, config)]
    steps_ok = not wrong and (bool(approaches) or sloc <= config["sloc_bands"][0])
    if long_blocks:
        return present, 0.0, f"block of {max(b.sloc for b in long_blocks)} SLOC"
    if not steps_ok:
        detail = "no APPROACH steps" if not approaches else f"{max(wrong)} APPROACH steps"
        return present, 0.5, detail
    return present, 1.0, None


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
    counts = dict.fromkeys(MARKERS, 0)
    # Tallied per distinct marker combination (at most 16): sums of quarters are exact in
    # floating point, so this equals the per-row running sum.
    total = 0.0
    for present, times in Counter(map(_PRESENT, solutions)).items():
        for name in present:
            counts[name] += times
        total += len(present) / 4 * times
    weak = [row.cell for row in solutions if len(row.present) < 4]
    lacks: list[str] = []
    for row in solutions:
        if len(lacks) == 4:
            break
        if len(row.present) < 4:
            missing = [name for name in MARKERS if name not in row.present]
            lacks.append(f"cell {row.cell + 1} lacks {', '.join(missing)}")
    n = len(solutions)
    found = sum(counts.values())
    each = ", ".join(f"{name} in {count}/{n}" for name, count in counts.items())
    why = f"{found} of {4 * n} guidance markers over {counted(n, 'solution cell')}: {each}"
    return _part(total / n, why, weak), "; ".join(lacks)


_PRESENT = attrgetter("present")
_ROLE = attrgetter("role")
_TYPE = attrgetter("cell_type")
_LINES = attrgetter("lines")


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
    verb = "is" if tested == 1 else "are"
    why = f"{tested} of {counted(n, 'solution cell')} {verb} followed by a test cell"
    return _part(tested / n, why, untested)


def _load_part(facing: Sequence[Row], limit: int) -> Json:
    """``facing``: the live solution and markdown rows."""
    if not facing:
        return _part(None, "no solution or markdown cells: not applicable", [])
    heavy = [row.cell for row in facing if row.new_count > limit]
    light = len(facing) - len(heavy)
    verb = "introduces" if light == 1 else "introduce"
    why = (
        f"{light} of {counted(len(facing), 'solution/markdown cell')} {verb} ≤ {limit} new concepts"
    )
    return _part(light / len(facing), why, heavy)


def _blocks_part(solutions: Sequence[Row], config: Mapping[str, Any]) -> tuple[Json, str]:
    """B: the mean of the solution cells' block scores, and a why that shows that mean.

    The why counts the cells at each score (1, 0.5, 0) with what earns it, and names the
    largest BEGIN/END SOLUTION block: B measures blocks, not cells, so a long cell whose block
    is short scores 1 here while ``cell-sloc`` flags the cell.
    """
    if not solutions:
        return _part(None, "no solution cells: not applicable", []), ""
    low, high, limit = (
        config["min_approach_steps"],
        config["max_approach_steps"],
        config["max_block_sloc"],
    )
    at_score = Counter(map(_BLOCK_SCORE, solutions))
    # Halves and wholes: the sum is exact, like the per-row running sum.
    total = sum(score * times for score, times in at_score.items())
    weak = [row.cell for row in solutions if row.block_score < 1]
    reasons: list[str] = []
    for row in solutions:
        if row.block_reason is not None:
            reasons.append(f"cell {row.cell + 1}: {row.block_reason}")
            if len(reasons) == 4:
                break
    n = len(solutions)
    band = config["sloc_bands"][0]  # up to it a cell needs no APPROACH (row_facts)
    meanings = (
        (
            1.0,
            f"blocks ≤ {limit} SLOC and an APPROACH, {low}{DASH}{high} steps where needed "
            f"(none up to {band} SLOC)",
        ),
        (0.5, f"blocks ≤ {limit} SLOC but no APPROACH, or not {low}{DASH}{high} steps"),
        (0.0, f"a block over {limit} SLOC"),
    )
    shares = ", ".join(
        f"{at_score[score]} {TIMES} {score:g} ({meaning})"
        for score, meaning in meanings
        if at_score[score]
    )
    sizes = [block.sloc for row in solutions for block in row.blocks]
    largest = (
        f"largest BEGIN/END SOLUTION block {max(sizes)} SLOC"
        if sizes
        else "no BEGIN/END SOLUTION block (a cell's own length is the cell-sloc rule's)"
    )
    why = f"mean over {counted(n, 'solution cell')}: {shares}; {largest}"
    return _part(total / n, why, weak), "; ".join(reasons)


_BLOCK_SCORE = attrgetter("block_score")


def _progression_part(cliffs: Sequence[Json]) -> Json:
    value = 1.0 if not cliffs else 0.5 if len(cliffs) == 1 else 0.0
    cells = []
    for cliff in cliffs:
        cells.append(cliff["to_index"])
    count = counted(len(cliffs), "complexity cliff") if cliffs else "no complexity cliffs"
    why = f"{count}: 1 with none, 0.5 with one, 0 with more"
    return _part(value, why, cells)


def summarise(
    rows: Sequence[Row],
    cliffs: Sequence[Json],
    config: Mapping[str, Any],
    pattern_parts: Parts = NOT_APPLICABLE,
) -> Json:
    high = config["high_complexity"]
    # Counted with C-level helpers (Counter, map, comprehensions) rather than one Python
    # loop: this runs on every request, for notebooks of up to thousands of cells.
    by_role = dict.fromkeys(ROLES, 0)
    for role, times in Counter(map(_ROLE, rows)).items():
        by_role[role] += times
    types = Counter(map(_TYPE, rows))
    by_type = {name: types.get(name, 0) for name in ("code", "markdown", "raw")}
    total_lines = sum(map(_LINES, rows))
    live = [row for row in rows if not row.ignored]
    ignored = len(rows) - len(live)
    c, c_detail, t, t_detail, unfilled = pattern_parts
    # A solution cell that still holds a template's blanks earns nothing in G, F and B.
    scored_rows = [row for row in live if row.cell not in unfilled] if unfilled else live
    solutions = [row for row in scored_rows if row.role == "solution"]
    checkpoints = [row for row in scored_rows if row.role == "solution" or row.role == "test"]
    live_facing = [row for row in live if row.role == "solution" or row.role in MARKDOWN_ROLES]
    # Test cells have their own, looser note (SPEC 5), so the per-cell target is about
    # the code students read and write.
    longest = max(
        (row.sloc for row in live if row.cell_type == "code" and row.role != "test"), default=0
    )
    scored = [row.complexity for row in live if row.complexity is not None]
    analysed = len(scored)
    distribution = {str(level): 0 for level in range(1, 6)}
    for complexity, times in Counter(scored).items():
        distribution[str(complexity)] += times
    high_cells = sum(1 for complexity in scored if complexity >= high)
    facing_scores = [row.complexity for row in live_facing if row.complexity is not None]
    facing = len(facing_scores)
    high_facing = sum(1 for complexity in facing_scores if complexity >= high)
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
    if unfilled:
        left_out = sorted(unfilled)
        note = (
            f"; {counted(len(left_out), 'solution cell')} with a template's blanks left out"
            f" until filled (cell{'s' if len(left_out) > 1 else ''} {_cells(left_out)})"
        )
        g = {**g, "why": g["why"] + note}
        b = {**b, "why": b["why"] + note}
    parts = {
        "G": g,
        "F": _feedback_part(checkpoints, solutions),
        "L": _load_part(live_facing, config["max_new_concepts"]),
        "B": b,
        "P": _progression_part(cliffs),
        "C": c,
        "T": t,
    }
    values = [part["value"] for part in parts.values() if part["value"] is not None]
    score = round(1 + 4 * sum(values) / len(values), 1) if values else 5.0
    details = {"G": g_detail, "B": b_detail, "C": c_detail, "T": t_detail}
    recommendations = _recommendations(parts, details, cliffs, config["max_new_concepts"])
    hinted = [row for row in solutions if "HINTS" in row.present]
    return {
        "counts": counts,
        "distribution": distribution,
        "pct_high": pct_high,
        "pct_high_facing": pct_facing,
        "scaffolding": {"score": score, **parts},
        "grade": grade_for(score, config["grade_bands"]),
        "recommendations": recommendations,
        "targets": _targets(total_lines, longest, pct_high, score, solutions, hinted, config),
    }


def _recommendations(
    parts: Mapping[str, Json],
    details: Mapping[str, str],
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
            message = f"add the missing TODO / APPROACH / EXAMPLE / HINTS markers: {details['G']}"
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
            message = f"tighten the implementation blocks and APPROACH lists: {details['B']}"
        elif name in ("C", "T"):
            message = recommendation(name, cells, details[name])
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
            "unit": "lines",
            "target": f"{low}{DASH}{high} lines",
        },
        {
            "id": "cell-lines",
            "label": "longest non-test code cell",
            "met": longest <= cell_limit,
            "value": longest,
            "unit": "SLOC",
            "target": f"≤ {cell_limit} SLOC",
        },
        {
            "id": "pct-high",
            "label": "high-complexity cells",
            "met": pct_high <= config["target_pct_high"],
            "value": pct_high,
            "unit": "%",
            "target": f"≤ {config['target_pct_high']} %",
        },
        {
            "id": "score",
            "label": "scaffolding score",
            "met": score >= config["target_score"],
            "value": score,
            "unit": "",
            "target": f"≥ {config['target_score']}",
        },
        {
            "id": "hinted-cells",
            "label": "solution cells with hints",
            "met": hinted_pct is None or hinted_pct >= config["target_hinted_pct"],
            "value": hinted_pct,
            "unit": "%",
            "target": f"≥ {config['target_hinted_pct']} %",
        },
    ]
