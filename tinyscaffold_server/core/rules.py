"""SPEC 5 Rule-of-3s findings and SPEC 6 complexity cliffs.

Human messages number cells from 1 (as a reader counts them in the notebook); the
``*_index`` fields stay 0-based like everywhere else in the report.  Every suggestion names
lines or terms so the author knows where to act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from . import phrases, split_advice, splits
from .guidance import Block, Guidance, needs_steps
from .phrases import Phrase, links_json
from .source import ParsedCode
from .typing_names import Any

Json = dict[str, Any]
DASH = "\u2013"  # en dash for ranges in messages (spelled out: ruff flags the literal)


def finding(
    rule: str,
    severity: str,
    message: str,
    suggestion: Phrase | str,
    lines: list[int] | None = None,
) -> Json:
    # cell_index is filled in by the notebook pass; cached findings are cell-independent.
    if isinstance(suggestion, str):
        suggestion = Phrase(suggestion)
    finding: Json = {
        "rule": rule,
        "severity": severity,
        "message": message,
        "suggestion": suggestion.text,
        "cell_index": -1,
    }
    if lines is not None:
        finding["lines"] = lines
    if suggestion.links:
        finding["links"] = links_json(suggestion)
    return finding


def cell_limit(role: str, config: Mapping[str, Any]) -> int | None:
    """The SLOC limit of a cell of this role, None when its length is not checked."""
    if role in ("solution", "demo"):
        return int(config["max_cell_sloc"])
    if role == "test":
        return int(config["test_cell_note_sloc"])
    return None


def length_plan(
    role: str, parsed: ParsedCode, blocks: Sequence[Block], config: Mapping[str, Any]
) -> splits.LengthPlan | None:
    """The one length plan of a code cell (None when nothing in it is over a limit): what
    cell-sloc, test-cell-sloc, block-sloc and the SLOC advice of other hints all say."""
    rules = config["rules"]
    block_limit = config["max_block_sloc"]
    long_blocks = [
        splits.Span(b.start_line, b.end_line, b.sloc)
        for b in blocks
        if b.sloc > block_limit and rules.get("block-sloc")
    ]
    limit = cell_limit(role, config)
    # Solution-levels and cliffs ask how to shorten any cell over the cell limit.
    limit = limit if limit is not None else int(config["max_cell_sloc"])
    over = parsed.sloc > limit
    if not over and not long_blocks:
        return None
    return splits.length_plan(parsed, long_blocks, limit if over else None, block_limit)


def _approach_findings(guidance: Guidance, config: Mapping[str, Any]) -> list[Json]:
    low, high = config["min_approach_steps"], config["max_approach_steps"]
    found = []
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
                "number the steps right after `APPROACH:` ("
                + phrases.lines(approach.line)
                + f") as `1.`, `2.`, … ({low} to {high} of them)"
            )
        else:
            cut = approach.step_lines[high]
            message = f"APPROACH: at line {approach.line} has {approach.steps} steps (limit {high})"
            tip = (
                f"group the {approach.steps} steps ("
                + phrases.lines(span[0], span[1])
                + f") into at most {high}, or end this exercise after step {high} and start a "
                f"new one at step {high + 1} (" + phrases.lines(cut) + ")"
            )
        found.append(finding("approach-steps", "warning", message, tip, span))
    return found


def cell_findings(
    role: str,
    parsed: ParsedCode,
    guidance: Guidance | None,
    length: splits.LengthPlan | None,
    config: Mapping[str, Any],
) -> list[Json]:
    """Findings that depend on this cell alone (cached with it)."""
    rules = config["rules"]
    found: list[Json] = []
    if guidance is not None and rules.get("approach-steps") and role == "solution":
        found.extend(_approach_findings(guidance, config))
    if length is None:
        return found
    for block in length.blocks:
        found.append(
            finding(
                "block-sloc",
                "warning",
                f"implementation block at lines {block.start}{DASH}{block.end} "
                f"has {block.sloc} SLOC (limit {config['max_block_sloc']})",
                split_advice.describe_block(block),
                [block.start, block.end],
            )
        )
    cell = length.cell
    if cell is None:
        return found
    sloc, limit = parsed.sloc, cell.limit
    whole = [1, max(parsed.sloc_lines, default=1)]
    if role in ("solution", "demo") and rules.get("cell-sloc"):
        message = f"{role} cell has {sloc} SLOC (limit {limit})"
        advice = split_advice.describe_cell(cell)
        found.append(finding("cell-sloc", "warning", message, advice, whole))
    if role == "test" and rules.get("test-cell-sloc"):
        message = f"test cell has {sloc} SLOC (note above {limit})"
        tip = "one test cell per behaviour reads better: " + split_advice.describe_cell(cell)
        found.append(finding("test-cell-sloc", "info", message, tip, whole))
    return found


def solution_level_findings(
    members: Sequence[tuple[int, int]],
    config: Mapping[str, Any],
    hint: Callable[[int], Phrase | None],
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
            found[index] = finding(
                "solution-levels",
                "warning",
                "; ".join(problems),
                f"bring this cell to {goal}" + (": " + advice if advice else ""),
            )
    return found


def cliffs(
    track: str,
    members: Sequence[tuple[int, int]],
    config: Mapping[str, Any],
    hint: Callable[[int], Phrase | None],
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
                    + (f", or reduce cell {b + 1}: {advice.text}" if (advice := hint(b)) else "")
                ),
            }
        )
    return found


def reduce_hint(terms: Sequence[Json], split: Phrase | None) -> Phrase | None:
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
    text = str(top["text"])
    if top["name"] == "sloc" and split is not None:
        return text + "; " + split
    what = _NEXT_STEP.get(str(top["name"]))
    return Phrase(f"{text}; {what}" if what else text)


_NEXT_STEP = {
    "cc": "move branches into helper functions",
    "words": "shorten the prose or split it into two cells",
    "math": "spread the equations over more cells with prose between",
    "new_concepts": "introduce some of them in an earlier cell",
}
