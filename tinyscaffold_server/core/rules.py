"""SPEC 5 Rule-of-3s findings and SPEC 6 complexity cliffs.

Human messages number cells from 1 (as a reader counts them in the notebook); the
``*_index`` fields stay 0-based like everywhere else in the report.  Every suggestion names
lines or terms so the author knows where to act.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from .guidance import Block, Guidance
from .source import ParsedCode

Json = dict[str, Any]
DASH = "\u2013"  # en dash for ranges in messages (spelled out: ruff flags the literal)
Candidate = tuple[int, "str | None"]  # (first line incl. decorators, def/class name)


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


def _start(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return int(min([node.lineno] + [d.lineno for d in decorators]))


def _name(node: ast.stmt) -> str | None:
    return (
        getattr(node, "name", None)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        else None
    )


def cell_candidates(parsed: ParsedCode) -> tuple[Candidate, ...]:
    """Where a long cell can be split: top-level statements and methods of top-level classes."""
    if parsed.tree is None:
        return ()
    found: list[Candidate] = []
    for node in parsed.tree.body:
        found.append((_start(node), _name(node)))
        if isinstance(node, ast.ClassDef):
            found.extend((_start(child), _name(child)) for child in node.body[1:])
    return tuple(sorted(found, key=lambda item: item[0]))


def block_candidates(parsed: ParsedCode, first: int, last: int) -> tuple[Candidate, ...]:
    """Statements inside lines first..last at the outermost indentation found there."""
    if parsed.tree is None:
        return ()
    inside: list[tuple[int, int, str | None]] = []
    stack: list[ast.AST] = [parsed.tree]
    while stack:
        node = stack.pop()
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, field, None) or ():
                if isinstance(child, ast.stmt):
                    end = child.end_lineno or child.lineno
                    if first <= child.lineno <= last:
                        inside.append((child.col_offset, _start(child), _name(child)))
                    elif child.lineno < first <= end:
                        stack.append(child)
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    stack.append(child)
    if not inside:
        return ()
    outer = min(col for col, _, _ in inside)
    return tuple(sorted((line, name) for col, line, name in inside if col == outer))


def plan_split(
    code_lines: Iterable[int], candidates: Sequence[Candidate], first: int, last: int, limit: int
) -> tuple[list[Candidate], list[int]]:
    """Greedy cut points so each part stays within ``limit`` SLOC where the candidates allow.

    Returns the cuts and the SLOC of each resulting part.  Without candidates (unparseable
    code) the cut falls after every ``limit`` code lines.
    """
    lines = sorted(n for n in code_lines if first <= n <= last)

    def count(lo: int, hi: int) -> int:  # code lines in lo..hi-1
        return bisect_left(lines, hi) - bisect_left(lines, lo)

    if not candidates:
        cuts: list[Candidate] = [(lines[i], None) for i in range(limit, len(lines), limit)]
    else:
        points = [c for c in candidates if first < c[0] <= last]
        cuts = []
        start = first
        for position, (line, name) in enumerate(points):
            upto = points[position + 1][0] - 1 if position + 1 < len(points) else last
            if count(start, line) and count(start, upto + 1) > limit:
                cuts.append((line, name))
                start = line
    bounds = [first] + [line for line, _ in cuts] + [last + 1]
    sizes = [count(lo, hi) for lo, hi in pairwise(bounds)]
    return cuts, sizes


def describe_split(cuts: Sequence[Candidate], sizes: Sequence[int], limit: int) -> str:
    if not cuts:
        return f"simplify it: there is no statement boundary that brings it to ≤ {limit} SLOC"
    named = [
        f"line {line} (where `{name}` starts)" if name else f"line {line}"
        for line, name in cuts[:4]
    ]
    if len(cuts) > 4:
        named.append(f"{len(cuts) - 4} more places")
    places = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    parts = ", ".join(str(size) for size in sizes[:-1]) + f" and {sizes[-1]}"
    text = f"split at {places} into {len(sizes)} parts of {parts} SLOC"
    if max(sizes) > limit:
        text += f"; the {max(sizes)}-SLOC part still needs simplifying"
    return text


def _length_finding(
    rule: str, severity: str, message: str, tip: str, parsed: ParsedCode, limit: int
) -> Json:
    """A whole-cell length finding whose suggestion is where to split the cell."""
    last = max(parsed.sloc_lines, default=1)
    cuts, sizes = plan_split(parsed.sloc_lines, cell_candidates(parsed), 1, last, limit)
    return _finding(rule, severity, message, tip + describe_split(cuts, sizes, limit), [1, last])


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
            if low <= approach.steps <= high:
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
            cuts, sizes = plan_split(
                parsed.sloc_lines,
                block_candidates(parsed, block.start_line + 1, block.end_line),
                block.start_line + 1,
                block.end_line,
                limit,
            )
            found.append(
                _finding(
                    "block-sloc",
                    "warning",
                    f"implementation block at lines {block.start_line}{DASH}{block.end_line} "
                    f"has {block.sloc} SLOC (limit {limit})",
                    f"{describe_split(cuts, sizes, limit)}; "
                    "make each part its own BEGIN/END SOLUTION exercise",
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


def new_concepts_finding(
    role: str,
    names: Sequence[str],
    lines: Sequence[int | None],
    above: int | None,
    config: Mapping[str, Any],
) -> Json | None:
    """Too many new concepts in a solution or markdown cell (``above`` = 0-based index of the
    markdown cell right above, if there is one)."""
    limit = config["max_new_concepts"]
    if len(names) <= limit or not config["rules"].get("new-concepts"):
        return None
    extra = list(names[limit:])
    listed = ", ".join(names)
    moved = ", ".join(extra)
    message = f"{len(names)} new concepts (limit {limit}): {listed}"
    if role == "solution":
        target = (
            f"the markdown cell above (cell {above + 1})"
            if above is not None
            else "a new markdown cell above"
        )
        tip = (
            f"move {len(extra)} of the {len(names)} new concepts — {moved} — into {target}, "
            "so the code only uses ideas already explained"
        )
    else:
        at = lines[limit]
        where = f" at line {at}, where {extra[0]} first appears" if at else ""
        tip = (
            f"introduce {len(extra)} of the {len(names)} new concepts — {moved} — "
            f"in a separate cell: split this one{where}"
        )
    return _finding("new-concepts", "warning", message, tip)


def solution_level_findings(
    members: Sequence[tuple[int, int]], config: Mapping[str, Any], hint: Callable[[int], str]
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
            found[index] = _finding(
                "solution-levels",
                "warning",
                "; ".join(problems),
                f"bring this cell to {goal}: {hint(index)}",
            )
    return found


def cliffs(
    track: str,
    members: Sequence[tuple[int, int]],
    config: Mapping[str, Any],
    hint: Callable[[int], str],
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
                    f"complexity {middle}), or reduce cell {b + 1}: {hint(b)}"
                ),
            }
        )
    return found


def reduce_hint(terms: Sequence[Json], split: str | None) -> str:
    """What most drives a cell's complexity, phrased as the next step."""
    scored = [t for t in terms if t["name"] != "base" and t["points"] > 0]
    if not scored:
        return "it is already at the lowest level"
    top = max(scored, key=lambda t: t["points"])
    if top["name"] == "sloc" and split:
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
