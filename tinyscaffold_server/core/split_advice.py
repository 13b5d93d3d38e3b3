"""The length plan of a cell (``splits.LengthPlan``) as advice, with line links.

Every hint about a cell's length is worded here from the one plan: ``cell-sloc`` and
``test-cell-sloc`` (the cell's split, or what to move out of a statement too long for any
part), ``block-sloc`` (the BEGIN/END block's exercise cuts), and the SLOC advice inside
``solution-levels`` and the cliffs.  A block inside such a statement is cut where the
statement is cut, and the cell's advice quotes the block's advice word for word, so no two
hints name different lines or sizes for the same code.
"""

from __future__ import annotations

from collections.abc import Sequence

from .phrases import Phrase, lines, listing, number
from .splits import BlockPlan, CellPlan, Plan, Unit

_EXERCISES = "; make each part its own BEGIN/END SOLUTION exercise"


def _where(unit: Unit) -> Phrase:
    plain = unit.label.startswith("the ")  # a def, class or method is worth naming
    return "before " + lines(unit.line) + ("" if plain else f" ({unit.label})")


def _sizes(sizes: Sequence[int]) -> str:
    return listing([str(size) for size in sizes]).text


def statement(label: str, first: int, last: int, sloc: int) -> Phrase:
    """One wording for a statement wherever a hint names it: "`def f` (lines 3-40) has 31
    SLOC"."""
    return f"{label} (" + lines(first, last) + f") has {sloc} SLOC"


def _too_long(plan: Plan, limit: int) -> Phrase:
    head = f"no statement boundary keeps every part within {limit} SLOC"
    if plan.too_long is None:  # no statement starts inside the lines at all
        return Phrase(head + ": extract parts of it into helper functions")
    unit, start, end, size = plan.too_long
    return head + ": " + statement(unit.label, start, end, size) + " on its own"


def _others(count: int, limit: int) -> str:
    if not count:
        return ""
    return f" ({count} more statement{'s' if count > 1 else ''} over {limit} SLOC too)"


def describe(plan: Plan, limit: int, parseable: bool = True) -> Phrase:
    """A plan as advice: where to cut and the size of every part, or what to extract."""
    if plan.sizes and not plan.cuts:
        return Phrase(f"it is within {limit} SLOC: no split needed")
    if plan.cuts:
        if len(plan.cuts) <= 4:
            places = listing([_where(unit) for unit in plan.cuts])
        else:
            places = "before lines " + listing([number(unit.line) for unit in plan.cuts])
        text = "split it " + places + f": {len(plan.sizes)} parts of {_sizes(plan.sizes)} SLOC"
        reopened = sorted({unit.owner for unit in plan.cuts if unit.owner})
        if reopened:
            classes = ", ".join(f"`{name}`" for name in reopened)
            headers = ", ".join(f"`class {name}({name}):`" for name in reopened)
            text += (
                f" (a part that starts inside class {classes} reopens it with {headers}; "
                "that line is counted)"
            )
        return text
    if not parseable:
        return Phrase(
            "the cell does not parse, so its statements are unknown: fix the syntax first"
        )
    text = _too_long(plan, limit)
    if plan.too_long is not None:
        text += "; extract parts of it into helper functions" + _others(plan.others_too_long, limit)
    return text


def describe_block(block: BlockPlan) -> Phrase:
    """The ``block-sloc`` suggestion."""
    text = describe(block.plan, block.limit)
    return text + _EXERCISES if block.plan.cuts else text


def describe_cell(cell: CellPlan) -> Phrase:
    """The ``cell-sloc`` / ``test-cell-sloc`` suggestion (and the SLOC advice of other hints)."""
    extraction = cell.extraction
    if cell.plan.sizes or extraction is None or not extraction.moved:
        return describe(cell.plan, cell.limit, cell.parseable)
    text = _too_long(cell.plan, cell.limit)
    block = extraction.block
    if block is not None:
        text += (
            "; for its BEGIN/END SOLUTION block ("
            + lines(block.start, block.end)
            + "): "
            + describe_block(block)
        )
    moved = [lines(part.first, part.last) + f" ({part.sloc} SLOC)" for part in extraction.moved]
    helpers = "a helper function" if len(moved) == 1 else "a helper function each"
    text += (
        "; move "
        + listing(moved)
        + f" into {helpers} in a cell of its own above this one, leaving a call behind"
    )
    rest = extraction.rest
    if rest is None:
        return text
    if rest.sizes and not rest.cuts:
        return text + f"; the cell then has {rest.sizes[0]} SLOC"
    if rest.cuts:
        return text + "; then " + describe(rest, cell.limit)
    if rest.too_long is None:
        return text
    unit, start, end, size = rest.too_long
    if unit == extraction.unit:
        return text + f"; with the calls it would still have {size} SLOC: move more of it out"
    other = statement(unit.label, start, end, size)
    return text + "; " + other + " on its own too: extract parts of it"
