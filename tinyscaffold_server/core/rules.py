"""SPEC 5 Rule-of-3s findings and SPEC 6 complexity cliffs.

Human messages number cells from 1 (as a reader counts them in the notebook); the
``*_index`` fields stay 0-based like everywhere else in the report.  Every suggestion names
lines or terms so the author knows where to act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from . import splits
from .guidance import Block, Guidance, needs_steps
from .source import ParsedCode

Json = dict[str, Any]
DASH = "\u2013"  # en dash for ranges in messages (spelled out: ruff flags the literal)


def _finding(
    rule: str, severity: str, message: str, suggestion: str, lines: list[int] | None = None
) -> Json:
    # cell_index is filled in by the notebook pass; cached findings are cell-independent.
    finding: Json = {
        "rule": rule,
        "severity": severity,
        "message": message,
        "suggestion": suggestion,
        "cell_index": -1,
    }
    if lines is not None:
        finding["lines"] = lines
    return finding


def split_advice(parsed: ParsedCode, limit: int) -> str:
    """Where to split a whole cell so that every part is within ``limit`` SLOC."""
    last = max(parsed.sloc_lines, default=1)
    plan = splits.plan_split(parsed.sloc_lines, splits.cell_units(parsed), 1, last, limit)
    return splits.describe(plan, limit, parsed.tree is not None)


def _length_finding(
    rule: str, severity: str, message: str, tip: str, parsed: ParsedCode, limit: int
) -> Json:
    """A whole-cell length finding whose suggestion is where to split the cell."""
    last = max(parsed.sloc_lines, default=1)
    return _finding(rule, severity, message, tip + split_advice(parsed, limit), [1, last])


def cell_findings(
    role: str,
    parsed: ParsedCode,
    guidance: Guidance | None,
    blocks: Sequence[Block],
    config: Mapping[str, Any],
) -> list[Json]:
    """Findings that depend on this cell alone (cached with it)."""
    rules = config["rules"]
    found: list[Json] = []
    if guidance is not None and rules.get("approach-steps") and role == "solution":
        low, high = config["min_approach_steps"], config["max_approach_steps"]
        for approach in guidance.approaches:
            if low <= approach.steps <= high or not needs_steps(approach, config):
                continue
            span = [approach.line, approach.last_line]
            if approach.steps < low:
                message = (
                    f"APPROACH: at line {approach.line} has {approach.steps} numbered steps "
                    f"(want {low}{DASH}{high})"
                )
                tip = (
                    f"number the steps right after `APPROACH:` (line {approach.line}) "
                    f"as `1.`, `2.`, … ({low} to {high} of them)"
                )
            else:
                cut = approach.step_lines[high]
                message = (
                    f"APPROACH: at line {approach.line} has {approach.steps} steps (limit {high})"
                )
                tip = (
                    f"group the {approach.steps} steps (lines {span[0]}{DASH}{span[1]}) into at "
                    f"most {high}, or end this exercise after step {high} and start a new one "
                    f"at step {high + 1} (line {cut})"
                )
            found.append(_finding("approach-steps", "warning", message, tip, span))
    if rules.get("block-sloc"):
        limit = config["max_block_sloc"]
        for block in blocks:
            if block.sloc <= limit:
                continue
            first, last = block.start_line + 1, block.end_line
            units = splits.block_units(parsed, first, last)
            plan = splits.plan_split(parsed.sloc_lines, units, first, last, limit)
            found.append(
                _finding(
                    "block-sloc",
                    "warning",
                    f"implementation block at lines {block.start_line}{DASH}{block.end_line} "
                    f"has {block.sloc} SLOC (limit {limit})",
                    f"{splits.describe(plan, limit, parsed.tree is not None)}"
                    + ("; make each part its own BEGIN/END SOLUTION exercise" if plan.cuts else ""),
                    [block.start_line, block.end_line],
                )
            )
    sloc = parsed.sloc
    if role in ("solution", "demo") and rules.get("cell-sloc") and sloc > config["max_cell_sloc"]:
        limit = config["max_cell_sloc"]
        message = f"{role} cell has {sloc} SLOC (limit {limit})"
        found.append(_length_finding("cell-sloc", "warning", message, "", parsed, limit))
    if role == "test" and rules.get("test-cell-sloc") and sloc > config["test_cell_note_sloc"]:
        limit = config["test_cell_note_sloc"]
        message = f"test cell has {sloc} SLOC (note above {limit})"
        tip = "one test cell per behaviour reads better: "
        found.append(_length_finding("test-cell-sloc", "info", message, tip, parsed, limit))
    return found


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def concept_groups(
    names: Sequence[str], lines: Sequence[int | None], limit: int
) -> list[tuple[int | None, list[str]]] | None:
    """The concepts in order of appearance, cut into the fewest consecutive groups of at most
    ``limit``, each with the line it starts at; cuts fall only between lines, since a cell is
    split between lines.  None when the lines are unknown or one line holds more than
    ``limit`` concepts (no split by lines can help)."""
    if any(line is None for line in lines):
        return None
    groups: list[tuple[int | None, list[str]]] = []
    at = 0
    ordered = sorted(zip(lines, names, strict=True), key=lambda pair: pair[0] or 0)
    while at < len(ordered):
        line = ordered[at][0]
        same = [name for other, name in ordered[at:] if other == line]
        if len(same) > limit:
            return None
        if groups and len(groups[-1][1]) + len(same) <= limit:
            groups[-1][1].extend(same)
        else:
            groups.append((line, list(same)))
        at += len(same)
    return groups


def _group_list(groups: Sequence[Sequence[str]]) -> str:
    shown = [f"({', '.join(group)})" for group in groups[:4]]
    if len(groups) > 4:
        shown.append(f"{len(groups) - 4} more groups")
    return _listing(shown)


def _spread_tip(
    role: str,
    names: Sequence[str],
    groups: list[tuple[int | None, list[str]]] | None,
    limit: int,
) -> str:
    """Advice for a cell with more than twice the limit: moving a few concepts cannot bring
    it within the limit without moving most of them, so the cell must become several."""
    n = len(names)
    if role != "solution" and groups is not None:
        cuts = [str(line) for line, _ in groups[1:]]
        where = _listing(cuts[:6] + ([f"{len(cuts) - 6} more"] if len(cuts) > 6 else []))
        plan = (
            f"split it into {len(groups)} cells of at most {limit} new concepts each, "
            f"before line{'s' if len(cuts) > 1 else ''} {where}: "
            f"{_group_list([group for _, group in groups])}"
        )
    else:
        rest = [list(names[i : i + limit]) for i in range(limit, n, limit)]
        unit = "exercises" if role == "solution" else "cells"
        plan = (
            f"keep {_listing(list(names[:limit]))} as this cell's new concepts and spread the "
            f"other {n - limit} over {len(rest)} more {unit} of at most {limit} each: "
            f"{_group_list(rest)}"
        )
    mark = 'metadata (`"tinyscaffold": {"concepts": [...]}`) so the rest stop counting'
    if n > 4 * limit:  # so many that most are likely mentions rather than ideas taught here
        return (
            f"{n} new concepts are far more than the limit of {limit}: list the ones this cell "
            f"really teaches in its {mark}; or, if it teaches them all, {plan}"
        )
    return (
        f"{n} new concepts are more than twice the limit, so moving a few will not do: {plan}; "
        f"or, if not all of them are ideas this cell teaches, list the ones it does in its {mark}"
    )


def new_concepts_finding(
    role: str,
    names: Sequence[str],
    lines: Sequence[int | None],
    above: tuple[int, int] | None,
    config: Mapping[str, Any],
) -> Json | None:
    """Too many new concepts in a solution or markdown cell.

    ``above``: (0-based index, its own new-concept count) of the markdown cell right above,
    if there is one.  The advice never asks to move more than half of the cell's concepts
    (beyond twice the limit the cell has to become several), and names the cell above as
    the place to move them only when it stays within the limit afterwards.
    """
    limit = config["max_new_concepts"]
    if len(names) <= limit or not config["rules"].get("new-concepts"):
        return None
    n = len(names)
    message = f"{n} new concepts (limit {limit}): {', '.join(names)}"
    groups = concept_groups(names, lines, limit)
    if n > 2 * limit:
        return _finding("new-concepts", "warning", message, _spread_tip(role, names, groups, limit))
    extra = list(names[limit:])
    if role == "solution":
        moved = _listing([f"`{name}`" for name in extra])
        why = "so the code only uses ideas already explained"
        if above is not None and above[1] + len(extra) <= limit:
            tip = (
                f"explain {moved} in the markdown cell above (cell {above[0] + 1}, which then "
                f"introduces {above[1] + len(extra)} new concepts), {why}"
            )
        else:
            tip = f"explain {moved} in a new markdown cell right above this one, {why}"
            if above is not None:
                tip += (
                    f" (the markdown cell above, cell {above[0] + 1}, already introduces "
                    f"{above[1]} new concepts: {len(extra)} more would put it over {limit})"
                )
    elif groups is not None:
        # A split, not a move: which part is "the separate cell" is the author's choice.
        later = groups[1:]
        if len(later) == 1:
            first, second = groups[0][1], later[0][1]
            tip = (
                f"split it before line {later[0][0]}: the first part keeps "
                f"{_listing(first)}, the second introduces {_listing(second)}"
            )
        else:
            cuts = _listing([str(line) for line, _ in later])
            tip = (
                f"split it before lines {cuts}: parts introducing "
                f"{_group_list([group for _, group in groups])}"
            )
    else:
        tip = f"introduce {_listing(extra)} in a separate cell"
    return _finding("new-concepts", "warning", message, tip)


def solution_level_findings(
    members: Sequence[tuple[int, int]], config: Mapping[str, Any], hint: Callable[[int], str | None]
) -> dict[int, Json]:
    """Module-wide levels along solution cells, reported on the cell that breaks them.

    ``members``: (cell index, complexity) in notebook order; ``hint(index)`` says how to
    reduce a cell (only asked for the few cells that get a finding).
    """
    if not config["rules"].get("solution-levels"):
        return {}
    max_levels, max_level = config["max_solution_levels"], config["max_solution_level"]
    seen: list[int] = []
    found: dict[int, Json] = {}
    for index, level in members:
        problems = []
        if level not in seen:
            seen.append(level)
            if len(seen) == max_levels + 1:
                used = ", ".join(str(v) for v in seen[:-1])
                problems.append(
                    f"complexity {level} is distinct level {len(seen)} along the solution "
                    f"cells (levels before: {used}; limit {max_levels})"
                )
        if level > max_level:
            problems.append(f"complexity {level} is above the solution-cell maximum {max_level}")
        if problems:
            allowed = sorted(v for v in seen[:max_levels] if v <= max_level)
            if allowed and len(seen) > max_levels:
                goal = f"one of the levels already used ({', '.join(map(str, allowed))})"
            else:
                goal = f"complexity {max_level} or less"
            advice = hint(index)
            found[index] = _finding(
                "solution-levels",
                "warning",
                "; ".join(problems),
                f"bring this cell to {goal}" + (f": {advice}" if advice else ""),
            )
    return found


def cliffs(
    track: str,
    members: Sequence[tuple[int, int]],
    config: Mapping[str, Any],
    hint: Callable[[int], str | None],
) -> list[Json]:
    """SPEC 6 along one track: (cell index, complexity) in notebook order."""
    jump = config["cliff_jump"]
    found = []
    label = "solution cells" if track == "solution" else "explanation cells"
    for (a, cx_a), (b, cx_b) in pairwise(members):
        if cx_b - cx_a < jump:
            continue
        middle = f"{cx_a + 1}{DASH}{cx_b - 1}" if cx_b - cx_a > 2 else str(cx_a + 1)
        kind = "a smaller exercise" if track == "solution" else "a shorter explanation"
        found.append(
            {
                "track": track,
                "from_index": a,
                "to_index": b,
                "from": cx_a,
                "to": cx_b,
                "message": (
                    f"complexity {cx_a} → {cx_b} between cells {a + 1} and {b + 1} ({label})"
                ),
                "suggestion": (
                    f"add a stepping stone between cells {a + 1} and {b + 1} ({kind} at "
                    f"complexity {middle})"
                    + (f", or reduce cell {b + 1}: {advice}" if (advice := hint(b)) else "")
                ),
            }
        )
    return found


def reduce_hint(terms: Sequence[Json], split: str | None) -> str | None:
    """What most drives a cell's complexity, phrased as the next step; None when nothing
    should change.

    ``split`` is the split advice of a cell over the cell SLOC limit, None within it: a
    cell within the limit gets no SLOC advice (its length is allowed), so its next step comes
    from the other terms.
    """
    scored = [
        t
        for t in terms
        if t["name"] != "base" and t["points"] > 0 and (t["name"] != "sloc" or split)
    ]
    if not scored:
        return None
    top = max(scored, key=lambda t: t["points"])
    if top["name"] == "sloc":
        return f"{top['text']}; {split}"
    if top["name"] == "cc":
        return f"{top['text']}; move branches into helper functions"
    if top["name"] == "words":
        return f"{top['text']}; shorten the prose or split it into two cells"
    if top["name"] == "math":
        return f"{top['text']}; spread the equations over more cells with prose between"
    if top["name"] == "new_concepts":
        return f"{top['text']}; introduce some of them in an earlier cell"
    return str(top["text"])
